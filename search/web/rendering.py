"""Sections, paragraphs, tables and charts as escaped HTML for the pages — in Chinese, in
the English edition, or both side by side — with the reader's words marked, footnote
markers linked to their notes, every paragraph anchored (``p-3.1.1.3-2``) and every
match numbered for the match bar. HTML is built here from escaped pieces
(``highlight``) and nowhere else.

A chapter or a parent section is read as one text: its subsections come inline, in
order, up to ``MAX_INLINE`` characters (a larger one lists them instead)."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from search.document.conventions import strip_bold
from search.document.corpus import find_reports
from search.document.model import (
    CorpusError,
    Figure,
    Paragraph,
    Section,
    Table,
    footnote_id,
    paragraph_id,
)
from search.engine.snapshot import Snapshot
from search.language.edition import current_notes, load_edition
from search.query.highlight import Highlight, english_spans, mark, render
from search.web.labels import english_ui

FIRST_MATCH = "first-match"
TEXTS = ("zh", "en", "both")  # which text a page shows
MAX_INLINE = 120_000  # characters of subsections read inline on one page
MAX_LISTED_MATCHES = 60  # matches listed for readers without JavaScript


@dataclass
class Text:
    """One piece of the report in the languages the page shows (None: not shown, or no
    translation)."""

    zh: SafeString | None = None
    en: SafeString | None = None

    @property
    def inline(self) -> SafeString:
        """Both languages in a line (a cell, a caption): the interface's language first —
        the English after the Chinese, on an English page the Chinese after the English."""
        if self.zh and self.en:
            if english_ui():
                return format_html('<span lang="en">{}</span> <span class="original" '
                                   'lang="zh-Hans">{}</span>', self.en, self.zh)
            return format_html('<span lang="zh-Hans">{}</span> <span class="en" lang="en">{}'
                               "</span>", self.zh, self.en)
        if self.en:
            return format_html('<span lang="en">{}</span>', self.en)
        return format_html('<span lang="zh-Hans">{}</span>', self.zh) if self.zh else mark_safe("")


@dataclass
class Note:
    anchor: str  # fn-3.2.1.1-2-1
    marker: str
    text: Text


@dataclass
class RenderedBlock:
    kind: str  # paragraph, table, figure
    anchor: str  # p-3.1.1.3-2, fig-15
    text: Text = field(default_factory=Text)  # a paragraph
    notes: list[Note] = field(default_factory=list)
    translator_note: Text = field(default_factory=Text)  # where the source contradicts itself
    table: Table | None = None
    figure: Figure | None = None
    title: Text = field(default_factory=Text)  # a table's or chart's caption
    unit: Text = field(default_factory=Text)
    source: Text = field(default_factory=Text)
    header: list[Text] = field(default_factory=list)
    rows: list[tuple[str, list[Text]]] = field(default_factory=list)  # (policy id, cells)
    labels: list[Text] = field(default_factory=list)  # a chart's stray labels
    sorts: list[dict[str, str]] = field(default_factory=list)  # header links, if sortable
    preformatted: bool = False  # a paragraph kept line by line (a diagram)

    @property
    def columns(self) -> list[tuple[Text, dict[str, str] | None]]:
        """Header cells with their sort links (None where the table is not sortable)."""
        sorts: list[dict[str, str] | None] = list(self.sorts) or [None] * len(self.header)
        return list(zip(self.header, sorts, strict=True))

    @property
    def has_policies(self) -> bool:
        return any(policy_id for policy_id, _ in self.rows)

    def row(self, policy_id: str) -> list[Text]:
        return next(cells for pid, cells in self.rows if pid == policy_id)


@dataclass
class RenderedSection:
    section: Section
    depth: int  # 0: the page's own section; 1, 2 …: inline subsections
    heading: Text
    blocks: list[RenderedBlock]
    children: list[RenderedSection] = field(default_factory=list)
    inline: bool = True  # its text is on this page (else it is only listed, by a link)

    @property
    def listed(self) -> bool:
        """Whether the children are listed as links (too long to read inline)."""
        return bool(self.children) and not self.children[0].inline

    def walk(self) -> Iterator[RenderedSection]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Match:
    anchor: str  # first-match, m-2 …
    word: str  # the marked text
    where: str  # the heading of the section it is in


_notes: weakref.WeakKeyDictionary[Snapshot, dict[str, dict[str, tuple[str, str]]]] = \
    weakref.WeakKeyDictionary()


def translator_notes(snapshot: Snapshot, slug: str) -> dict[str, tuple[str, str]]:
    """The English edition's translator's notes of a report (id → English, Chinese),
    read from the corpus once per snapshot; the index does not carry them."""
    cache = _notes.setdefault(snapshot, {})
    if slug not in cache:
        found: dict[str, tuple[str, str]] = {}
        report = snapshot.reports.get(slug)
        try:
            sources = find_reports(settings.CORPUS_DIR) if report is not None else []
            for source in sources:
                if source.meta.slug == slug and report is not None:
                    found = current_notes(report, load_edition(source.edition_path))
        except (CorpusError, OSError):  # the index still serves; the notes wait
            found = {}
        cache[slug] = found
    return cache[slug]


class Renderer:
    """Renders units of one report for one page: the text(s) it shows, what it marks."""

    def __init__(self, snapshot: Snapshot, slug: str, highlight: Highlight,
                 text: str = "zh") -> None:
        self.snapshot = snapshot
        self.slug = slug
        self.highlight = highlight
        self.show_zh = text in ("zh", "both")
        self.show_en = text in ("en", "both")
        self.english_only = text == "en"
        self.notes = translator_notes(snapshot, slug)

    # -- pieces --------------------------------------------------------------------

    def english_of(self, unit_id: str, key: str) -> str:
        record = self.snapshot.record(self.slug, unit_id)
        return record.english.get(key, "") if record is not None else ""

    def zh(self, text: str, emphasis=(), english: str = "") -> SafeString | None:
        """The Chinese, when the page shows it — or when it shows the English and this
        piece has none."""
        if not self.show_zh and (english or not text):
            return None
        return mark_safe(mark(self.snapshot.analyzer, text, self.highlight, emphasis))

    def en(self, text: str) -> SafeString | None:
        """English text (``**bold**`` kept as emphasis), its query words marked."""
        if not self.show_en or not text:
            return None
        plain, emphasis = strip_bold(text)
        return mark_safe(render(plain, english_spans(plain, self.highlight), emphasis))

    def both(self, zh: str, en: str) -> Text:
        return Text(self.zh(zh, english=en), self.en(en))

    # -- blocks --------------------------------------------------------------------

    def blocks(self, section: Section) -> list[RenderedBlock]:
        out: list[RenderedBlock] = []
        number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                number += 1
                out.append(self.paragraph(section, block, number))
            else:
                out.append(self.captioned(block))
        return out

    def paragraph(self, section: Section, block: Paragraph, number: int) -> RenderedBlock:
        anchor = paragraph_id(section.id, number)
        english = self.english_of(section.id, anchor)
        text = Text(self.zh(block.text, block.emphasis, english), self.en(english))
        notes = []
        for k, footnote in enumerate(block.footnotes, start=1):
            note_anchor = footnote_id(section.id, number, k)
            link = format_html('<sup class="fn-ref"><a href="#{}" id="{}-ref">{}</a></sup>',
                               note_anchor, note_anchor, footnote.marker)
            text = Text(*(mark_safe(html.replace(footnote.marker, link, 1)) if html else html
                          for html in (text.zh, text.en)))
            notes.append(Note(note_anchor, footnote.marker, self.both(
                footnote.text, self.english_of(section.id, note_anchor))))
        rendered = RenderedBlock("paragraph", anchor, text, notes,
                                 preformatted=block.preformatted)
        if anchor in self.notes:
            note_en, note_zh = self.notes[anchor]
            rendered.translator_note = Text(
                conditional_escape(note_zh) if self.show_zh else None,
                conditional_escape(note_en) if self.show_en else None)
        return rendered

    def captioned(self, block: Table | Figure) -> RenderedBlock:
        def english(suffix: str) -> str:
            return self.english_of(block.id, f"{block.id}{suffix}")

        rendered = RenderedBlock(
            "table" if isinstance(block, Table) else "figure", block.id,
            title=self.both(block.title, english("")),
            unit=self.both(block.unit or "", english(".unit")) if block.unit else Text(),
            source=self.both(block.source or "", english(".source")) if block.source
            else Text(),
        )
        if isinstance(block, Table):
            rendered.table = block
            rendered.header = [self.both(cell, english(f".h{c}"))
                               for c, cell in enumerate(block.header, start=1)]
            policy_ids = [p.id for p in block.policies] or [""] * len(block.rows)
            rendered.rows = [
                (pid, [self.both(cell, english(f".r{r}.c{c}"))
                       for c, cell in enumerate(row, start=1)])
                for r, (pid, row) in enumerate(zip(policy_ids, block.rows, strict=True),
                                               start=1)]
        else:
            rendered.figure = block
            rendered.labels = [self.both(label, english(f".label{k}"))
                               for k, label in enumerate(block.labels, start=1)]
        return rendered

    # -- sections ------------------------------------------------------------------

    def heading(self, section: Section) -> Text:
        return self.both(section.title, self.english_of(section.id, section.id))

    def section(self, section: Section, depth: int = 0, budget: list[int] | None = None
                ) -> RenderedSection:
        """The section, and (budget allowing) its subsections inline, in order."""
        budget = budget if budget is not None else [MAX_INLINE]
        rendered = RenderedSection(section, depth, self.heading(section), self.blocks(section))
        budget[0] -= sum(len(p.text) for p in section.paragraphs)
        inline = _size(section) - sum(len(p.text) for p in section.paragraphs) <= budget[0]
        rendered.children = [self.section(child, depth + 1, budget) if inline else
                             RenderedSection(child, depth + 1, self.heading(child), [],
                                             inline=False)
                             for child in section.children]
        return rendered


def _size(section: Section) -> int:
    """Characters of paragraph text in the section and below it."""
    return sum(len(p.text) for p in section.paragraphs) + sum(map(_size, section.children))


def block_index(section: Section, block_id: str) -> int:
    """Where the table or chart ``block_id`` stands among the section's blocks."""
    return next(i for i, b in enumerate(section.blocks)
                if not isinstance(b, Paragraph) and b.id == block_id)


# --------------------------------------------------------------------------- matches

_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)
_TAGS = re.compile(r"<[^>]+>")


class _Numbering:
    """Gives every <mark> of a page an id in reading order — the first ``first-match``
    (what search results link to), then m-2, m-3 … — and lists them."""

    def __init__(self) -> None:
        self.matches: list[Match] = []

    def __call__(self, html: SafeString | None, where: str) -> SafeString | None:
        if not html or "<mark>" not in html:
            return html

        def number(match: re.Match) -> str:
            anchor = FIRST_MATCH if not self.matches else f"m-{len(self.matches) + 1}"
            self.matches.append(Match(anchor, _TAGS.sub("", match.group(1)), where))
            return f'<mark id="{anchor}">{match.group(1)}</mark>'

        return mark_safe(_MARK.sub(number, html))


def number_matches(sections: list[RenderedSection], extra: Sequence[RenderedBlock] = ()
                   ) -> list[Match]:
    """Number the marks of these sections (and blocks), in reading order."""
    numbering = _Numbering()

    def text(piece: Text, where: str) -> None:
        piece.zh = numbering(piece.zh, where)
        piece.en = numbering(piece.en, where)

    def block(rendered: RenderedBlock, where: str) -> None:
        text(rendered.text, where)
        text(rendered.title, where)
        for cells in (rendered.header, *(cells for _, cells in rendered.rows),
                      rendered.labels):
            for cell in cells:
                text(cell, where)
        for note in rendered.notes:
            text(note.text, where)

    for top in sections:
        for rendered in top.walk():
            where = rendered.section.heading
            text(rendered.heading, where)
            for item in rendered.blocks:
                block(item, where)
    for item in extra:
        block(item, "")
    return numbering.matches
