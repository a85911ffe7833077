"""The skeleton both parsers share — the white paper's (``parser``) and the outline presets'
(``outline``): drafts of sections, paragraphs and tables that grow line by line, the open
section stack, ids that must not repeat, the limits no document may pass, lines set aside
with their reason, and the freezing of drafts into the report model."""

from __future__ import annotations

from dataclasses import dataclass, field

from search.document.conventions import (
    MAX_PARAGRAPH,
    MAX_SECTION,
    MAX_UNITS,
    ends_sentence,
    freeze_table,
    join_broken,
    strip_bold,
)
from search.document.model import (
    Block,
    CorpusError,
    Figure,
    Footnote,
    Paragraph,
    Report,
    ReportMeta,
    Section,
    SetAside,
)


@dataclass
class SectionDraft:
    id: str
    level: int
    number: str
    title: str
    part: str  # front, body, back
    line: int
    kind: str = "section"  # or "article" (a law's 第X条)
    region: str | None = None
    blocks: list[ParagraphDraft | TableDraft] = field(default_factory=list)
    children: list[SectionDraft] = field(default_factory=list)
    pages: tuple[int, int] | None = None
    chars: int = 0  # of paragraph text, for MAX_SECTION


@dataclass
class ParagraphDraft:
    text: str
    line: int
    footnotes: list[Footnote] = field(default_factory=list)
    preformatted: bool = False  # kept line by line as printed (a diagram)


@dataclass
class TableDraft:
    """A captioned table or chart; a chart (no ``header``) keeps only its caption and the
    labels printed with it."""

    number: int
    title: str
    unit: str | None
    line: int
    source: str | None = None
    header: list[str] | None = None
    rows: list[list[str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    parts: int = 0  # runs of | lines read (a table continued on the next page: 2 …)
    header_line: int = 0

    def add_row(self, cells: list[str], after_break: bool = False) -> None:
        """Add a body row as printed. The first row after a page break (``after_break``)
        completes the row before when only its last cell has text and that row stopped
        mid-sentence; blank leading cells mean "same as above" (地区 in 图表 50, 51, 56)."""
        if after_break and self.rows and self.continues_last_row(cells):
            previous = self.rows[-1]
            for column, cell in enumerate(cells):
                if cell:
                    previous[column] = join_broken(previous[column], cell)
            return
        if self.rows:
            for column, cell in enumerate(cells):
                if cell:
                    break
                cells[column] = self.rows[-1][column]
        self.rows.append(cells)

    def continues_last_row(self, cells: list[str]) -> bool:
        return (
            len(cells) >= 2
            and not any(cells[:-1])
            and bool(cells[-1])
            and not ends_sentence(self.rows[-1][-1])
        )


class Drafting:
    """A document being parsed: its drafts, the sections open at the current line, what
    was set aside. Subclasses read lines; this keeps the tree and freezes it."""

    def __init__(self, meta: ReportMeta, path: str, aside: list[SetAside] | None) -> None:
        self.meta = meta
        self.path = path
        self.aside = aside if aside is not None else []
        self.top: list[SectionDraft] = []
        self.stack: list[SectionDraft] = []  # the open sections, outermost first
        self.ids: dict[str, int] = {}  # section id → the line of its heading

    def error(self, line: int, message: str) -> CorpusError:
        return CorpusError(self.path, line, message)

    def set_aside(self, lineno: int, line: str, reason: str) -> None:
        self.aside.append(SetAside(lineno, line, reason))

    def close_paragraph(self) -> None:
        """Hook: the next text line starts a paragraph of its own."""

    # -- sections ------------------------------------------------------------------

    def open_section(self, section_id: str, level: int, number: str, title: str, part: str,
                     lineno: int, *, kind: str = "section", reset: bool = False) -> None:
        """A section opens under the innermost open one (at the top with ``reset``); its
        region is the place its title starts with, else its parent's."""
        self.close_paragraph()
        if section_id in self.ids:
            raise self.error(lineno, f"section id {section_id!r} repeats the heading on "
                             f"line {self.ids[section_id]}")
        self.ids[section_id] = lineno
        if reset:
            self.stack = []
        parent = self.stack[-1] if self.stack else None
        region = next((r for r in self.meta.regions if title.startswith(r)), None)
        draft = SectionDraft(section_id, level, number, title, part, lineno, kind,
                             region or (parent.region if parent else None))
        (parent.children if parent else self.top).append(draft)
        self.stack.append(draft)

    # -- limits --------------------------------------------------------------------

    def check_text(self, section: SectionDraft, paragraph: ParagraphDraft, line: str,
                   lineno: int) -> None:
        """Count ``line`` into its section; refuse a paragraph or section too long to be
        one (the text is missing its line breaks, or its headings)."""
        if len(paragraph.text) > MAX_PARAGRAPH:
            raise self.error(paragraph.line, f"a paragraph of more than {MAX_PARAGRAPH:,} "
                             "characters (is the text missing its line breaks?)")
        section.chars += len(line)
        if section.chars > MAX_SECTION:
            raise self.error(lineno, f"section {section.id} has more than {MAX_SECTION:,} "
                             "characters of text (are headings missing?)")

    # -- freezing ------------------------------------------------------------------

    def report(self, last_line: int) -> Report:
        """The drafts frozen into the report model; refused past MAX_UNITS units."""
        report = Report(meta=self.meta, sections=tuple(self.freeze(d) for d in self.top))
        counts = report.counts()
        units = counts["sections"] + counts["tables"] + counts["figures"] + counts["policies"]
        if units > MAX_UNITS:
            raise self.error(last_line, f"{units:,} sections, tables, charts and policies: "
                             f"more than the {MAX_UNITS:,} a document may have")
        return report

    def freeze(self, draft: SectionDraft) -> Section:
        return Section(
            id=draft.id,
            level=draft.level,
            number=draft.number,
            title=draft.title,
            part=draft.part,
            blocks=tuple(self.freeze_block(b, draft) for b in draft.blocks),
            children=tuple(self.freeze(c) for c in draft.children),
            pages=draft.pages,
            region=draft.region,
            kind=draft.kind,
        )

    def freeze_block(self, block: ParagraphDraft | TableDraft, section: SectionDraft
                     ) -> Block:
        if isinstance(block, ParagraphDraft):
            if block.preformatted:
                return Paragraph(block.text, preformatted=True)
            text, emphasis = strip_bold(block.text)
            return Paragraph(text, emphasis, tuple(block.footnotes))
        figure_id = f"fig-{block.number}"
        if block.header is None:
            return Figure(figure_id, block.number, block.title, block.unit, block.source,
                          tuple(block.labels))
        def error(message: str) -> CorpusError:
            return self.error(block.line, message)

        return freeze_table(figure_id, block.number, block.title, block.unit, block.source,
                            block.header, block.rows, section.region, error)
