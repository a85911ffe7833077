"""Relevance evaluation on judged queries: hit@5 and MRR@10 per group; for questions whose
answer is a figure, whether the first result's snippet holds it (answer@1); for topics the
report doesn't cover, whether the search said so (no results, or results marked partial);
and whether every Chinese query's first five snippets are Chinese (zh-snippets).

The rules are those ``shared/eval/score.py`` and ``score3.py`` apply to the JSON API, so
the ``evaluate`` command, run in process, agrees with those scripts run against a server.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
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
    lang: str  # the group
    q: str
    relevant: tuple[Judgment, ...]
    answer: tuple[str, ...] = ()  # strings one of which the first snippet must hold
    absent: bool = False  # the report does not cover it

    @property
    def english(self) -> bool:
        return not CJK.search(self.q)


@dataclass(frozen=True)
class Result:
    title: str
    breadcrumbs: tuple[str, ...]
    snippet: str = ""


@dataclass(frozen=True)
class Ran:
    """What a search gave, as the evaluation reads it."""

    results: tuple[Result, ...]
    total: int = 0
    partial: bool = False


@dataclass(frozen=True)
class Outcome:
    query: JudgedQuery
    rank: int | None  # of the first relevant result among the first 10
    top: tuple[str, ...]  # titles of the first results
    answered: bool | None = None  # the first snippet holds the answer (answer queries)
    said_absent: bool | None = None  # no results or partial ones (absent queries)
    chinese_snippets: bool | None = None  # the first five are Chinese (Chinese queries)

    def hit(self, k: int = 5) -> bool:
        return self.rank is not None and self.rank <= k


@dataclass(frozen=True)
class GroupScore:
    lang: str
    queries: int  # judged for relevance (absent queries aren't)
    hit_at_k: float
    mrr: float
    answers: tuple[int, int] = (0, 0)  # (answered, asked)
    absent: tuple[int, int] = (0, 0)  # (said so, absent queries)
    chinese: tuple[int, int] = field(default=(0, 0))  # (all Chinese, Chinese queries)


CJK = re.compile(r"[\u3400-\u9fff]")
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """A snippet as the answer check reads it: no tags, entities decoded, NFKC, no
    whitespace, case folded."""
    text = unicodedata.normalize("NFKC", html.unescape(_TAG.sub("", text or "")))
    return "".join(text.split()).casefold()


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
            ), tuple(item.get("answer") or ()), bool(item.get("absent")))
            for item in data
        ]
    except (KeyError, TypeError) as exc:
        raise CorpusError(str(path), 0, f"not a list of judged queries: {exc!r}") from None


Searcher = Callable[[str, bool], Ran]  # (q, English interface) → what it gave


def evaluate(queries: Sequence[JudgedQuery], run: Searcher) -> list[Outcome]:
    outcomes = []
    for judged in queries:
        ran = run(judged.q, False)
        results = ran.results[:10]
        top = tuple(r.title for r in results[:3])
        if judged.absent:
            outcomes.append(Outcome(judged, None, top,
                                    said_absent=ran.total == 0 or ran.partial))
            continue
        rank = next((i for i, r in enumerate(results, start=1)
                     if any(is_relevant(r.title, r.breadcrumbs, j) for j in judged.relevant)),
                    None)
        answered = None
        if judged.answer:  # an English question is asked of the English interface
            first = (run(judged.q, True) if judged.english else ran).results[:1]
            answered = bool(first) and any(plain(a) in plain(first[0].snippet)
                                           for a in judged.answer)
        chinese = None if judged.english else all(
            CJK.search(_TAG.sub("", r.snippet)) for r in results[:5] if plain(r.snippet))
        outcomes.append(Outcome(judged, rank, top, answered, None, chinese))
    return outcomes


def scores(outcomes: Sequence[Outcome], k: int = 5) -> list[GroupScore]:
    """Per group (sorted), then the overall line with lang "all"."""
    groups: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        groups.setdefault(outcome.query.lang, []).append(outcome)

    def score(lang: str, items: list[Outcome]) -> GroupScore:
        judged = [o for o in items if o.said_absent is None]
        hits = sum(o.hit(k) for o in judged)
        rr = sum(1.0 / o.rank for o in judged if o.rank)
        count = max(1, len(judged))

        def tally(values: list[bool | None]) -> tuple[int, int]:
            told = [v for v in values if v is not None]
            return sum(told), len(told)

        return GroupScore(lang, len(judged), hits / count, rr / count,
                          tally([o.answered for o in items]),
                          tally([o.said_absent for o in items]),
                          tally([o.chinese_snippets for o in items]))

    lines = [score(lang, items) for lang, items in sorted(groups.items())]
    if outcomes:
        lines.append(score("all", list(outcomes)))
    return lines
