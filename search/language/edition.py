"""The English edition of a report, as data: what there is to translate, the translations
kept in ``corpus/<slug>.en/``, their fingerprints, coverage and faithfulness checks.

Every piece of the report a reader sees — heading, paragraph, footnote, table caption,
unit, source, header and cell, chart caption and label — has a stable id (the same ids
the pages use: ``p-3.1.1.3-2``, ``fig-15.r3.c2``). A translation file holds one line per
piece::

    p-3.1.1.3-2<TAB>1f0a9c3e<TAB>The English text.

The middle column is the fingerprint of the Chinese the line translates, so an edit of the
Chinese shows up as a stale translation instead of silently drifting apart. Files are
named by chapter (``front.tsv``, ``1.tsv`` … ``back.tsv``) so that a chapter can be
translated and reviewed on its own. Pure Python, no Django.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from search.document.model import (
    CJK,
    CorpusError,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
    decode_text,
    footnote_id,
    paragraph_id,
)
from search.language.analysis import normalize_text

# --------------------------------------------------------------------------- ids


def cell_id(table_id: str, row: int, column: int) -> str:
    """``fig-15.r3.c2``: row 3 (1-based, after the header), column 2."""
    return f"{table_id}.r{row}.c{column}"


def header_id(table_id: str, column: int) -> str:
    return f"{table_id}.h{column}"


@dataclass(frozen=True)
class SourceText:
    """One piece of the Chinese report that has an English translation."""

    id: str
    zh: str
    section: str  # the id of the section it is printed in
    chapter: str  # "front", "1"…, "back": coverage is reported per chapter


def source_texts(report: Report) -> list[SourceText]:
    """Everything there is to translate, in reading order."""
    out: list[SourceText] = []
    for section, _ in report.walk():
        out.extend(_section_texts(section))
    return out


def _section_texts(section: Section) -> Iterator[SourceText]:
    def text(unit_id: str, zh: str) -> SourceText:
        return SourceText(unit_id, zh, section.id, section.chapter)

    yield text(section.id, section.title)
    number = 0
    for block in section.blocks:
        if isinstance(block, Paragraph):
            number += 1
            yield text(paragraph_id(section.id, number), block.text)
            for k, note in enumerate(block.footnotes, start=1):
                yield text(footnote_id(section.id, number, k), note.text)
            continue
        yield text(block.id, block.title)
        if block.unit:
            yield text(f"{block.id}.unit", block.unit)
        if block.source:
            yield text(f"{block.id}.source", block.source)
        if isinstance(block, Figure):
            for k, label in enumerate(block.labels, start=1):
                yield text(f"{block.id}.label{k}", label)
        elif isinstance(block, Table):
            for column, cell in enumerate(block.header, start=1):
                yield text(header_id(block.id, column), cell)
            for r, row in enumerate(block.rows, start=1):
                for column, cell in enumerate(row, start=1):
                    if cell:
                        yield text(cell_id(block.id, r, column), cell)


def fingerprint(zh: str) -> str:
    """Eight hex digits of SHA-256 over the NFC text: enough to notice any edit."""
    return hashlib.sha256(unicodedata.normalize("NFC", zh).encode()).hexdigest()[:8]


# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class Translation:
    id: str
    fingerprint: str  # of the Chinese it was made from
    en: str
    path: str
    line: int


_FINGERPRINT = re.compile(r"^[0-9a-f]{8}$")


def parse_edition_file(text: str, path: str) -> list[Translation]:
    """``id<TAB>fingerprint<TAB>English`` lines; blank lines and ``#`` comments skipped."""
    entries: list[Translation] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        columns = raw.split("\t")
        if len(columns) != 3:
            raise CorpusError(path, lineno, "expected: id<TAB>fingerprint<TAB>English text")
        unit_id, mark, english = (c.strip() for c in columns)
        if not _FINGERPRINT.match(mark):
            raise CorpusError(path, lineno, f"fingerprint {mark!r} is not 8 hex digits")
        if not english:
            raise CorpusError(path, lineno, f"{unit_id}: the English text is empty")
        entries.append(Translation(unit_id, mark, english, path, lineno))
    return entries


def load_edition(folder: Path | None) -> dict[str, Translation]:
    """Every translation in the folder's ``*.tsv`` files; an id twice is an error."""
    found: dict[str, Translation] = {}
    if folder is None or not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.tsv")):
        text = decode_text(path.read_bytes(), str(path))
        for entry in parse_edition_file(text, str(path)):
            if entry.id in found:
                first = found[entry.id]
                raise CorpusError(str(path), entry.line,
                                  f"{entry.id} is translated twice (also {first.path}:"
                                  f"{first.line})")
            found[entry.id] = entry
    return found


def format_line(source: SourceText, english: str) -> str:
    """The file line for ``english`` translating ``source``."""
    flat = " ".join(english.split())
    return f"{source.id}\t{fingerprint(source.zh)}\t{flat}"


def current_translations(report: Report, edition: dict[str, Translation]) -> dict[str, str]:
    """id → English for every piece whose translation is current (made from the Chinese
    as it now is); stale and unknown entries are left out (``edition_status`` names them)."""
    return {source.id: entry.en for source in source_texts(report)
            if (entry := edition.get(source.id)) is not None
            and entry.fingerprint == fingerprint(source.zh)}


# --------------------------------------------------------------------------- status


@dataclass(frozen=True)
class ChapterCoverage:
    chapter: str
    total: int
    translated: int  # current: fingerprint matches
    stale: int

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


@dataclass(frozen=True)
class EditionStatus:
    chapters: tuple[ChapterCoverage, ...]
    missing: tuple[SourceText, ...]
    stale: tuple[tuple[SourceText, Translation], ...]
    unknown: tuple[Translation, ...]  # ids the report does not have

    @property
    def total(self) -> int:
        return sum(c.total for c in self.chapters)

    @property
    def translated(self) -> int:
        return sum(c.translated for c in self.chapters)

    @property
    def share(self) -> float:
        return self.translated / self.total if self.total else 1.0


def edition_status(report: Report, edition: dict[str, Translation]) -> EditionStatus:
    sources = source_texts(report)
    known = {s.id for s in sources}
    per: dict[str, list[int]] = {}
    missing: list[SourceText] = []
    stale: list[tuple[SourceText, Translation]] = []
    for source in sources:
        counts = per.setdefault(source.chapter, [0, 0, 0])
        counts[0] += 1
        entry = edition.get(source.id)
        if entry is None:
            missing.append(source)
        elif entry.fingerprint != fingerprint(source.zh):
            stale.append((source, entry))
            counts[2] += 1
        else:
            counts[1] += 1
    return EditionStatus(
        chapters=tuple(ChapterCoverage(chapter, *counts) for chapter, counts in per.items()),
        missing=tuple(missing),
        stale=tuple(stale),
        unknown=tuple(e for e in edition.values() if e.id not in known),
    )


# --------------------------------------------------------------------------- checks

_CJK = re.compile(f"[{CJK}]")
_QUOTED_ORIGINAL = re.compile(r"《[^》]*》")
_QUOTED = re.compile(r"《([^》]*)》")
_ZH_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万)?")
_EN_NUMBER = re.compile(
    r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?", re.I)
_SCALE = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "thousand": 1e3, "million": 1e6,
          "billion": 1e9, "trillion": 1e12}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?", re.I)


def _value(number: str, scale: str | None) -> float:
    return float(number.replace(",", "")) * _SCALE.get((scale or "").lower(), 1.0)


def numbers_zh(text: str) -> set[float]:
    """The numbers written in Chinese text, 万 and 亿 applied (342 亿 → 34,200,000,000)."""
    text = unicodedata.normalize("NFKC", text)
    return {_value(n, scale) for n, scale in _ZH_NUMBER.findall(text)}


def numbers_en(text: str) -> set[float]:
    """The numbers written in English text, scale words applied (34.2 billion), with
    month names as their numbers (October → 10)."""
    text = unicodedata.normalize("NFKC", text)
    found = {_value(n, scale) for n, scale in _EN_NUMBER.findall(text)}
    found.update(float(_MONTHS.index(next(m for m in _MONTHS if m.startswith(
        match.lower()[:3]))) + 1) for match in _MONTH.findall(text))
    return found


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def missing_numbers(zh: str, en: str) -> list[float]:
    """Numbers of the Chinese that the English does not state (in any scale)."""
    english = numbers_en(en)
    return sorted(v for v in numbers_zh(zh) if not any(_same(v, e) for e in english))


def _says(text: str, name: str) -> bool:
    """``name`` appears in ``text`` as words of its own (US in "US policy", not "focus")."""
    return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text, re.I) is not None


def _show(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


@dataclass(frozen=True)
class Name:
    """A proper name of the glossary: the English a translation must call it."""

    chinese: str  # normalised, as the analyzer writes it
    english: tuple[str, ...]  # any of these will do
    title: bool = False  # a policy's title: named only when quoted in 《》


def entry_problems(source: SourceText, en: str, names: Iterable[Name] = ()) -> list[str]:
    """What is wrong with ``en`` as a translation of ``source``: numbers not carried
    over, Chinese left in (except inside 《》, a quoted original title), untranslated
    text, and names that do not follow the glossary (``names``: Chinese name → the
    English names the glossary allows)."""
    problems: list[str] = []
    if not en.strip():
        return ["empty"]
    if en.strip() == source.zh.strip() and _CJK.search(source.zh):
        problems.append("copied untranslated")
    leftover = _CJK.findall(_QUOTED_ORIGINAL.sub("", en))
    if leftover:
        problems.append(f"Chinese left in: {''.join(leftover[:12])}")
    lost = missing_numbers(source.zh, en)
    if lost:
        problems.append("numbers missing: " + ", ".join(_show(v) for v in lost))
    for name in _names_in(normalize_text(source.zh), tuple(names)):
        if not any(_says(en, e) for e in name.english):
            problems.append(f"{name.chinese} should be {' / '.join(name.english)}")
    return problems


def check_edition(report: Report, edition: dict[str, Translation], names: Iterable[Name] = ()
                  ) -> list[tuple[SourceText, Translation, list[str]]]:
    """Every current translation with a problem."""
    names = tuple(names)
    out = []
    for source in source_texts(report):
        entry = edition.get(source.id)
        if entry is None:
            continue
        problems = entry_problems(source, entry.en, names)
        if problems:
            out.append((source, entry, problems))
    return out


def _mentions(zh: str, name: Name) -> bool:
    """Whether ``zh`` names ``name``. A policy's title counts only quoted in 《》: the
    words of 《产业战略》 inside 人工智能产业战略性新兴产业 are not the UK's Industrial
    Strategy."""
    if name.chinese not in zh:
        return False
    return not name.title or any(name.chinese in quoted for quoted in _QUOTED.findall(zh))


def _names_in(zh: str, names: tuple[Name, ...]) -> list[Name]:
    """The glossary names in ``zh``, a name inside a longer one found there left out."""
    present = [name for name in names if _mentions(zh, name)]
    return [name for name in present
            if not any(name.chinese != other.chinese and name.chinese in other.chinese
                       for other in present)]


_NAME_SECTIONS = ("Places", "Organisations", "Companies", "Policies")


def glossary_names(glossary) -> list[Name]:
    """(Chinese name, the English names the glossary gives it) for the proper names of
    the glossary — places, organisations, companies, policies — so that a translation
    calls 商汤科技 SenseTime everywhere. A Chinese term is a name when one of its English
    entries there is capitalised (国内 "domestic" is not)."""
    english: dict[str, list[str]] = {}
    titles: set[str] = set()
    for entry in glossary.entries:
        if not entry.section.startswith(_NAME_SECTIONS):
            continue
        for term in entry.chinese:
            english.setdefault(term, []).append(entry.english)
            if entry.section.startswith("Policies"):
                titles.add(term)
    return sorted(
        (Name(term, tuple(names), term in titles) for term, names in english.items()
         if len(term) >= 2 and any(n[:1].isupper() for n in names)),
        key=lambda name: (-len(name.chinese), name.chinese),
    )
