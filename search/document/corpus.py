"""The corpus folder: each document is a ``<slug>.toml`` of metadata beside its text file.

The metadata's ``preset`` says how the text is structured (the white paper's dialect, a
law, decimal or Markdown headings) and so which parser reads it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from search.document.model import (
    CONTROL_OR_BREAK,
    DOCUMENT_KINDS,
    PRESETS,
    CorpusError,
    Report,
    ReportMeta,
    SetAside,
    decode_text,
)
from search.document.presets import is_markdown, parse_document

_REQUIRED = ("slug", "text", "title", "publisher", "date", "language")
# What a report has and a law usually has not (English names, place, site, regions), the
# English edition's folder, and the structure and kind of the document.
_OPTIONAL = ("title_en", "publisher_en", "place", "place_en", "site", "regions",
             "edition_en", "preset", "kind")
_META_KEYS = ("slug", "title", "publisher", "date", "language", "title_en", "publisher_en",
              "place", "place_en", "site", "preset", "kind")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_DATE = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")
MAX_TEXT_BYTES = 20 * 1024 * 1024  # a report is ~150 KB; a book is ~2 MB


@dataclass(frozen=True)
class ReportSource:
    meta: ReportMeta
    metadata_path: Path
    text_path: Path
    edition_path: Path | None = None  # the English edition: a folder of translation files


class IncompleteMetadata(CorpusError):
    """A metadata file without a key every document needs: a stub ingest wrote, still to
    be filled in."""


def find_reports(corpus_dir: Path, skipped: list[CorpusError] | None = None
                 ) -> list[ReportSource]:
    """Every report described in ``corpus_dir``, sorted by slug. With ``skipped``, a
    document whose metadata is incomplete is left out and its error put there (issue 25:
    one stub still to fill in stopped the whole library's build); without, it is an
    error."""
    sources = []
    for path in sorted(corpus_dir.glob("*.toml")):
        try:
            sources.append(read_metadata(path))
        except IncompleteMetadata as exc:
            if skipped is None:
                raise
            skipped.append(exc)
    seen: dict[str, Path] = {}
    for source in sources:
        if source.meta.slug in seen:
            raise CorpusError(str(source.metadata_path), 1,
                              f"slug {source.meta.slug!r} is already used by "
                              f"{seen[source.meta.slug]}")
        seen[source.meta.slug] = source.metadata_path
    return sorted(sources, key=lambda s: s.meta.slug)


def read_metadata(path: Path) -> ReportSource:
    return metadata_from_text(decode_text(path.read_bytes(), str(path)), path)


def metadata_from_text(text: str, path: Path) -> ReportSource:
    """The metadata of ``path`` given its text: checked as a file on disk would be, so
    that ingesting can check a stub before it writes it."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        raise CorpusError(str(path), line, f"not valid TOML: {exc}") from None
    _check_metadata(data, text, str(path))
    slug = data["slug"]
    meta = ReportMeta(
        **{key: data[key] for key in _META_KEYS if key in data},
        regions=tuple(data.get("regions", ())),
    )
    edition = path.parent / data.get("edition_en", f"{slug}.en")
    return ReportSource(meta, path, path.parent / data["text"],
                        edition if edition.is_dir() else None)


def _check_metadata(data: dict, text: str, path: str) -> None:
    """Every field of the right type and shape, before anything is built from it: an
    error names the file, the line and the key (a bad date would otherwise build, swap in
    and then fail every citation)."""

    def fail(key: str, message: str) -> CorpusError:
        return CorpusError(path, _key_line(text, key), f"{key}: {message}")

    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise IncompleteMetadata(path, 1, f"missing metadata: {', '.join(missing)}")
    for key, value in data.items():
        if key not in _REQUIRED and key not in _OPTIONAL:
            raise fail(key, f"unknown key (known: {', '.join((*_REQUIRED, *_OPTIONAL))})")
        if key == "regions":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                      for v in value):
                raise fail(key, 'must be a list of names, e.g. ["美国", "英国"]')
        elif not isinstance(value, str) or not value.strip():
            raise fail(key, f"must be a non-empty string, not {value!r}"[:120])
        for string in value if isinstance(value, list) else [value]:
            control = CONTROL_OR_BREAK.search(string)
            if control:  # a line break in a title began a second RIS record (issue 19)
                raise fail(key, f"a control character ({control.group()!r}) in {string!r}"
                                [:160])
    checks = (
        ("slug", _SLUG, "lowercase letters, digits and -, e.g. ai-whitepaper-2023"),
        ("date", _DATE, "a date written YYYY-MM or YYYY-MM-DD, e.g. 2023-03"),
        ("language", _LANGUAGE, "a language code such as zh or en"),
    )
    for key, pattern, shape in checks:
        if not pattern.match(data[key]):
            raise fail(key, f"{data[key]!r} is not {shape}")
    year, month, day = (int(part) for part in (data["date"] + "-1").split("-")[:3])
    try:
        date(year, month, day)
    except ValueError:
        raise fail("date", f"{data['date']!r} is not a date of the calendar") from None
    for key in ("text", "edition_en"):
        if key in data and not _inside(Path(path).parent, data[key]):
            raise fail(key, f"{data[key]!r} is not a file of this folder (a path must stay "
                            "inside the corpus)")
    if "site" in data and not data["site"].startswith(("http://", "https://")):
        raise fail("site", f"{data['site']!r} is not an http(s) address")
    for key, known in (("preset", PRESETS), ("kind", DOCUMENT_KINDS)):
        if key in data and data[key] not in known:
            raise fail(key, f"{data[key]!r} is not one of {', '.join(known)}")


def _inside(folder: Path, name: str) -> bool:
    """Whether ``name`` (relative to ``folder``) names something inside it, symbolic
    links followed: ``../../out/outside.md`` and a link out of the corpus do not."""
    candidate = Path(name)
    if candidate.is_absolute() or ".." in candidate.parts:
        return False
    return (folder / candidate).resolve().is_relative_to(folder.resolve())


def _key_line(text: str, key: str) -> int:
    """The line of the TOML file where ``key`` is set (1 when it is not there)."""
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", text, re.M)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _toml_error_line(message: str) -> int:
    marker = "(at line "
    if marker in message:
        return int(message.split(marker, 1)[1].split(",", 1)[0])
    return 1


def load_report(source: ReportSource, aside: list[SetAside] | None = None) -> Report:
    """Read and parse one document with the parser its preset names; every failure is a
    CorpusError naming file and line. ``aside`` hears about every line left out."""
    try:
        size = source.text_path.stat().st_size
        if size > MAX_TEXT_BYTES:
            raise CorpusError(str(source.text_path), 0, f"{size:,} bytes: more than the "
                              f"{MAX_TEXT_BYTES:,} a document may have")
        data = source.text_path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(source.text_path), 0, f"cannot read: {exc.strerror}") from None
    text = decode_text(data, str(source.text_path))
    return parse_document(text, source.meta, str(source.text_path), aside,
                          markdown=is_markdown(source.text_path.name))


def remove_document(corpus_dir: Path, slug: str) -> list[Path]:
    """Delete one document's files from the corpus — its metadata, its text and its
    English edition — and return them; refused for a slug the corpus does not have, or
    for its last document (a library of none cannot be built)."""
    sources = find_reports(corpus_dir, [])
    found = next((s for s in sources if s.meta.slug == slug), None)
    if found is None:
        known = ", ".join(s.meta.slug for s in sources)
        raise CorpusError(str(corpus_dir), 0, f"no document {slug!r} here (known: {known})")
    if len(sources) == 1:
        raise CorpusError(str(found.metadata_path), 0, "the corpus's only document: a "
                          "library cannot be empty")
    removed = []
    for path in (found.metadata_path, found.text_path):
        if path.is_file():
            path.unlink()
            removed.append(path)
    if found.edition_path is not None and found.edition_path.is_dir():
        shutil.rmtree(found.edition_path)
        removed.append(found.edition_path)
    return removed


def fingerprint(corpus_dir: Path) -> str:
    """A hash of every file in the corpus folder: the index is stale when it changes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(corpus_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
