"""Citations of a section, table, chart, policy, article or paragraph. One CSL-JSON item
(``csl_item``) is the source of truth: ``cite.json`` is that item, GB/T 7714-2015, APA 7
and every other style are rendered from it by citeproc-py with the official CSL styles
(``search.publish.styles``), RIS is written by rispy and BibTeX by bibtexparser's writer
from the same facts.

What is cited (issue #24):
- a unit of a report is a part of the report (析出文献): its title, then the report's,
  the association as author of both, the unit's printed pages, its permalink;
- a policy is an entry of its table in the white paper: the association wrote the white
  paper, not the policy, so the policy's issuer (its country or region, as the table
  gives it), name and date go into the note and the abstract, never into the author;
- a paragraph is cited through its own section (its pages, its title), at its anchor;
- the English page cites the English edition: English titles and names, ``language``
  ``en`` everywhere, the Chinese original kept beside them (CSL ``original-title``,
  BibTeX ``origtitle``, RIS ``OP``) and the project named as translator; a Chinese page
  keeps the English titles in a translated-title field (CSL ``custom``, BibTeX
  ``translatedtitle``, RIS ``TT``);
- a law (``kind = "law"`` in its metadata) is legislation, issued by its ``publisher``:
  CSL ``legislation`` with ``authority``, RIS ``STAT``, the article as the section.

Our own code changes the item only where a style cannot say what is needed:
- GB/T 7714's CSL style marks every chapter [M]; a part of a report is [R]//…, so the
  item is handed to it as a report inside its container (the style's 析出文献 branch);
- GB/T 7714-2015 has no type code for a statute and the style gives [A] (档案, an
  archive): a law read online (every citation here has its permalink) is cited by its
  carrier, [EB/OL], with the issuing body as author;
- APA's CSL style cannot print a translated title: APA's rule (original title, then the
  English in square brackets) is written into the title the style is handed;
- APA's CSL style formats legislation the Bluebook way for U.S. statutes, without the
  issuing body: a foreign statute is handed to it as a document of its issuing body;
- citeproc-py applies a style's name-part case (GB/T's uppercased surnames) to an
  organisation's name too, which CSL and the standard do not: organisation names are
  passed as text it leaves alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import rispy
from bibtexparser.bibdatabase import BibDatabase
from bibtexparser.bwriter import BibTexWriter
from rispy.writer import RisWriter

from search.document.model import ReportMeta

TRANSLATOR = "Whitepaper Search"  # the English edition is the project's own translation
GBT = "china-national-standard-gb-t-7714-2015-numeric"
APA = "apa"
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class PolicyEntry:
    """The facts of a policy that its table lists, for the note of its citation."""

    issuer: str  # the country or region the table gives: 美国, 江苏省
    name: str  # without 《》
    date: str  # ISO: 2019-02
    number: int  # its row in the table
    issuer_en: str = ""
    name_en: str = ""

    def describe(self, english: bool) -> str:
        """美国《…》（2019-02）; United States, "…" (2019-02)."""
        if english:
            name = self.name_en or self.name
            return f"{self.issuer_en or self.issuer}, “{name}” ({self.date})"
        return f"{self.issuer}《{self.name}》（{self.date}）"


@dataclass(frozen=True)
class Cited:
    """What is being cited: one unit of a document (or the whole, ``unit_id`` "")."""

    meta: ReportMeta
    unit_id: str
    heading: str  # "（3）人工智能专项政策文件密集发布"; "" for the report itself
    pages: tuple[int, int] | None
    url: str  # absolute permalink (with #p-… for a paragraph)
    accessed: date
    title: str = ""  # the unit's title without its number (else the heading)
    title_en: str = ""  # its English title, where the English edition has one
    english: bool = False  # cited from the English edition
    quote: str = ""  # a quoted passage, for "cite this quote"
    policy: PolicyEntry | None = None  # a policy, cited as an entry of its table
    paragraph: str = ""  # p-3.1.1.3-2 when a paragraph of the section is cited
    number: str = field(default="", compare=False)  # "图表 15", for the note of a policy

    @property
    def part(self) -> str:
        return self.title or self.heading

    @property
    def policy_text(self) -> str:
        """The policy the cited entry lists, in the cited text's language."""
        return self.policy.describe(self.english) if self.policy is not None else ""


def _clean(text: str) -> str:
    """One line: no control characters (a line break would start a second RIS record)."""
    return " ".join(_CONTROL.sub(" ", text).split())


def page_range(pages: tuple[int, int] | None, dash: str = "-") -> str:
    if not pages:
        return ""
    first, last = pages
    return str(first) if first == last else f"{first}{dash}{last}"


def is_law(cited: Cited) -> bool:
    return cited.meta.kind == "law"


def _date_parts(iso: str) -> list[int]:
    return [int(p) for p in iso.split("-") if p.isdigit()][:3]


def _in_english(cited: Cited, chinese: str, english: str) -> str:
    return (english or chinese) if cited.english else chinese


def notes(cited: Cited) -> list[str]:
    """What a note says besides the reference: the policy the cited entry lists, the
    paragraph, the translation, the quote."""
    found: list[str] = []
    if cited.policy is not None:
        where = cited.number or cited.part
        if cited.english:
            found.append(f"Entry {cited.policy.number} of {where}, a policy: "
                         f"{cited.policy.describe(True)}")
        else:
            found.append(f"{where} 第 {cited.policy.number} 项，政策："
                         f"{cited.policy.describe(False)}")
    if cited.paragraph:
        found.append(f"¶ {cited.paragraph}")
    if cited.english:
        found.append(f"English translation ({TRANSLATOR}) of {cited.meta.title}; the Chinese "
                     "original is authoritative")
    if cited.quote:
        found.append(f"“{_clean(cited.quote)}”")
    return found


# --------------------------------------------------------------------------- CSL-JSON


def csl_item(cited: Cited) -> dict[str, Any]:
    """The CSL-JSON item (citeproc, Zotero, every CSL style): the one source of truth."""
    if is_law(cited):
        return _law_item(cited)
    meta = cited.meta
    publisher = _in_english(cited, meta.publisher, meta.publisher_en)
    item: dict[str, Any] = {
        "id": f"{meta.slug}:{cited.unit_id}" if cited.unit_id else meta.slug,
        "type": "chapter" if cited.part else "report",
        "title": _clean(_in_english(cited, cited.part, cited.title_en) if cited.part
                        else _in_english(cited, meta.title, meta.title_en)),
        "author": [{"literal": publisher}],
        "publisher": publisher,
        "publisher-place": _in_english(cited, meta.place, meta.place_en),
        "issued": {"date-parts": [_date_parts(meta.date)]},
        "accessed": {"date-parts": [[cited.accessed.year, cited.accessed.month,
                                     cited.accessed.day]]},
        "URL": cited.url,
        "language": "en" if cited.english else meta.language,
    }
    for empty in [key for key, value in item.items() if not value]:
        del item[empty]  # a style prints a variable that is there, even empty
    if cited.part:
        item["container-title"] = _in_english(cited, meta.title, meta.title_en)
        item["container-author"] = [{"literal": publisher}]
    if cited.pages:
        item["page"] = page_range(cited.pages)
    if cited.english:
        item["translator"] = [{"literal": TRANSLATOR}]
        item["original-title"] = cited.part or meta.title
        item["custom"] = {"original-container-title": meta.title} if cited.part else {}
    else:
        translated = {"translated-title": cited.title_en if cited.part else meta.title_en,
                      "translated-container-title": meta.title_en if cited.part else ""}
        item["custom"] = {k: v for k, v in translated.items() if v}
    if not item["custom"]:
        del item["custom"]
    if cited.policy is not None:
        item["abstract"] = cited.policy.describe(cited.english)
    found = notes(cited)
    if found:
        item["note"] = "; ".join(found)
    return item


def _law_item(cited: Cited) -> dict[str, Any]:
    meta = cited.meta
    locator = cited.heading or cited.title
    title = _in_english(cited, meta.title, meta.title_en)
    authority = _in_english(cited, meta.publisher, meta.publisher_en)
    item: dict[str, Any] = {
        "id": f"{meta.slug}:{cited.unit_id}" if cited.unit_id else meta.slug,
        "type": "legislation",
        "title": title,
        "authority": authority,
        "author": [{"literal": authority}],
        "issued": {"date-parts": [_date_parts(meta.date)]},
        "accessed": {"date-parts": [[cited.accessed.year, cited.accessed.month,
                                     cited.accessed.day]]},
        "URL": cited.url,
        "language": "en" if cited.english else meta.language,
    }
    if locator:
        item["section"] = locator
    if not cited.url:
        del item["URL"]
    if cited.english and meta.title_en:
        item["original-title"] = meta.title
    elif meta.title_en:
        item["custom"] = {"translated-title": meta.title_en}
    found = notes(cited)
    if found:
        item["note"] = "; ".join(found)
    return item


def csl_json(cited: Cited) -> str:
    return json.dumps([csl_item(cited)], ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- styles


def for_style(item: dict[str, Any], style: str, cited: Cited) -> dict[str, Any]:
    """The item as handed to ``style``: changed only where the style cannot say what the
    reference needs (see the module's docstring)."""
    item = dict(item)
    if style.startswith("china-national-standard-gb-t-7714"):
        if item["type"] == "chapter":
            item["type"] = "report"  # a part of a report: [R]//, not [M]//
        if "container-author" in item:  # 专著主要责任者: citeproc-py reads it as editor only
            item["editor"] = item.pop("container-author")
        if item["type"] == "legislation":
            item["type"] = "webpage" if item.get("URL") else "document"  # [EB/OL]; [Z]
            if item.get("section"):
                item["title"] = f"{item['title']}: {item.pop('section')}"
    elif style == APA:
        item.update(_apa_titles(item, cited))
        item.pop("original-title", None)  # the original is the title already
        if item.get("publisher") in (cited.meta.publisher, cited.meta.publisher_en):
            del item["publisher"]  # APA: a publisher that is the author is left out
        if item["type"] == "legislation":
            section = item.pop("section", "")
            item["type"] = "document"
            item["title"] = item["title"] + (f", {section}" if section else "")
    return item


def _apa_titles(item: dict[str, Any], cited: Cited) -> dict[str, Any]:
    """APA 7 for a work not in English: the original title, then its English in square
    brackets; the organisation's English name beside the original."""
    meta = cited.meta
    if not meta.language.startswith("zh"):
        return {}
    changed: dict[str, Any] = {}
    part_en = cited.title_en if cited.part else meta.title_en
    original = cited.part or meta.title
    if is_law(cited):
        original, part_en = meta.title, meta.title_en
    changed["title"] = f"{original} [{part_en}]" if part_en else original
    if cited.part and not is_law(cited):
        changed["container-title"] = (f"{meta.title} [{meta.title_en}]" if meta.title_en
                                      else meta.title)
    if not cited.english and meta.publisher_en:
        name = [{"literal": f"{meta.publisher} [{meta.publisher_en}]"}]
        changed["author"] = name
        if "container-author" in item:
            changed["container-author"] = name
    return changed


# --------------------------------------------------------------------------- RIS, BibTeX


def ris(cited: Cited) -> str:
    """RIS (Zotero, EndNote, Mendeley), written by rispy: CHAP for a part, RPRT for the
    report, STAT for a law."""
    item = csl_item(cited)
    entry: dict[str, Any] = {"type_of_reference": _ris_type(item["type"]),
                             "title": item["title"]}
    if is_law(cited):
        entry["authors"] = [item["authority"]]
        if item.get("section"):
            entry["section"] = item["section"]
    else:
        entry["authors"] = [item["author"][0]["literal"]]
        if item.get("container-title"):
            entry["secondary_title"] = item["container-title"]
        entry["publisher"] = item["publisher"]
        if item.get("publisher-place"):
            entry["place_published"] = item["publisher-place"]
    custom = item.get("custom", {})
    if custom.get("translated-title"):
        entry["translated_title"] = custom["translated-title"]
    if item.get("original-title"):
        entry["original_publication"] = item["original-title"]
    parts = item["issued"]["date-parts"][0]
    entry["year"] = str(parts[0])
    entry["date"] = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
    if cited.pages and not is_law(cited):
        entry["start_page"], entry["end_page"] = (str(p) for p in cited.pages)
    if item.get("abstract"):
        entry["abstract"] = item["abstract"]
    entry.update(language=item["language"], urls=[cited.url],
                 access_date=cited.accessed.isoformat())
    if notes(cited):
        entry["notes"] = notes(cited)
    return rispy.dumps([entry], implementation=_RisWriter).replace("\n", "\r\n")


class _RisWriter(RisWriter):
    """rispy's writer without its "1." line before each record: a file of one record
    starts with its TY line, as reference managers expect."""

    def set_header(self, count: int) -> str:
        return ""


def _ris_type(csl_type: str) -> str:
    return {"chapter": "CHAP", "report": "RPRT", "legislation": "STAT"}.get(csl_type, "GEN")


def _bib(text: str) -> str:
    """A BibTeX field value: braces dropped, TeX specials escaped."""
    text = _clean(text).replace("\\", "").replace("{", "").replace("}", "")
    return re.sub(r"([%&#_$])", r"\\\1", text)


def _bib_key(slug: str, unit_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9:._-]", "_", f"{slug}:{unit_id}" if unit_id else slug)


def bibtex(cited: Cited) -> str:
    """BibTeX, written by bibtexparser: ``@inbook`` for a part (its chapter, the report
    its title), ``@techreport`` for the report, ``@misc`` for a law."""
    item = csl_item(cited)
    meta = cited.meta
    fields: dict[str, str] = {}
    custom = item.get("custom", {})
    if is_law(cited):
        kind = "misc"
        fields["author"] = f"{{{_bib(item['authority'])}}}"  # an organisation: one name
        fields["title"] = _bib(item["title"])
        if item.get("section"):
            fields["note"] = _bib(item["section"])
    else:
        name = item["author"][0]["literal"]
        fields["author"] = f"{{{_bib(name)}}}"
        if cited.part:
            kind = "inbook"
            fields["title"] = _bib(item["container-title"])
            fields["chapter"] = _bib(item["title"])
            fields["publisher"] = _bib(item["publisher"])
        else:
            kind = "techreport"
            fields["title"] = _bib(item["title"])
            fields["institution"] = _bib(item["publisher"])
        if item.get("publisher-place"):
            fields["address"] = _bib(item["publisher-place"])
        if cited.pages:
            fields["pages"] = page_range(cited.pages, "--")
    if cited.english:
        fields["translator"] = f"{{{TRANSLATOR}}}"
        fields["origtitle"] = _bib(custom.get("original-container-title")
                                   or item.get("original-title", ""))
        if cited.part and not is_law(cited):
            fields["origchapter"] = _bib(item.get("original-title", ""))
        fields["origlanguage"] = "chinese"
    else:
        if custom.get("translated-container-title"):
            fields["translatedtitle"] = _bib(custom["translated-container-title"])
            fields["translatedchapter"] = _bib(custom.get("translated-title", ""))
        elif custom.get("translated-title"):
            fields["translatedtitle"] = _bib(custom["translated-title"])
    parts = item["issued"]["date-parts"][0]
    fields["year"] = str(parts[0])
    if len(parts) > 1:
        fields["month"] = _MONTHS[parts[1] - 1]
    if item.get("abstract"):
        fields["abstract"] = _bib(item["abstract"])
    note = notes(cited)
    if note and not is_law(cited):
        fields["note"] = _bib("; ".join(note))
    elif note:
        fields["note"] = _bib("; ".join([item["section"], *note] if item.get("section")
                                        else note))
    fields.update(url=cited.url, urldate=cited.accessed.isoformat(),
                  language="english" if cited.english else
                  ("chinese" if meta.language.startswith("zh") else meta.language))
    fields = {k: v for k, v in fields.items() if v}
    database = BibDatabase()
    database.entries = [{"ENTRYTYPE": kind, "ID": _bib_key(meta.slug, cited.unit_id),
                         **fields}]
    writer = BibTexWriter()
    writer.indent = "  "
    writer.order_entries_by = None
    writer.display_order = ["author", "title", "chapter", "translator"]
    return writer.write(database).strip() + "\n"
