"""The figure that answers a question: for 多少家, how many deals, 占比 …, the number in a
sentence that counts what was asked (家, deals, %), so the snippet shows that sentence and
marks the figure.

What a question asks is read off it (``Asked``): the units its number counts, and whether
it wants a total (截至、累计、总共, cumulative, in total) or one year's figure (2022年 … 多少,
with no word of a total) — a sentence "截至 2022 年底 … 1766 家" answers the first, "2022
年新成立 … 45 家" the second.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

TOTAL_CUES = re.compile(r"截至|截止|累计|历年|总量|cumulative|so far|as of|to date",
                        re.IGNORECASE)
# a sentence that states a total
TOTAL_SENTENCE = re.compile(r"截至|截止|累计|总计|共计|历年|as of|by the end of|in total|"
                            r"cumulative|to date|altogether", re.IGNORECASE)
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_CHINESE_MAGNITUDE = r"\s*(?:万|亿|千)?"


@dataclass(frozen=True)
class Asked:
    """What a question's answer is: a number counting ``units``, a total or not."""

    units: tuple[str, ...] = ()  # 家, 件, 起, %, or an English noun's stem (deal)
    totals: bool | None = None  # a total (True), one year's figure (False), either
    years: tuple[str, ...] = ()  # the years it names: the answering sentence names one


def read_asked(text: str, units: tuple[str, ...], years: tuple[str, ...]) -> Asked:
    """``text``: the question; ``years``: the years it names."""
    if TOTAL_CUES.search(text):
        return Asked(units, True, years)
    return Asked(units, False if years else None, years)


def figure(sentence: str, asked: Asked, loose: bool = False) -> tuple[int, int] | None:
    """Where the figure answering ``asked`` stands in ``sentence`` (the number and what it
    counts: "8.2 万件", "45 家", "1,280 financing rounds", "17.6%"), or None. ``loose``:
    failing that, the first number that is not a year ("in 2021, it reached 416")."""
    for unit in asked.units:
        if unit == "%":
            pattern = rf"{_NUMBER}\s*%|百分之[零一二三四五六七八九十点]+"
        elif unit.isascii():
            pattern = rf"{_NUMBER}\s+(?:[A-Za-z-]+\s+){{0,3}}?{re.escape(unit)}\w*"
        else:
            pattern = rf"{_NUMBER}{_CHINESE_MAGNITUDE}\s*{re.escape(unit)}"
        match = re.search(pattern, sentence, re.IGNORECASE)
        if match:
            return match.span()
    if loose:
        for match in re.finditer(_NUMBER + _CHINESE_MAGNITUDE, sentence):
            if not _YEAR.fullmatch(match.group().strip()):
                return match.span()
    return None


_YEAR = re.compile(r"(?:19|20)\d{2}")


def fit(sentence: str, asked: Asked) -> tuple[int, int, int, int]:
    """How well ``sentence`` answers: it names the year asked about; it has the figure in
    the asked unit; a total when a total is asked (one year's figure when that is); it
    has a number at all."""
    year = int(not asked.years or any(y in sentence for y in asked.years))
    counted = figure(sentence, asked) is not None
    kind = 0
    if asked.totals is not None:
        kind = int(bool(TOTAL_SENTENCE.search(sentence)) == asked.totals)
    return year, int(counted), kind, int(any(c.isdigit() for c in sentence))


def answering_sentence(text: str, asked: Asked, found: Callable[[str], bool],
                       split: Callable[[str], Sequence[tuple[int, int]]]
                       ) -> tuple[int, int, tuple[int, int]] | None:
    """The sentence of ``text`` that answers: it has the query's words (``found``), names
    the year asked about and holds the figure in the unit asked for — (start, end, the
    figure's span within the sentence); None when no sentence does all that."""
    best: tuple[tuple[int, int], int, int, tuple[int, int]] | None = None
    for start, end in split(text):
        sentence = text[start:end]
        if not found(sentence):
            continue
        year, counted, kind, _number = fit(sentence, asked)
        span = figure(sentence, asked, loose=not asked.units)
        if not year or span is None or (asked.units and not counted):
            continue
        key = (kind, -start)
        if best is None or key > best[0]:
            best = (key, start, end, span)
    return None if best is None else best[1:]
