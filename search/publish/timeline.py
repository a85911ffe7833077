"""The policy timeline: years across, countries and regions down, one mark per policy —
laid out here, drawn as SVG by the template (no script, no image file). Pure layout:
numbers and strings in, coordinates out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.document.model import Policy

LEFT = 150  # room for the row labels
TOP = 28  # room for the year labels
ROW = 30
YEAR = 64
RADIUS = 6


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    url: str
    title: str  # what a pointer or screen reader is told: name, region, date
    policy_id: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    years: tuple[tuple[str, float], ...]  # (year, x of its column's start)
    rows: tuple[tuple[str, float], ...]  # (region label, y of its middle)
    marks: tuple[Mark, ...]

    @property
    def left(self) -> int:
        return LEFT


def layout(policies: Iterable[Policy], label: Callable[[str], str],
           url: Callable[[str], str], name: Callable[[Policy], str]) -> Timeline | None:
    """Each policy a mark in its region's row (rows in the order the policies come) and
    its year's column, placed within the year by month; marks of the same month side by
    side."""
    given = list(policies)
    chosen = sorted(given, key=lambda p: (p.date, p.id))
    if not chosen:
        return None
    first, last = int(chosen[0].date[:4]), int(chosen[-1].date[:4])
    years = [str(y) for y in range(first, last + 1)]
    regions = list(dict.fromkeys(p.region for p in given))
    row_of = {region: index for index, region in enumerate(regions)}
    marks: list[Mark] = []
    taken: dict[tuple[str, str], int] = {}
    for policy in chosen:
        year, month = int(policy.date[:4]), int(policy.date[5:7] or 1)
        slot = (policy.region, policy.date)
        nudge = taken.get(slot, 0)
        taken[slot] = nudge + 1
        x = LEFT + (year - first) * YEAR + (month - 0.5) / 12 * YEAR + nudge * (RADIUS + 1)
        y = TOP + row_of[policy.region] * ROW + ROW / 2
        marks.append(Mark(round(x, 1), y, url(policy.id),
                          f"{name(policy)} · {label(policy.region)} · {policy.date}",
                          policy.id))
    return Timeline(
        width=LEFT + len(years) * YEAR + 10,
        height=TOP + len(regions) * ROW + 6,
        years=tuple((year, LEFT + i * YEAR) for i, year in enumerate(years)),
        rows=tuple((label(region), TOP + i * ROW + ROW / 2) for i, region in enumerate(regions)),
        marks=tuple(marks),
    )
