"""Relevance evaluation on judged queries: hit@5 and MRR@10 per language group.

The relevance rule is the one ``shared/eval/score.py`` applies to the JSON API, so this
command, run in process, agrees with that script run against a server.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from search.document.model import CorpusError, squash


@dataclass(frozen=True)
class Judgment:
    title: str
    under: str | None = None
    exact: bool = False


@dataclass(frozen=True)
class JudgedQuery:
    id: str
    lang: str
    q: str
    relevant: tuple[Judgment, ...]


@dataclass(frozen=True)
class Outcome:
    query: JudgedQuery
    rank: int | None  # of the first relevant result among the first 10
    top: tuple[str, ...]  # titles of the first results

    def hit(self, k: int = 5) -> bool:
        return self.rank is not None and self.rank <= k


@dataclass(frozen=True)
class GroupScore:
    lang: str
    queries: int
    hit_at_k: float
    mrr: float


def is_relevant(title: str, breadcrumbs: Sequence[str], judgment: Judgment) -> bool:
    title = squash(title or "")
    crumbs = [squash(c) for c in breadcrumbs]
    want = squash(judgment.title)
    ok = want in title or (not judgment.exact and any(want in c for c in crumbs))
    if ok and judgment.under:
        under = squash(judgment.under)
        ok = under in title or any(under in c for c in crumbs)
    return ok


def load_judgments(path: Path) -> list[JudgedQuery]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CorpusError(str(path), 0, f"cannot read: {exc.strerror}") from None
    except ValueError as exc:
        raise CorpusError(str(path), getattr(exc, "lineno", 0), f"not valid JSON: {exc}") \
            from None
    try:
        return [
            JudgedQuery(item["id"], item["lang"], item["q"], tuple(
                Judgment(j["title"], j.get("under"), bool(j.get("exact"))) for j in item["rel"]
            ))
            for item in data
        ]
    except (KeyError, TypeError) as exc:
        raise CorpusError(str(path), 0, f"not a list of judged queries: {exc!r}") from None


Searcher = Callable[[str], Sequence[tuple[str, Sequence[str]]]]  # q → [(title, crumbs)]


def evaluate(queries: Sequence[JudgedQuery], run: Searcher) -> list[Outcome]:
    outcomes = []
    for judged in queries:
        results = list(run(judged.q))[:10]
        rank = next((i for i, (title, crumbs) in enumerate(results, start=1)
                     if any(is_relevant(title, crumbs, j) for j in judged.relevant)), None)
        outcomes.append(Outcome(judged, rank, tuple(t for t, _ in results[:3])))
    return outcomes


def scores(outcomes: Sequence[Outcome], k: int = 5) -> list[GroupScore]:
    """Per language group (sorted), then the overall line with lang "all"."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.query.lang, []).append(outcome)

    def score(lang: str, items: list[Outcome]) -> GroupScore:
        hits = sum(o.hit(k) for o in items)
        rr = sum(1.0 / o.rank for o in items if o.rank)
        return GroupScore(lang, len(items), hits / len(items), rr / len(items))

    lines = [score(lang, items) for lang, items in sorted(groups.items())]
    if outcomes:
        lines.append(score("all", list(outcomes)))
    return lines
