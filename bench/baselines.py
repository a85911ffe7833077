"""Two home-made baselines over the same chunks (the index's records): SQLite FTS5 with
jieba-segmented text, and a plain substring scan. Both answer the query mix with the top
ten, the total and a snippet, as our engine does (ours also counts four facets)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

import rjieba

from bench.querymix import MixQuery
from search.engine.records import Record

_PHRASE = re.compile(r'"([^"]*)"')


@dataclass(frozen=True)
class Answer:
    records: list[Record]
    total: int
    snippets: list[str]


def _matches_filters(record: Record, filters: dict[str, tuple[str, ...]]) -> bool:
    for name, values in filters.items():
        have = record.regions if name == "region" else (getattr(record, name),)
        if not set(have) & set(values):
            return False
    return True


class Fts5Baseline:
    """The usual home-made Chinese search: jieba words joined by spaces, FTS5's unicode61
    tokenizer, bm25 with the title weighted. No traditional characters, no glossary."""

    name = "SQLite FTS5 + jieba"

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.jieba = rjieba.Jieba()
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, kind UNINDEXED, "
                        "chapter UNINDEXED, regions UNINDEXED, year UNINDEXED, "
                        "ord UNINDEXED)")
        self.db.executemany(
            "INSERT INTO docs(rowid, title, body, kind, chapter, regions, year, ord) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(n, self.segment(r.title), self.segment(r.text), r.kind, r.chapter,
              "," + ",".join(r.regions) + ",", r.year, r.order)
             for n, r in enumerate(records)])
        self.db.commit()

    def segment(self, text: str) -> str:
        return " ".join(w for w in self.jieba.cut(text.lower()) if w.strip())

    def match_expression(self, q: str) -> str:
        parts = []
        for phrase in _PHRASE.findall(q):
            words = [w for w in self.segment(phrase).split() if w.isalnum()]
            if words:
                parts.append('"' + " ".join(words) + '"')
        for word in self.segment(_PHRASE.sub(" ", q)).split():
            if any(c.isalnum() for c in word):
                parts.append('"' + word.replace('"', '""') + '"')
        return " AND ".join(parts)

    def where(self, filters: dict[str, tuple[str, ...]]) -> tuple[str, list[str]]:
        clauses, args = [], []
        for name, values in filters.items():
            if name == "region":
                clauses.append("(" + " OR ".join("regions LIKE ?" for _ in values) + ")")
                args += [f"%,{v},%" for v in values]
            else:
                clauses.append(f"{name} IN ({','.join('?' for _ in values)})")
                args += list(values)
        return "".join(f" AND {c}" for c in clauses), args

    def search(self, query: MixQuery) -> Answer:
        where, args = self.where(query.filters)
        expression = self.match_expression(query.q) if query.q else ""
        if expression:
            rows = self.db.execute(
                "SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 24) FROM docs "
                f"WHERE docs MATCH ?{where} ORDER BY bm25(docs, 5.0, 1.0) LIMIT 10",
                [expression, *args]).fetchall()
            total = self.db.execute(f"SELECT count(*) FROM docs WHERE docs MATCH ?{where}",
                                    [expression, *args]).fetchone()[0]
        elif query.q:
            return Answer([], 0, [])
        else:
            order = "year DESC, ord" if query.sort == "date" else "ord"
            rows = self.db.execute(f"SELECT rowid, '' FROM docs WHERE 1{where} "
                                   f"ORDER BY {order} LIMIT 10", args).fetchall()
            total = self.db.execute(f"SELECT count(*) FROM docs WHERE 1{where}",
                                    args).fetchone()[0]
        return Answer([self.records[rowid] for rowid, _ in rows], total,
                      [snippet for _, snippet in rows])


class ScanBaseline:
    """grep, more or less: every word of the query must occur as a substring (case
    folded); the records with the most occurrences first."""

    name = "substring scan"

    def __init__(self, records: list[Record]) -> None:
        self.records = records
        self.texts = [f"{r.title}\n{r.text}".lower() for r in records]

    def search(self, query: MixQuery) -> Answer:
        needles = [p for p in _PHRASE.findall(query.q.lower()) if p]
        needles += _PHRASE.sub(" ", query.q.lower()).split()
        found = []
        for record, text in zip(self.records, self.texts, strict=True):
            if not _matches_filters(record, query.filters):
                continue
            if all(n in text for n in needles):
                found.append((sum(text.count(n) for n in needles), record))
        if needles:
            found.sort(key=lambda item: -item[0])
        elif query.sort == "date":
            found.sort(key=lambda item: item[1].date, reverse=True)
        top = [record for _, record in found[:10]]
        return Answer(top, len(found), [self.snippet(r.text, needles) for r in top])

    @staticmethod
    def snippet(text: str, needles: list[str]) -> str:
        """150 characters around the first needle, with <mark> around it."""
        if not needles:
            return text[:150]
        at = text.lower().find(needles[0])
        start = max(0, at - 60)
        window = text[start:start + 150]
        return re.sub(re.escape(needles[0]), lambda m: f"<mark>{m.group()}</mark>", window,
                      flags=re.IGNORECASE)
