"""The policy timeline: years across, countries and regions down, one mark per policy in
its region's row and its year's column, in date order — laid out here as rows of cells,
drawn by the template as a table that fits the page and scrolls on a phone (no script, no
image file). Pure layout: policies and strings in, rows and cells out."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from search.document.model import Policy


@dataclass(frozen=True)
class Mark:
    url: str
    title: str  # what a pointer, a keyboard or a screen reader is told: name, region, date
    policy_id: str
    year: str


@dataclass(frozen=True)
class Row:
    region: str  # as the report writes it (美国)
    label: str  # as the page names it (United States in English)
    cells: tuple[tuple[Mark, ...], ...]  # one per year of the timeline, in date order


@dataclass(frozen=True)
class Timeline:
    years: tuple[str, ...]  # every year from the first policy's to the last's
    rows: tuple[Row, ...]

    @property
    def marks(self) -> tuple[Mark, ...]:
        return tuple(mark for row in self.rows for cell in row.cells for mark in cell)


def layout(policies: Iterable[Policy], label: Callable[[str], str],
           url: Callable[[str], str], name: Callable[[Policy], str]) -> Timeline | None:
    """Each policy a mark in its region's row (rows in the order the policies come) and
    its year's column; the marks of a cell in date order."""
    given = list(policies)
    if not given:
        return None
    chosen = sorted(given, key=lambda p: (p.date, p.id))
    first, last = int(chosen[0].date[:4]), int(chosen[-1].date[:4])
    years = tuple(str(y) for y in range(first, last + 1))
    regions = list(dict.fromkeys(p.region for p in given))
    cells: dict[tuple[str, str], list[Mark]] = {}
    for policy in chosen:
        year = policy.date[:4]
        cells.setdefault((policy.region, year), []).append(Mark(
            url(policy.id), f"{name(policy)} · {label(policy.region)} · {policy.date}",
            policy.id, year))
    return Timeline(years, tuple(
        Row(region, label(region), tuple(tuple(cells.get((region, year), ())) for year in years))
        for region in regions))
