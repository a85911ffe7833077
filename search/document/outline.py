"""The outline presets: documents other than the white paper, lines in, the same report
model out (issue #15).

- ``law``: 编/分编/章/节 are sections (chapters ``1``…, 节 ``2.1``); each 第X条 is a unit of
  its own, an article with the id ``art-21`` and the printed number "第二十一条";
- ``decimal``: 1 / 1.1 / 1.1.1 headings, whose numbers are their ids;
- ``markdown``: ``#`` headings, nested by depth, numbered by position.

What they share: paragraphs are separated by blank lines (a line that does not end a
sentence runs on into the next), ``|`` tables become tables (``fig-N``, with a 表 N / 图表 N
caption above them when there is one), text before the first heading is front matter,
参考文献 and 附录 are back matter. Lines that are not text — comments, rules, images, page
numbers, a 目录, the cover — are listed as set aside, never dropped without a word. Pure
Python with no Django import.
"""

from __future__ import annotations

import re

from search.document.conventions import (
    MAX_HEADING,
    PAGE_NUMBER,
    PREAMBLE_ID,
    PREAMBLE_TITLE,
    REFERENCE,
    SOURCE,
    TABLES_OF_CONTENTS,
    caption,
    cover_line,
    ends_sentence,
    is_separator,
    is_table_line,
    join_broken,
    named_matter,
    split_caption,
    split_row,
    strip_bold,
    toc_entry,
    unmark,
)
from search.document.drafting import Drafting, ParagraphDraft, TableDraft
from search.document.headings import PRESET_HEADINGS, Heading
from search.document.markdown import (
    ASIDE,
    CODE,
    CONTENTS,
    HEADING,
    HTML,
    ITEM,
    TABLE,
    MarkedLines,
)
from search.document.model import (
    CorpusError,
    Report,
    ReportMeta,
    SetAside,
    squash,
)

_COMMENT_START, _COMMENT_END = "<!--", "-->"
_RULE = re.compile(r"^(?:[-*_]\s*){3,}$")
_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+\S")
_PREAMBLE_TITLES = {"law": "题注"}  # a law's note under its title (adopted …, in force …)
_ENGLISH_PREAMBLE = "Front matter"  # an English document's text before its first heading
# A line of a diagram drawn in characters: a box's edge "+-+--+", a ruler "0 1 2 3".
_DIAGRAM = re.compile(r"^(?:\+[-=+]*-[-=+]*\+?|\|.*\|.*\||[-+|]{2,}\s.*[-+|]{2,})$")


# --------------------------------------------------------------------------- the builder


class _Outline(Drafting):
    def __init__(self, text: str, meta: ReportMeta, path: str,
                 aside: list[SetAside] | None, marked: MarkedLines | None = None) -> None:
        super().__init__(meta, path, aside)
        self.preset = meta.preset
        self.classify = PRESET_HEADINGS[meta.preset]
        self.lines = [line.rstrip("\r") for line in text.replace("\ufeff", "").split("\n")]
        # Markdown: what each line is, from its tokens (``markdown``); None for plain text
        self.marked = marked
        self.source = self.lines
        if marked is not None:
            self.lines = marked.lines
        self.positions: dict[str, int] = {}  # markdown: headings numbered so far, per parent
        self.table_numbers: dict[int, int] = {}
        self.paragraph: ParagraphDraft | None = None
        self.levels: dict[int, int] = {}
        self.title_line = -1  # markdown: the single top heading that names the document
        self.in_toc: set[tuple[int, str]] | None = None
        self.in_comment = False
        self.indented = False  # the current line starts with white space
        self.toc_leaders = False  # the contents' entries have dotted leaders

    def close_paragraph(self) -> None:
        self.paragraph = None

    # -- driver --------------------------------------------------------------------

    def kind(self, index: int) -> str | None:
        """What the line at ``index`` is by its Markdown tokens (None: plain text)."""
        return self.marked.kinds[index] if self.marked is not None else None

    def parse(self) -> Report:
        self.plan_levels()
        lines = self.lines
        index = 0
        while index < len(lines):
            lineno, line = index + 1, lines[index].strip()
            self.indented = lines[index][:1].isspace()
            kind = self.kind(index)
            index += 1
            if kind == ASIDE:
                assert self.marked is not None
                reason = self.marked.reasons[index - 1]
                self.set_aside(lineno, line, reason)
                self.paragraph = None
                if reason == CONTENTS and self.in_toc is not None:
                    self.toc_leaders = True  # its entries are a list: the next heading ends it
            elif kind in (CODE, TABLE):  # a code block, a table: as the tokens delimit it
                end = index
                while end < len(lines) and self.kind(end) == kind:
                    end += 1
                index = self.preformatted(index - 1, end) if kind == CODE \
                    else self.table(index - 1, end)
            elif not line:
                self.paragraph = None
            elif self.not_text(line, lineno):
                continue
            elif kind is None and (index == 1 or not lines[index - 2].strip()) \
                    and self.drawn(index - 1):
                end = index
                while end < len(lines) and lines[end].strip():
                    end += 1
                index = self.preformatted(index - 1, end)
            elif kind is None and is_table_line(line):
                end = index
                while end < len(lines) and is_table_line(lines[end]):
                    end += 1
                index = self.table(index - 1, end)
            else:
                self.line(line, lineno)
        if not any(d.part == "body" for d in self.top):
            raise self.error(len(lines), f"no headings found for the {self.preset} preset "
                             f"({_EXPECTED[self.preset]})")
        return self.report(len(lines))

    def may_head(self, index: int) -> bool:
        """Whether the line at ``index`` may be a heading: in Markdown, the markdown
        preset's headings are ``#`` headings (an escaped ``\\#`` is text) and no preset's
        heading is inside code, a table or HTML."""
        kind = self.kind(index)
        if kind is None:
            return True
        return kind == HEADING if self.preset == "markdown" else kind not in (CODE, TABLE,
                                                                              HTML, ASIDE)

    def plan_levels(self) -> None:
        """Levels from the kinds of heading the document has: a law of chapters alone has
        its chapters at level 1, one with 编 has its chapters at level 2; a Markdown file's
        single ``#`` above everything is its title, not a chapter."""
        found: list[tuple[int, Heading]] = []
        for index, line in enumerate(self.lines):
            if not self.may_head(index):
                continue
            heading = self.classify(line if self.preset == "decimal" else line.strip())
            if heading is not None and not heading.article:
                found.append((index, heading))
        if self.preset == "markdown" and found:
            first, heading = found[0]
            if sum(1 for _, h in found if h.rank <= heading.rank) == 1 and len(found) > 1 \
                    and not heading.key:  # "# 1 概述" is a chapter, even alone
                self.title_line = first
                found = found[1:]
        ranks = sorted({h.rank for _, h in found})
        self.levels = {rank: level for level, rank in enumerate(ranks, start=1)}

    def not_text(self, line: str, lineno: int) -> bool:
        """Set aside what is not text: comments, rules, images (Markdown's tokens have
        said so already), page numbers, the 目录."""
        reason = None
        plain = self.marked is None
        if plain and (self.in_comment or line.startswith(_COMMENT_START)):
            self.in_comment = _COMMENT_END not in line
            reason = "comment"
        elif plain and _RULE.match(line):
            reason = "horizontal rule"
        elif plain and _IMAGE.match(line):
            reason = "image (the file has no text for it)"
        elif PAGE_NUMBER.match(line) and not self.indented:  # "   1000": a status code
            reason = "page number"
        elif squash(unmark(line)).lower() in TABLES_OF_CONTENTS:
            self.in_toc = set()
            reason = "table of contents"
        elif self.in_toc is not None and toc_entry(line):
            reason = "table of contents entry"
            self.toc_leaders = True
        elif self.in_toc is not None and not plain and self.kind(lineno - 1) != HEADING:
            reason = "table of contents entry"  # a list under 目录, up to the next heading
            self.toc_leaders = True
        elif self.in_toc is not None and self.toc_leaders:
            self.in_toc = None  # a contents printed with leaders ends where they do
        elif self.in_toc is not None:
            heading = None if self.indented and self.preset == "decimal" \
                else self.classify(line)
            mark = (heading.rank, heading.key or heading.title) if heading else None
            if mark is None or mark in self.in_toc:
                self.in_toc = None  # the text begins (its first heading, again)
            else:
                self.in_toc.add(mark)
                reason = "table of contents entry"
        if reason:
            self.set_aside(lineno, line, reason)
            self.paragraph = None
        return reason is not None

    def line(self, line: str, lineno: int) -> None:
        kind = self.kind(lineno - 1)
        if kind == HTML and not self.top:  # an HTML cover: its headings are no chapters
            self.set_aside(lineno, line, cover_line(line, self.meta) or "cover (HTML)")
            return
        if kind in (ITEM, HTML):
            self.paragraph = None  # an item of a list, an HTML block: paragraphs of their own
        heading = None if lineno - 1 == self.title_line or not self.may_head(lineno - 1) or (
            self.indented and self.preset == "decimal") else self.classify(line)
        if heading and self.preset == "decimal" and heading.key in self.ids:
            heading = None  # a number that repeats is text (an address, a list), not a heading
        if heading and heading.article:
            self.open_article(heading, lineno)
            return
        named = named_matter(unmark(line)) if len(line) <= MAX_HEADING + 7 and not (
            self.indented and self.preset == "decimal") and kind != HTML else None
        if named:  # 前言, 参考文献, 附录 A: around the text, with a ``#`` or without
            self.open_section(named[0], 1, "", named[2], named[1], lineno, reset=True)
            return
        if heading:
            self.open_heading(heading, lineno)
            return
        text = line if self.preset == "markdown" and lineno - 1 != self.title_line \
            and kind is None else unmark(line)
        reason = cover_line(text, self.meta) if not self.top else None
        if reason:
            self.set_aside(lineno, line, reason)
            return
        if not self.stack:
            self.open_preamble(lineno)
        if self.paragraph and (_LIST_ITEM.match(text) or REFERENCE.match(text)):
            self.paragraph = None  # an item of a list is a paragraph of its own
        if kind == HEADING:  # a heading the preset does not number: a paragraph of its own
            self.paragraph = None
            self.text(text, lineno)
            self.paragraph = None
            return
        self.text(text.removeprefix("> "), lineno)

    # -- sections ------------------------------------------------------------------

    def open_heading(self, heading: Heading, lineno: int) -> None:
        level = self.levels.get(heading.rank, 1)
        while self.stack and (self.stack[-1].level >= level or self.stack[-1].kind == "article"
                              or self.stack[-1].id == PREAMBLE_ID):
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        if self.preset == "decimal":
            section_id = heading.key
        elif self.preset == "law":
            section_id = f"{parent.id}.{heading.key}" if parent else heading.key
        else:  # markdown: by its printed number, else by position among its siblings
            section_id = self.markdown_id(heading, parent.id if parent else "")
        part = parent.part if parent else "body"
        self.open_section(section_id, level, heading.number, heading.title, part, lineno)

    def markdown_id(self, heading: Heading, parent: str) -> str:
        """A Markdown heading's id: its printed number (1.1 whole, 三、 under its parent)
        when it has one no other heading took, else the next free position under its
        parent."""
        self.positions[parent] = self.positions.get(parent, 0) + 1
        under = f"{parent}." if parent else ""
        if heading.key:
            printed = heading.key if heading.absolute else f"{under}{heading.key}"
            if printed not in self.ids:
                return printed
        position = self.positions[parent]
        while f"{under}{position}" in self.ids:
            position += 1
        return f"{under}{position}"

    def open_article(self, heading: Heading, lineno: int) -> None:
        while self.stack and (self.stack[-1].kind == "article"
                              or self.stack[-1].id == PREAMBLE_ID):
            self.stack.pop()
        level = self.stack[-1].level + 1 if self.stack else 1
        self.open_section(heading.key, level, heading.number, heading.title, "body", lineno,
                          kind="article")
        if heading.rest:
            self.text(heading.rest, lineno)

    def open_preamble(self, lineno: int) -> None:
        """Text before the first heading: front matter, never dropped."""
        english = self.meta.language.startswith("en")
        title = _ENGLISH_PREAMBLE if english else _PREAMBLE_TITLES.get(self.preset,
                                                                           PREAMBLE_TITLE)
        self.open_section(PREAMBLE_ID, 1, "", title, "front", lineno, reset=True)

    # -- paragraphs and tables -----------------------------------------------------

    def text(self, line: str, lineno: int) -> None:
        section = self.stack[-1]
        if self.paragraph is not None and not ends_sentence(self.paragraph.text):
            self.paragraph.text = join_broken(self.paragraph.text, line)
        else:
            self.paragraph = ParagraphDraft(line, lineno)
            section.blocks.append(self.paragraph)
        self.check_text(section, self.paragraph, line, lineno)

    def table(self, start: int, end: int) -> int:
        """The ``|`` lines ``start``…``end`` as a table: its caption is the line above
        when that line is one (表 1 …), its source the line below when it says 来源；
        returns where the text goes on."""
        lineno = start + 1
        if not self.stack:
            self.open_preamble(lineno)
        section = self.stack[-1]
        rows = [(i + 1, split_row(self.lines[i])) for i in range(start, end)]
        header = rows[0][1]
        body = rows[2:] if len(rows) > 1 and is_separator(rows[1][1]) else rows[1:]
        for row_line, cells in body:
            if len(cells) > len(header):
                raise self.error(row_line, f"ragged table row, {len(cells)} cells where "
                                 f"the header has {len(header)}")
            cells.extend([""] * (len(header) - len(cells)))  # a short row: empty cells
        found = None
        last = section.blocks[-1] if section.blocks else None
        if isinstance(last, ParagraphDraft) and last.line == self.last_text_line(start):
            found = caption(strip_bold(last.text)[0])
            if found:  # the line above names the table: 表 1 …, 图表 1：…
                section.blocks.pop()
        number = found[0] if found else max(self.table_numbers, default=0) + 1
        if number in self.table_numbers:
            raise self.error(lineno, f"table {number} is numbered again (first on line "
                             f"{self.table_numbers[number]}); a table without a caption "
                             "takes the number after the one before it")
        self.table_numbers[number] = lineno
        title, unit = split_caption(found[1]) if found else ("", None)
        draft = TableDraft(number, title, unit, lineno, header=header,
                           rows=[c for _, c in body], parts=1)
        following = end
        while following < len(self.lines) and not self.lines[following].strip():
            following += 1
        source = SOURCE.match(self.lines[following].strip()) if following < len(
            self.lines) else None
        if source:
            draft.source = source.group(1).strip() or None
            end = following + 1
        section.blocks.append(draft)
        self.paragraph = None
        return end

    def drawn(self, start: int) -> bool:
        """Whether the block of lines from ``start`` to the next blank line is a drawing:
        a line of it draws a box's edge, or it has ``|`` lines without a table's header
        separator (``|---|``) under the first."""
        end = start
        while end < len(self.lines) and self.lines[end].strip():
            end += 1
        block = [line.strip() for line in self.lines[start:end]]
        if any(_DIAGRAM.match(line) and not is_table_line(line) for line in block):
            return True
        first = next((i for i, line in enumerate(block) if is_table_line(line)), None)
        if first is None:
            return False
        return first + 1 >= len(block) or not is_separator(split_row(block[first + 1]))

    def preformatted(self, start: int, end: int) -> int:
        """Lines ``start``…``end`` kept as they are, one preformatted paragraph: a diagram
        drawn in characters or a table without a header row, which a table would garble
        (issue 25: 41 of an RFC's diagrams became 图表 tables)."""
        lineno = start + 1
        if not self.stack:
            self.open_preamble(lineno)
        section = self.stack[-1]
        block = [line.rstrip() for line in self.lines[start:end]]
        if not any(block):
            return end
        margin = min(len(line) - len(line.lstrip()) for line in block if line.strip())
        self.paragraph = ParagraphDraft("\n".join(line[margin:] for line in block), lineno,
                                        preformatted=True)
        section.blocks.append(self.paragraph)
        self.check_text(section, self.paragraph, self.paragraph.text, lineno)
        self.paragraph = None
        return end

    def last_text_line(self, start: int) -> int:
        """The number of the last line with text before line index ``start``."""
        index = start - 1
        while index >= 0 and not self.lines[index].strip():
            index -= 1
        return index + 1


_EXPECTED = {
    "law": "expected 第一章 … or 第一条 …",
    "decimal": "expected headings such as 1 范围, 1.1 …",
    "markdown": "expected # headings",
}


def parse_outline(text: str, meta: ReportMeta, path: str = "<text>",
                  aside: list[SetAside] | None = None, marked: MarkedLines | None = None
                  ) -> Report:
    """Parse a document with the outline preset ``meta.preset`` names (law, decimal,
    markdown); raises CorpusError naming ``path`` and a line. ``aside`` hears about every
    line left out, with the reason. ``marked``: the text is Markdown, read into these
    lines by its tokens (``markdown.read_markdown``)."""
    if meta.preset not in PRESET_HEADINGS:
        raise CorpusError(path, 0, f"no outline preset {meta.preset!r} (known: "
                          f"{', '.join(PRESET_HEADINGS)})")
    return _Outline(text, meta, path, aside, marked).parse()
