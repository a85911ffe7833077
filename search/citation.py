"""Ready-made citations of a section, table or policy: GB/T 7714-2015, APA 7 and BibTeX.

Each cites the report (its publisher is its author), narrowed to the unit's own printed
pages, with the unit's permalink and the date it was accessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from search.model import CJK, ReportMeta

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LOOSE_SPACE = re.compile(rf"(?<=[{CJK}]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) +(?=[{CJK}])")


@dataclass(frozen=True)
class Cited:
    """What is being cited: one unit of a report."""

    meta: ReportMeta
    unit_id: str
    heading: str  # "（3）人工智能专项政策文件密集发布"
    pages: tuple[int, int] | None
    url: str  # absolute permalink
    accessed: date


@dataclass(frozen=True)
class Citations:
    gbt7714: str
    apa: str
    bibtex: str


def tight(text: str) -> str:
    """Chinese typesetting: no space between Chinese and Latin or digits (2023人工智能)."""
    return _LOOSE_SPACE.sub("", text)


def page_range(pages: tuple[int, int] | None, dash: str = "-") -> str:
    if not pages:
        return ""
    first, last = pages
    return str(first) if first == last else f"{first}{dash}{last}"


def gbt7714(cited: Cited) -> str:
    """深圳市人工智能行业协会. 2023人工智能发展白皮书[R/OL]. 深圳: 深圳市人工智能行业协会,
    2023: 20-25[2026-11-25]. https://…/ai-whitepaper-2023/3.1.1.3/."""
    meta = cited.meta
    pages = page_range(cited.pages)
    where = f"{meta.year}: {pages}" if pages else meta.year
    return (f"{meta.publisher}. {tight(meta.title)}[R/OL]. {meta.place}: {meta.publisher}, "
            f"{where}[{cited.accessed.isoformat()}]. {cited.url}.")


def apa(cited: Cited) -> str:
    """APA 7 for a report in Chinese: original title, English title in brackets."""
    meta = cited.meta
    pages = page_range(cited.pages, "–")
    locator = f" ({'p.' if '–' not in pages else 'pp.'} {pages})" if pages else ""
    return (f"{meta.publisher} [{meta.publisher_en}]. ({meta.year}). {meta.title} "
            f"[{meta.title_en}]{locator}. {cited.url}")


def _bib(text: str) -> str:
    """A BibTeX field value: braces dropped, TeX specials escaped."""
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return re.sub(r"([%&#_$])", r"\\\1", text)


def bibtex(cited: Cited) -> str:
    meta = cited.meta
    month = _MONTHS[int(meta.date[5:7]) - 1] if len(meta.date) >= 7 else ""
    fields = [
        ("author", f"{{{_bib(meta.publisher)}}}"),
        ("title", f"{{{_bib(meta.title)}}}"),
        ("institution", f"{{{_bib(meta.publisher)}}}"),
        ("address", f"{{{_bib(meta.place)}}}"),
        ("year", f"{{{meta.year}}}"),
        ("month", month),
        ("pages", f"{{{page_range(cited.pages, '--')}}}" if cited.pages else ""),
        ("note", f"{{{_bib(cited.heading)}}}"),
        ("url", f"{{{cited.url}}}"),
        ("urldate", f"{{{cited.accessed.isoformat()}}}"),
        ("language", "{chinese}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields if value)
    return f"@techreport{{{meta.slug}:{cited.unit_id},\n{body}\n}}"


def citations(cited: Cited) -> Citations:
    return Citations(gbt7714(cited), apa(cited), bibtex(cited))
