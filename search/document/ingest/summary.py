"""What ingesting found, as lines to print: the metadata, the outline (every heading
with its id; a law's articles as ranges under their chapter), the counts, and every line
set aside with its place and reason — so that a person can see at a glance whether the
document was read as it is structured."""

from __future__ import annotations

from collections import Counter

from search.document.ingest import Ingested
from search.document.model import Report, Section, SetAside

_SHOWN = 60  # characters of a set-aside line


def describe(ingested: Ingested) -> list[str]:
    meta = ingested.stub.meta
    source = ingested.source
    lines = [f"{source.path.name} ({source.format}"
             + (f", read as {source.encoding}" if source.encoding != "utf-8" else "")
             + f") → {ingested.text_path.name} + {ingested.metadata_path.name}",
             f"preset: {ingested.preset} ({ingested.why})",
             f"metadata: title {meta.title} · publisher {meta.publisher or '?'} · "
             f"date {meta.date or '?'} · kind {meta.kind}"]
    if ingested.stub.missing:
        lines.append(f"  not found in the document, to fill in: "
                     f"{', '.join(ingested.stub.missing)}")
    lines.append("outline:")
    lines += outline_lines(ingested.report)
    lines.append("counts: " + ", ".join(f"{n} {name}" for name, n in
                                        outline_counts(ingested.report).items()))
    lines.append(f"text: {ingested.kept}")
    lines += [f"warning: {warning}" for warning in ingested.warnings]
    lines += aside_lines(ingested.aside)
    return lines


def outline_counts(report: Report) -> dict[str, int]:
    sections = [s for s, _ in report.walk()]
    body = [s for s in sections if s.part == "body"]
    return {
        "chapters": sum(1 for s in body if s.level == 1 and s.kind != "article"),
        "sections": sum(1 for s in body if s.level > 1 and s.kind != "article"),
        "articles": sum(1 for s in sections if s.kind == "article"),
        "front/back matter": sum(1 for s in report.sections if s.part != "body"),
        "tables": sum(1 for _ in report.tables()),
        "figures": sum(1 for _ in report.figures()),
        "paragraphs": sum(len(s.paragraphs) for s in sections),
    }


def outline_lines(report: Report) -> list[str]:
    lines: list[str] = []

    def visit(section: Section, depth: int) -> None:
        articles = [c for c in section.children if c.kind == "article"]
        extra = _contents(section, articles)
        lines.append(f"{'  ' * depth}  {section.id:<12} {section.heading}{extra}")
        run: list[Section] = []
        for child in section.children:
            if child.kind == "article":
                run.append(child)
                continue
            if run:
                lines.append(f"{'  ' * (depth + 1)}  {_range(run)}")
                run = []
            visit(child, depth + 1)

    loose: list[Section] = []
    for top in report.sections:
        if top.kind == "article":  # a law without chapters
            loose.append(top)
            continue
        if loose:
            lines.append(f"  {_range(loose)}")
            loose = []
        visit(top, 0)
    if loose:
        lines.append(f"  {_range(loose)}")
    return lines


def _contents(section: Section, articles: list[Section]) -> str:
    parts = []
    if articles:
        parts.append(f"{len(articles)} articles {articles[0].id}…{articles[-1].id}"
                     if len(articles) > 1 else f"1 article {articles[0].id}")
    if section.paragraphs:
        parts.append(f"{len(section.paragraphs)} ¶")
    if section.tables:
        parts.append(", ".join(t.id for t in section.tables))
    return f"  ({'; '.join(parts)})" if parts else ""


def _range(articles: list[Section]) -> str:
    count = len(articles)
    return (f"{articles[0].id}…{articles[-1].id} ({count} articles)" if count > 1
            else f"{articles[0].id} (1 article)")


def aside_lines(aside: tuple[SetAside, ...]) -> list[str]:
    if not aside:
        return ["set aside: nothing"]
    reasons = Counter(a.reason for a in aside)
    lines = [f"set aside: {len(aside)} line{'s' if len(aside) > 1 else ''} ("
             + ", ".join(f"{reason} {n}" for reason, n in reasons.most_common()) + ")"]
    for entry in aside:
        where = entry.where or f"line {entry.line}"
        text = entry.text if len(entry.text) <= _SHOWN else entry.text[:_SHOWN] + "…"
        lines.append(f"  {where}: {text}  — {entry.reason}")
    return lines
