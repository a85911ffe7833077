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
translated and reviewed on its own.

Two more columns may follow, the ``notes`` field: a translator's note in English, then the
same note in Chinese (issue #24) — where the source contradicts itself, the note says what
the other passage states, and both editions' pages show it, marked as the translator's::

    p-3-1<TAB>8c3cc65c<TAB>… ranks third in China …<TAB>Section 3.2.2.2 says second.<TAB>…

A note belongs to the Chinese its line's fingerprint names: when that changes, the note is
stale with the translation. What ``translation_status`` checks of the translations is in
``fidelity``. Pure Python, no Django.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from search.document.model import (
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
    note_en: str = ""  # a translator's note (where the source contradicts itself)
    note_zh: str = ""  # the same note in Chinese, for the Chinese page


_FINGERPRINT = re.compile(r"^[0-9a-f]{8}$")


def parse_edition_file(text: str, path: str) -> list[Translation]:
    """``id<TAB>fingerprint<TAB>English[<TAB>note in English<TAB>note in Chinese]``
    lines; blank lines and ``#`` comments skipped."""
    entries: list[Translation] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        columns = [c.strip() for c in raw.split("\t")]
        if len(columns) not in (3, 5):
            raise CorpusError(path, lineno, "expected: id<TAB>fingerprint<TAB>English text"
                              "[<TAB>translator's note<TAB>译者注]")
        unit_id, mark, english = columns[:3]
        note_en, note_zh = columns[3:] or ("", "")
        if not _FINGERPRINT.match(mark):
            raise CorpusError(path, lineno, f"fingerprint {mark!r} is not 8 hex digits")
        if not english:
            raise CorpusError(path, lineno, f"{unit_id}: the English text is empty")
        if len(columns) == 5 and not (note_en and note_zh):
            raise CorpusError(path, lineno, f"{unit_id}: a note needs its English and its "
                              "Chinese")
        entries.append(Translation(unit_id, mark, english, path, lineno, note_en, note_zh))
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


def format_line(source: SourceText, english: str, note_en: str = "", note_zh: str = "") -> str:
    """The file line for ``english`` translating ``source`` (with its note, if any)."""
    flat = " ".join(english.split())
    note = f"\t{' '.join(note_en.split())}\t{' '.join(note_zh.split())}" if note_en else ""
    return f"{source.id}\t{fingerprint(source.zh)}\t{flat}{note}"


def current_notes(report: Report, edition: dict[str, Translation]
                  ) -> dict[str, tuple[str, str]]:
    """id → (English note, Chinese note) for every current translation with a note."""
    return {source.id: (entry.note_en, entry.note_zh) for source in source_texts(report)
            if (entry := edition.get(source.id)) is not None and entry.note_en
            and entry.fingerprint == fingerprint(source.zh)}


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
