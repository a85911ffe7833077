"""The corpus folder: each report is a ``<slug>.toml`` of metadata beside its text file."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path

from search.model import CorpusError, Report, ReportMeta, decode_text
from search.parser import parse_report

_REQUIRED = ("slug", "text", "title", "title_en", "publisher", "publisher_en", "place",
             "place_en", "date", "language", "site")


@dataclass(frozen=True)
class ReportSource:
    meta: ReportMeta
    metadata_path: Path
    text_path: Path
    titles_en_path: Path | None = None
    edition_path: Path | None = None  # the English edition: a folder of translation files


def find_reports(corpus_dir: Path) -> list[ReportSource]:
    """Every report described in ``corpus_dir``, sorted by slug."""
    sources = [read_metadata(path) for path in sorted(corpus_dir.glob("*.toml"))]
    seen: dict[str, Path] = {}
    for source in sources:
        if source.meta.slug in seen:
            raise CorpusError(str(source.metadata_path), 1,
                              f"slug {source.meta.slug!r} is already used by "
                              f"{seen[source.meta.slug]}")
        seen[source.meta.slug] = source.metadata_path
    return sorted(sources, key=lambda s: s.meta.slug)


def read_metadata(path: Path) -> ReportSource:
    raw = path.read_bytes()
    try:
        data = tomllib.loads(decode_text(raw, str(path)))
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _toml_error_line(str(exc))
        raise CorpusError(str(path), line, f"not valid TOML: {exc}") from None
    missing = [key for key in _REQUIRED if not isinstance(data.get(key), str) or not data[key]]
    if missing:
        raise CorpusError(str(path), 1, f"missing metadata: {', '.join(missing)}")
    slug = data["slug"]
    if not slug.replace("-", "").isalnum() or not slug.isascii() or slug != slug.lower():
        raise CorpusError(str(path), 1, f"slug {slug!r} must be lowercase letters, digits and -")
    meta = ReportMeta(
        **{key: data[key] for key in _REQUIRED if key != "text"},
        regions=tuple(data.get("regions", ())),
    )
    titles_en = data.get("headings_en")
    edition = path.parent / data.get("edition_en", f"{slug}.en")
    return ReportSource(meta, path, path.parent / data["text"],
                        path.parent / titles_en if titles_en else None,
                        edition if edition.is_dir() else None)


def _toml_error_line(message: str) -> int:
    marker = "(at line "
    if marker in message:
        return int(message.split(marker, 1)[1].split(",", 1)[0])
    return 1


def load_report(source: ReportSource) -> Report:
    """Read and parse one report; every failure is a CorpusError naming file and line."""
    try:
        data = source.text_path.read_bytes()
    except OSError as exc:
        raise CorpusError(str(source.text_path), 0, f"cannot read: {exc.strerror}") from None
    text = decode_text(data, str(source.text_path))
    return parse_report(text, source.meta, str(source.text_path))


def fingerprint(corpus_dir: Path) -> str:
    """A hash of every file in the corpus folder: the index is stale when it changes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(corpus_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_english_titles(source: ReportSource, report: Report) -> dict[str, str]:
    """``id<TAB>English title`` lines for the report's headings, tables and figures; an id
    the report does not have is an error at its line."""
    path = source.titles_en_path
    if path is None:
        return {}
    try:
        text = decode_text(path.read_bytes(), str(path))
    except OSError as exc:
        raise CorpusError(str(path), 0, f"cannot read: {exc.strerror}") from None
    known = {s.id for s, _ in report.walk()} | {t.id for t in report.tables()} | {
        f.id for f in report.figures()}
    titles: dict[str, str] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        unit_id, _, title = line.partition("\t")
        if not title.strip():
            raise CorpusError(str(path), lineno, "expected: id<TAB>English title")
        if unit_id.strip() not in known:
            raise CorpusError(str(path), lineno, f"no heading, table or figure {unit_id!r}")
        titles[unit_id.strip()] = title.strip()
    return titles
