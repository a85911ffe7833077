"""Ready-made citations of a section, table, policy or paragraph — GB/T 7714-2015, APA 7,
BibTeX, and for reference managers RIS and CSL-JSON.

Each cites the unit as a part of the report (its title, then the report's, the way each
style cites a part of a larger work), narrowed to the unit's own printed pages, with its
permalink and the date it was accessed. The report's publisher is its author. A page of
the English edition cites the Chinese original and says it is an English translation.

A law (``kind = "law"`` in its metadata) is cited as legislation: its title and date of
adoption, the article (第二十一条) or chapter as the locator, no pages — GB/T 7714's [A],
APA's form for a statute, BibTeX ``@misc``, RIS ``STAT``, CSL ``legislation``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date

from search.document.model import CJK, ReportMeta

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LOOSE_SPACE = re.compile(rf"(?<=[{CJK}]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) +(?=[{CJK}])")
TRANSLATION = "English translation"


@dataclass(frozen=True)
class Cited:
    """What is being cited: one unit of a report."""

    meta: ReportMeta
    unit_id: str
    heading: str  # "（3）人工智能专项政策文件密集发布"; "" for the report itself
    pages: tuple[int, int] | None
    url: str  # absolute permalink
    accessed: date
    title: str = ""  # the unit's title without its number (else the heading)
    title_en: str = ""  # its English title, where the English edition has one
    english: bool = False  # cited from the English edition
    quote: str = ""  # a quoted passage, for "cite this quote"

    @property
    def part(self) -> str:
        return self.title or self.heading


@dataclass(frozen=True)
class Citations:
    gbt7714: str
    apa: str
    bibtex: str
    primary: str = "gbt"  # the style a page prints: GB/T in Chinese, APA in English

    @property
    def styles(self) -> tuple[tuple[str, str, str], ...]:
        """(id, name, text) of each style, for the page."""
        return (("gbt", "GB/T 7714-2015", self.gbt7714), ("apa", "APA 7", self.apa),
                ("bibtex", "BibTeX", self.bibtex))


def tight(text: str) -> str:
    """Chinese typesetting: no space between Chinese and Latin or digits (2023人工智能)."""
    return _LOOSE_SPACE.sub("", text)


def page_range(pages: tuple[int, int] | None, dash: str = "-") -> str:
    if not pages:
        return ""
    first, last = pages
    return str(first) if first == last else f"{first}{dash}{last}"


def _quote(cited: Cited, opening: str = "“", closing: str = "”") -> str:
    return f"{opening}{cited.quote}{closing} " if cited.quote else ""


def gbt7714(cited: Cited) -> str:
    """A part of a report (析出文献): 深圳市人工智能行业协会. 人工智能专项政策文件密集发布
    [R/OL]//深圳市人工智能行业协会. 2023人工智能发展白皮书. 深圳: 深圳市人工智能行业协会,
    2023: 20-25[2026-11-25]. https://…/ai-whitepaper-2023/3.1.1.3/."""
    if is_law(cited):
        return _law_gbt7714(cited)
    meta = cited.meta
    pages = page_range(cited.pages)
    where = f"{meta.year}: {pages}" if pages else meta.year
    kind = "[R/OL]" + (f"[{TRANSLATION}]" if cited.english else "")
    whole = f"{meta.publisher}. {tight(meta.title)}"
    if cited.part:
        head = f"{meta.publisher}. {tight(cited.part)}{kind}//{whole}"
    else:
        head = f"{whole}{kind}"
    place = f"{meta.place}: " if meta.place else ""  # an ingested document may not say
    return (f"{_quote(cited)}{head}. {place}{meta.publisher}, "
            f"{where}[{cited.accessed.isoformat()}]. {cited.url}.")


def apa(cited: Cited) -> str:
    """APA 7, a part of a report in Chinese: original titles, English ones in brackets."""
    if is_law(cited):
        return _law_apa(cited)
    meta = cited.meta
    pages = page_range(cited.pages, "–")
    locator = f"({'p.' if '–' not in pages else 'pp.'} {pages})" if pages else ""
    translated = f"; {TRANSLATION}" if cited.english else ""
    whole_en = f"{meta.title_en}{translated if not cited.part else ''}".removeprefix("; ")
    whole = f"{meta.title} [{whole_en}]" if whole_en else meta.title
    if cited.part:
        english = f" [{cited.title_en}{translated}]" if cited.title_en else (
            f" [{TRANSLATION}]" if cited.english else "")
        body = f"{cited.part}{english}. In {whole}{' ' + locator if locator else ''}"
    else:
        body = f"{whole}{' ' + locator if locator else ''}"
    publisher = f"{meta.publisher} [{meta.publisher_en}]" if meta.publisher_en else \
        meta.publisher
    return f"{_quote(cited)}{publisher}. ({meta.year}). {body}. {cited.url}"


def _bib(text: str) -> str:
    """A BibTeX field value: braces dropped, TeX specials escaped."""
    text = text.replace("\\", "").replace("{", "").replace("}", "")
    return re.sub(r"([%&#_$])", r"\\\1", text)


def bibtex(cited: Cited) -> str:
    """``@inbook`` for a part (its chapter, the report its title), ``@techreport`` for
    the report itself."""
    if is_law(cited):
        return _law_bibtex(cited)
    meta = cited.meta
    month = _month(meta.date)
    notes = _notes(cited)
    fields = [
        ("author", f"{{{{{_bib(meta.publisher)}}}}}"),  # a corporate author: not "Last, First"
        ("title", f"{{{_bib(meta.title)}}}"),
        ("chapter", f"{{{_bib(cited.part)}}}" if cited.part else ""),
        ("publisher" if cited.part else "institution", f"{{{_bib(meta.publisher)}}}"),
        ("address", f"{{{_bib(meta.place)}}}"),
        ("year", f"{{{meta.year}}}"),
        ("month", month),
        ("pages", f"{{{page_range(cited.pages, '--')}}}" if cited.pages else ""),
        ("note", f"{{{_bib('; '.join(notes))}}}" if notes else ""),
        ("url", f"{{{cited.url}}}"),
        ("urldate", f"{{{cited.accessed.isoformat()}}}"),
        ("language", "{chinese}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields if value)
    kind = "inbook" if cited.part else "techreport"
    return f"@{kind}{{{_bib_key(meta.slug, cited.unit_id)},\n{body}\n}}"


def _bib_key(slug: str, unit_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9:._-]", "_", f"{slug}:{unit_id}")


def ris(cited: Cited) -> str:
    """RIS (Zotero, EndNote, Mendeley): CHAP for a part, RPRT for the report."""
    if is_law(cited):
        return _law_ris(cited)
    meta = cited.meta
    lines = [("TY", "CHAP" if cited.part else "RPRT"),
             ("AU", meta.publisher)]
    if cited.part:
        lines += [("TI", cited.part), ("T2", meta.title)]
        if cited.title_en:
            lines.append(("TT", cited.title_en))
    else:
        lines += [("TI", meta.title), ("TT", meta.title_en)]
    lines += [("PB", meta.publisher), ("CY", meta.place), ("PY", meta.year),
              ("DA", meta.date.replace("-", "/"))]
    if cited.pages:
        lines += [("SP", str(cited.pages[0])), ("EP", str(cited.pages[1]))]
    lines += [("LA", meta.language), ("UR", cited.url),
              ("Y2", cited.accessed.isoformat())]
    return _ris_lines(cited, lines)


def _ris_lines(cited: Cited, lines: list[tuple[str, str]]) -> str:
    """The record's lines, then its notes (translation, quote) and the end tag."""
    notes = [("N1", note) for note in _notes(cited)]
    return "\r\n".join(f"{tag}  - {value}".rstrip()
                       for tag, value in [*lines, *notes, ("ER", "")]) + "\r\n"


def _month(date: str) -> str:
    """BibTeX's month macro (mar) of an ISO date, "" without a month."""
    return _MONTHS[int(date[5:7]) - 1] if len(date) >= 7 else ""


def _notes(cited: Cited, *first: str) -> list[str]:
    """What a note field says besides the reference: "English translation", the quote."""
    return [n for n in (*first, TRANSLATION if cited.english else "",
                        f"“{cited.quote}”" if cited.quote else "") if n]


def csl_json(cited: Cited) -> str:
    """CSL-JSON (citeproc, Zotero): a chapter of the report, or the report."""
    if is_law(cited):
        return json.dumps([_law_csl(cited)], ensure_ascii=False, indent=1)
    meta = cited.meta
    year, month = int(meta.year), int(meta.date[5:7]) if len(meta.date) >= 7 else None
    item: dict = {
        "id": f"{meta.slug}:{cited.unit_id}",
        "type": "chapter" if cited.part else "report",
        "title": cited.part or meta.title,
        "author": [{"literal": meta.publisher}],
        "publisher": meta.publisher,
        "publisher-place": meta.place,
        "issued": {"date-parts": [[year, month] if month else [year]]},
        "accessed": {"date-parts": [[cited.accessed.year, cited.accessed.month,
                                     cited.accessed.day]]},
        "URL": cited.url,
        "language": meta.language,
    }
    if cited.part:
        item["container-title"] = meta.title
    if cited.title_en or not cited.part:
        item["title-short"] = cited.title_en or meta.title_en
    if cited.pages:
        item["page"] = page_range(cited.pages)
    notes = _notes(cited)
    if notes:
        item["note"] = "; ".join(notes)
    return json.dumps([item], ensure_ascii=False, indent=1)



# --------------------------------------------------------------------------- laws


def is_law(cited: Cited) -> bool:
    return cited.meta.kind == "law"


def _law_locator(cited: Cited) -> str:
    """第二十一条, 第三章 数据安全制度: the part of the law as printed ("" for the law)."""
    return cited.heading or cited.title


def _law_gbt7714(cited: Cited) -> str:
    """全国人民代表大会常务委员会. 中华人民共和国数据安全法: 第二十一条[A/OL]. (2021-06-10)
    [2026-11-26]. https://…/data-security-law-2021/art-21/."""
    meta = cited.meta
    locator = _law_locator(cited)
    kind = "[A/OL]" + (f"[{TRANSLATION}]" if cited.english else "")
    title = f"{meta.title}: {locator}" if locator else meta.title
    return (f"{_quote(cited)}{meta.publisher}. {title}{kind}. ({meta.date})"
            f"[{cited.accessed.isoformat()}]. {cited.url}.")


def _law_apa(cited: Cited) -> str:
    """APA 7 for a statute: its name (English in brackets), year, the article."""
    meta = cited.meta
    english = f" [{meta.title_en}{'; ' + TRANSLATION if cited.english else ''}]" \
        if meta.title_en else (f" [{TRANSLATION}]" if cited.english else "")
    locator = _law_locator(cited)
    return (f"{_quote(cited)}{meta.title}{english}. ({meta.year})."
            f"{' ' + locator + '.' if locator else ''} {cited.url}")


def _law_bibtex(cited: Cited) -> str:
    meta = cited.meta
    month = _month(meta.date)
    notes = _notes(cited, _law_locator(cited))
    fields = [
        ("author", f"{{{{{_bib(meta.publisher)}}}}}"),
        ("title", f"{{{_bib(meta.title)}}}"),
        ("year", f"{{{meta.year}}}"),
        ("month", month),
        ("note", f"{{{_bib('; '.join(notes))}}}" if notes else ""),
        ("url", f"{{{cited.url}}}"),
        ("urldate", f"{{{cited.accessed.isoformat()}}}"),
        ("language", "{chinese}"),
    ]
    body = ",\n".join(f"  {name} = {value}" for name, value in fields if value)
    return f"@misc{{{_bib_key(meta.slug, cited.unit_id)},\n{body}\n}}"


def _law_ris(cited: Cited) -> str:
    meta = cited.meta
    lines = [("TY", "STAT"), ("TI", meta.title)]
    if meta.title_en:
        lines.append(("TT", meta.title_en))
    lines += [("AU", meta.publisher), ("PY", meta.year), ("DA", meta.date.replace("-", "/"))]
    if _law_locator(cited):
        lines.append(("SE", _law_locator(cited)))
    lines += [("LA", meta.language), ("UR", cited.url), ("Y2", cited.accessed.isoformat())]
    return _ris_lines(cited, lines)


def _law_csl(cited: Cited) -> dict:
    meta = cited.meta
    parts = [int(p) for p in meta.date.split("-") if p.isdigit()]
    item: dict = {
        "id": f"{meta.slug}:{cited.unit_id}",
        "type": "legislation",
        "title": meta.title,
        "authority": meta.publisher,
        "issued": {"date-parts": [parts]},
        "accessed": {"date-parts": [[cited.accessed.year, cited.accessed.month,
                                     cited.accessed.day]]},
        "URL": cited.url,
        "language": meta.language,
    }
    if _law_locator(cited):
        item["section"] = _law_locator(cited)
    if meta.title_en:
        item["title-short"] = meta.title_en
    return item


def citations(cited: Cited) -> Citations:
    return Citations(gbt7714(cited), apa(cited), bibtex(cited),
                     primary="apa" if cited.english else "gbt")
