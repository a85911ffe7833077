"""A section's blocks — paragraphs, tables, charts — as escaped HTML for the pages, with
the reader's words marked, footnote markers linked to their notes and the first match
anchored. HTML is built here from escaped pieces (``highlight``) and nowhere else."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from search.highlight import Highlight, mark
from search.labels import english_title
from search.model import Block, Figure, Paragraph, Section, Table
from search.snapshot import Snapshot

FIRST_MATCH = "first-match"


@dataclass
class RenderedBlock:
    kind: str  # paragraph, table, figure
    html: SafeString | None = None  # paragraph
    footnotes: list[tuple[str, str, str]] = field(default_factory=list)  # anchor, marker, html
    table: Table | None = None
    figure: Figure | None = None
    rows: list[tuple[str, list[SafeString]]] = field(default_factory=list)  # policy id, cells
    english: str | None = None

    @property
    def has_policies(self) -> bool:
        return any(policy_id for policy_id, _ in self.rows)

    def row(self, policy_id: str) -> list[SafeString]:
        return next(cells for pid, cells in self.rows if pid == policy_id)


def render_block(snapshot: Snapshot, slug: str, section: Section, index: int,
                 highlight: Highlight, english: bool) -> RenderedBlock:
    """The section's ``index``-th block, escaped, the reader's words marked."""
    analyzer = snapshot.analyzer
    block: Block = section.blocks[index]
    if isinstance(block, Paragraph):
        html = mark(analyzer, block.text, highlight, block.emphasis)
        notes = []
        for number, footnote in enumerate(block.footnotes, start=1):
            anchor = f"fn-{section.id}-{index}-{number}"
            link = format_html('<sup class="fn-ref"><a href="#{}" id="{}-ref">{}</a></sup>',
                               anchor, anchor, footnote.marker)
            html = html.replace(footnote.marker, link, 1)
            notes.append((anchor, footnote.marker, mark(analyzer, footnote.text, highlight)))
        return RenderedBlock("paragraph", mark_safe(html), notes)
    title = english_title(snapshot, slug, block.id, english)
    if isinstance(block, Table):
        policy_ids = [p.id for p in block.policies] or [""] * len(block.rows)
        rows = [(pid, [mark_safe(mark(analyzer, cell, highlight)) for cell in row])
                for pid, row in zip(policy_ids, block.rows, strict=True)]
        return RenderedBlock("table", table=block, rows=rows, english=title)
    return RenderedBlock("figure", figure=block, english=title)


def render_blocks(snapshot: Snapshot, slug: str, section: Section, highlight: Highlight,
                  english: bool) -> list[RenderedBlock]:
    """Every block of the section, the first match anchored as #first-match."""
    blocks = [render_block(snapshot, slug, section, index, highlight, english)
              for index in range(len(section.blocks))]
    anchor_first_match(blocks)
    return blocks


def block_index(section: Section, block_id: str) -> int:
    """Where the table or chart ``block_id`` stands among the section's blocks."""
    return next(i for i, b in enumerate(section.blocks)
                if not isinstance(b, Paragraph) and b.id == block_id)


def anchor_first_match(blocks: Sequence[RenderedBlock]) -> None:
    first = f'<mark id="{FIRST_MATCH}">'
    for block in blocks:
        if block.html and "<mark>" in block.html:
            block.html = mark_safe(block.html.replace("<mark>", first, 1))
            return
        for _, row in block.rows:
            for i, cell in enumerate(row):
                if "<mark>" in cell:
                    row[i] = mark_safe(cell.replace("<mark>", first, 1))
                    return
