"""Ingesting a document into the corpus (issue #15): a Markdown, text, .docx or PDF file
becomes a normalised corpus text plus a metadata stub, read with the preset its headings
call for, and every line left out is listed with the reason — nothing is dropped
silently.

``prepare`` reads, detects, parses and checks in memory; ``write`` puts the two files in
the corpus folder. Pure Python with no Django import: the ``ingest`` command is a thin
shell around them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from search.document.corpus import MAX_TEXT_BYTES, metadata_from_text
from search.document.ingest.coverage import Coverage, coverage
from search.document.ingest.detect import detect_preset, first_heading
from search.document.ingest.readers import read_source
from search.document.ingest.source import Source
from search.document.ingest.stub import Stub, guess_metadata, stub_toml
from search.document.markdown import read_markdown
from search.document.model import PRESETS, CorpusError, Report, SetAside
from search.document.presets import parse_document

__all__ = ["Ingested", "prepare", "write"]

_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Ingested:
    """A document read, parsed and checked, ready to be written into the corpus."""

    source: Source
    preset: str
    why: str  # how the preset was chosen: "given", or what the detection saw
    stub: Stub
    report: Report
    aside: tuple[SetAside, ...]  # the reader's and the parser's, in that order
    text: str  # the corpus text, normalised
    metadata: str  # the stub, as TOML
    text_path: Path
    metadata_path: Path
    kept: Coverage  # how much of the source's text reaches indexed units
    warnings: tuple[str, ...] = ()  # what a person should check (a title the corpus has)


def make_slug(path: Path) -> str:
    """A slug from the file name: "Data Security Law (2021).md" → data-security-law-2021;
    Chinese in pinyin (issue 25: "生成式 人工智能 办法 (2023).txt" made the slug "2023"),
    "生成式人工智能办法.txt" → sheng-cheng-shi-ren-gong-zhi-neng-ban-fa."""
    from pypinyin import Style, lazy_pinyin

    spelled = "-".join(lazy_pinyin(path.stem, style=Style.NORMAL, errors="default"))
    slug = _SLUG_CHARS.sub("-", spelled.lower()).strip("-")[:64].strip("-")
    if not slug:
        raise CorpusError(str(path), 0, "the file name has no letters or digits to make a "
                          "slug from: give one with --slug (e.g. --slug data-security-law)")
    return slug


def prepare(path: Path, corpus_dir: Path, *, slug: str | None = None,
            preset: str | None = None, force: bool = False,
            failed_text_dir: Path | None = None) -> Ingested:
    """Read ``path``, choose its preset (``preset`` or detected), parse it as the corpus
    will and check the stub as the corpus will — all in memory. Errors are CorpusErrors
    naming a file and a line. When a converted .docx or PDF does not parse, its text is
    written into ``failed_text_dir`` (if given) for the error to point into — never into
    the corpus, where it would stand in the way of the next attempt (issue 19)."""
    slug = slug or make_slug(path)
    if preset is not None and preset not in PRESETS:
        raise CorpusError(str(path), 0, f"no preset {preset!r} (known: {', '.join(PRESETS)})")
    source = read_source(path)
    text = "\n".join(source.lines).rstrip("\n") + "\n"
    if len(text.encode()) > MAX_TEXT_BYTES:
        raise CorpusError(str(path), 0, f"its text has more than the {MAX_TEXT_BYTES:,} "
                          "bytes a document may have")
    text_path = corpus_dir / f"{slug}{source.suffix}"
    metadata_path = corpus_dir / f"{slug}.toml"
    if not force:
        _check_free(corpus_dir, slug, text_path, metadata_path, path)
    # Markdown (and a .docx, whose headings become Markdown's) is read through its
    # tokens: detection and the stub see its text without markup, an HTML cover's text
    # without its tags; coverage counts what a reader of the rendered file sees
    markdown = text_path.suffix == ".md"
    marked = read_markdown(text) if markdown else None
    lines = marked.plain() if marked is not None else source.lines
    why = "given"
    if preset is None:
        preset, why = detect_preset(lines)
    stub = guess_metadata(lines, slug, preset, text_path.name,
                          first_heading(lines, preset), source.title)
    aside: list[SetAside] = []
    kept = failed_text_dir / text_path.name if source.converted and failed_text_dir \
        else None
    where = str(kept or (text_path if source.converted else path))
    try:
        report = parse_document(text, stub.meta, where, aside, markdown=markdown)
    except CorpusError:
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_text(text, encoding="utf-8")
        raise
    metadata = stub_toml(stub, path.name)
    if not stub.missing:  # a complete stub must read back as the corpus will read it
        checked = metadata_from_text(metadata, metadata_path).meta
        if checked != stub.meta:
            raise CorpusError(str(metadata_path), 1, "the metadata stub does not read back "
                              "as written")
    seen = marked.visible() if marked is not None else source.lines
    return Ingested(source, preset, why, stub, report, (*source.aside, *aside), text,
                    metadata, text_path, metadata_path, coverage(seen, report),
                    _same_title(corpus_dir, metadata_path, stub.meta.title))


def _same_title(corpus_dir: Path, metadata_path: Path, title: str) -> tuple[str, ...]:
    """A warning for each document of the corpus with the same title (the same law
    ingested twice, from two formats?)."""
    wanted = re.compile(rf"^\s*title\s*=\s*[\"']{re.escape(title)}[\"']\s*$", re.M)
    return tuple(f"{other.name} has the same title, {title!r}: the same document twice?"
                 for other in sorted(corpus_dir.glob("*.toml"))
                 if other != metadata_path and wanted.search(
                     other.read_text(encoding="utf-8", errors="replace")))


def _check_free(corpus_dir: Path, slug: str, text_path: Path, metadata_path: Path,
                source: Path) -> None:
    """Refuse to overwrite a document of the corpus (unless forced) or to reuse its slug."""
    for target in (text_path, metadata_path):
        if target.exists() and target.resolve() != source.resolve():
            raise CorpusError(str(target), 0, "already exists: choose another --slug, or "
                              "--force to replace it")
    used = re.compile(rf"^\s*slug\s*=\s*[\"']{re.escape(slug)}[\"']\s*$", re.M)
    for other in sorted(corpus_dir.glob("*.toml")):
        if other != metadata_path and used.search(other.read_text(encoding="utf-8",
                                                                  errors="replace")):
            raise CorpusError(str(other), 0, f"slug {slug!r} is already used here: choose "
                              "another with --slug")


def write(ingested: Ingested) -> None:
    """Put the corpus text and the metadata stub into the corpus folder: both or, when
    writing fails (a full disk), neither."""
    ingested.text_path.parent.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for target, content in ((ingested.text_path, ingested.text),
                                (ingested.metadata_path, ingested.metadata)):
            partial = target.with_name(f".{target.name}.partial")
            written.append(partial)
            partial.write_text(content, encoding="utf-8")
        for partial, target in zip(written, (ingested.text_path, ingested.metadata_path),
                                   strict=True):
            partial.replace(target)
    finally:
        for partial in written:
            partial.unlink(missing_ok=True)

