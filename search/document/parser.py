"""The parser of the white paper's text: lines in, the report model out.

Pure Python with no Django import, so parsing can be tested and benchmarked alone. It
undoes the print artefacts of a PDF-to-text export (running headers, page breaks inside
paragraphs, tables and rows continued on the next page, "same as above" blank cells,
footnotes dropped mid-paragraph, ``**bold**``) and reads the table of contents only for
its page numbers.

It is the ``report`` preset (一、/（一）/1./（1）); ``outline`` reads the others. Lines it
leaves out — the cover, running headers, page numbers, the back cover — are listed as
``SetAside`` for whoever asks, and text it cannot place is kept rather than dropped: text
before the first heading becomes front matter, references and appendices back matter
(issue #15).
"""

from __future__ import annotations

from collections.abc import Callable

from search.document.contents import ContentsEntry, assign_pages, contents_entry
from search.document.conventions import (
    BULLET,
    FOOTNOTE,
    MAX_HEADING,
    PAGE_NUMBER,
    PREAMBLE_ID,
    PREAMBLE_TITLE,
    REFERENCE,
    SEPARATOR_CELL,
    SOURCE,
    TABLE_OF_CONTENTS,
    caption,
    cover_line,
    ends_sentence,
    heading_key,
    heading_label,
    is_decimal_number,
    is_separator,
    is_table_line,
    join_broken,
    named_matter,
    parse_heading,
    split_caption,
    split_heading,
    split_row,
    toc_entry,
    unmark,
)
from search.document.drafting import Drafting, ParagraphDraft, TableDraft
from search.document.markdown import ASIDE, BLANK, CODE, HEADING, HTML, ITEM, MarkedLines
from search.document.model import (
    CorpusError,
    Footnote,
    Report,
    ReportMeta,
    SetAside,
    squash,
)

# --------------------------------------------------------------------------- parser


class _Parser(Drafting):
    def __init__(self, text: str, meta: ReportMeta, path: str,
                 aside: list[SetAside] | None, marked: MarkedLines | None = None) -> None:
        super().__init__(meta, path, aside)
        # Markdown's ``#`` marks are dropped: numbering says what a heading is here. A byte
        # order mark is no text, and before the first chapter it hid the chapter. A
        # Markdown file is read through its tokens (``marked``): they say which lines are
        # headings, code, HTML or no text at all.
        self.marked = marked
        self.lines = [unmark(line.rstrip("\r")) for line in
                      (marked.lines if marked is not None
                       else text.replace("\ufeff", "").split("\n"))]
        self.figure_numbers: dict[int, int] = {}
        self.uncaptioned: set[int] = set()
        self.paragraphs: list[ParagraphDraft] = []
        self.open_paragraph: ParagraphDraft | None = None
        self.toc: list[ContentsEntry] = []
        self.i = 0
        # what a line of the text is, tried in order until one takes it
        self.handlers: tuple[Callable[[str, int], bool], ...] = (
            self.markdown_line, self.blank_line, self.contents, self.named_heading,
            self.numbered_heading, self.in_a_section, self.figure_caption, self.table_start,
            self.footnote_line, self.text_paragraph)

    # -- line classification -------------------------------------------------------

    def artefact(self, line: str) -> str | None:
        """Why a line with content is a print artefact rather than text, or None."""
        if line == self.meta.publisher:
            return "running header"
        if PAGE_NUMBER.match(line):
            return "page number"
        return None

    def is_blank(self, line: str) -> bool:
        # stray blank, space-only and no-break-space lines between pages, running headers
        # and page numbers (which would otherwise glue into the sentence they interrupt)
        stripped = line.strip()
        return not stripped or self.artefact(stripped) is not None

    def skip(self, line: str, lineno: int) -> None:
        """Pass over a blank line, listing it when it is a print artefact."""
        stripped = line.strip()
        reason = self.artefact(stripped) if stripped else None
        if reason:
            self.set_aside(lineno, stripped, reason)

    def peek(self) -> str | None:
        """The next line with content (blank lines and running headers are skipped and
        consumed; the line itself is not), or None at the end."""
        while self.i < len(self.lines):
            line = self.lines[self.i].strip()
            if not self.is_blank(line):
                return line
            self.skip(line, self.i + 1)
            self.i += 1
        return None

    def starts_text(self, line: str) -> bool:
        """Where the cover ends: a named heading (前言 …), the 目录 or a chapter."""
        if named_matter(line) or squash(line) == TABLE_OF_CONTENTS:
            return True
        heading = parse_heading(line)
        return bool(heading and heading[0] == 1)

    # -- driver --------------------------------------------------------------------

    def parse(self) -> Report:
        self.read_cover()
        end = self.back_cover_start()
        while self.i < end:
            lineno = self.i + 1
            line = self.lines[self.i].strip()
            self.i += 1
            for handler in self.handlers:
                if handler(line, lineno):
                    break
        self.read_back_cover(end)
        if not any(d.part == "body" for d in self.top):
            raise self.no_chapters()
        assign_pages(self.top, self.toc, self.error)
        return self.report(len(self.lines))

    # -- what a line is: each handler takes the line (True) or leaves it (False) ----

    def kind(self, index: int) -> str | None:
        """What the line at ``index`` is by its Markdown tokens (None: plain text)."""
        return self.marked.kinds[index] if self.marked is not None else None

    def markdown_line(self, line: str, lineno: int) -> bool:
        """What Markdown's tokens settle: a line that is no text, code, HTML, a heading
        (never glued onto the paragraph after it, numbered or not); a blank line or a
        list item ends a paragraph (the tokens delimit paragraphs, no page break cuts
        them)."""
        kind = self.kind(lineno - 1)
        if kind is None:
            return False
        if kind in (BLANK, ITEM, HEADING, HTML, CODE):
            self.close_paragraph()
        if kind == ASIDE:
            assert self.marked is not None
            self.set_aside(lineno, line, self.marked.reasons[lineno - 1])
            self.close_paragraph()
            return True
        if kind == CODE:
            self.in_a_section(line, lineno)
            end = lineno
            while end < len(self.lines) and self.kind(end) == CODE:
                end += 1
            block = [raw.rstrip() for raw in (self.marked.lines if self.marked else [])
                     [lineno - 1:end]]
            if any(block):
                paragraph = ParagraphDraft("\n".join(block).strip("\n"), lineno,
                                           preformatted=True)
                self.stack[-1].blocks.append(paragraph)
                self.check_text(self.stack[-1], paragraph, paragraph.text, lineno)
            self.i = end
            return True
        if kind == HTML:
            if not self.stack:  # an HTML cover: its headings are no chapters
                self.set_aside(lineno, line, cover_line(line, self.meta) or "cover (HTML)")
                return True
            self.text_line(line, lineno)
            self.close_paragraph()
            return True
        if kind == HEADING and not (named_matter(line) or split_heading(line)
                                    or squash(line) == TABLE_OF_CONTENTS):
            self.in_a_section(line, lineno)  # a heading the preset does not number
            self.text_line(line, lineno)
            self.close_paragraph()
            return True
        return False

    def blank_line(self, line: str, lineno: int) -> bool:
        if self.is_blank(line):
            self.skip(line, lineno)
            return True
        return False

    def contents(self, line: str, lineno: int) -> bool:
        if squash(line) != TABLE_OF_CONTENTS:
            return False
        self.close_paragraph()
        if self.marked is not None:  # Markdown: a list of entries, up to the next heading
            self.set_aside(lineno, line, "table of contents")
            while self.i < len(self.lines) and self.kind(self.i) != HEADING:
                if self.lines[self.i].strip():
                    self.set_aside(self.i + 1, self.lines[self.i].strip(),
                                   "table of contents entry")
                self.i += 1
            return True
        self.read_toc()
        return True

    def named_heading(self, line: str, lineno: int) -> bool:
        named = named_matter(line)
        if named:
            self.open_section(named[0], 1, "", named[2], named[1], lineno, reset=True)
        return bool(named)

    def numbered_heading(self, line: str, lineno: int) -> bool:
        heading = split_heading(line)
        if not heading:
            return False
        level, number, title, rest = heading
        self.heading(level, number, title, lineno)
        if rest:  # a run-in heading: "（一）指导思想。深入贯彻…"
            self.text_line(rest, lineno)
        return True

    def in_a_section(self, line: str, lineno: int) -> bool:
        """Text before any heading is front matter (never left out): it opens one."""
        if not self.stack:
            self.open_preamble(lineno)
        return False

    def figure_caption(self, line: str, lineno: int) -> bool:
        captioned = caption(line)
        if captioned:
            self.close_paragraph()
            self.read_figure(*captioned, lineno)
        return bool(captioned)

    def table_start(self, line: str, lineno: int) -> bool:
        if not is_table_line(line):
            return False
        self.close_paragraph()
        self.i -= 1  # the table's first line is read with the rest of it
        self.read_figure(None, "", lineno)
        return True

    def footnote_line(self, line: str, lineno: int) -> bool:
        footnote = FOOTNOTE.match(line)
        if footnote:
            self.attach_footnote(Footnote(footnote.group(1), footnote.group(2)), lineno)
        return bool(footnote)

    def text_paragraph(self, line: str, lineno: int) -> bool:
        if REFERENCE.match(line) or BULLET.match(line):  # "[3] …", "● …": entries of their own
            self.close_paragraph()
        self.text_line(line, lineno)
        return True

    def read_back_cover(self, end: int) -> None:
        for index in range(end, len(self.lines)):
            line = self.lines[index].strip()
            if line:
                self.set_aside(index + 1, line, self.artefact(line) or "back cover")

    def no_chapters(self) -> CorpusError:
        return self.error(len(self.lines), "no chapters found (expected headings such as "
                          "一、…; for 第一章/第一条, 1.1 or # headings set preset to law, "
                          "decimal or markdown)")

    def read_cover(self) -> None:
        """The cover precedes the first heading. Its lines that repeat the metadata (title,
        publisher, date) are set aside; any other text there — a preamble, a notice — is
        kept as front matter rather than dropped (issue #15)."""
        start = next((index for index, raw in enumerate(self.lines)
                      if self.kind(index) not in (ASIDE, HTML, CODE)
                      and self.starts_text(raw.strip())), None)
        if start is None:
            raise self.no_chapters()
        for index in range(start):
            lineno = index + 1
            line = self.lines[index].strip()
            kind = self.kind(index)
            if kind in (ASIDE, HTML) and line:
                assert self.marked is not None
                self.set_aside(lineno, line, self.marked.reasons.get(index) or cover_line(
                    line, self.meta) or "cover (HTML)")
            elif self.is_blank(line):
                self.skip(line, lineno)
            elif not self.stack and (reason := cover_line(line, self.meta)):
                self.set_aside(lineno, line, reason)
            else:
                if not self.stack:
                    self.open_preamble(lineno)
                self.text_line(line, lineno)
                self.close_paragraph()  # a cover's lines stand alone: names, numbers, dates
        self.i = start

    def back_cover_start(self) -> int:
        """The back cover (slogan, telephone, e-mail, site): short trailing lines after the
        last finished sentence, set apart by a page break. Short lines after a heading are
        that section's text (a list of references), not a back cover."""
        end = len(self.lines)
        index = end
        while index > 0:
            line = self.lines[index - 1].strip()
            if self.is_blank(line):
                index -= 1
                continue
            if parse_heading(line) or named_matter(line):
                return end
            if (
                ends_sentence(line)
                or len(line) > MAX_HEADING
                or is_table_line(line)
                or SOURCE.match(line)
            ):
                break
            index -= 1
        return index if index < end and self.i < index else end

    # -- sections ------------------------------------------------------------------

    def heading(self, level: int, number: str, title: str, lineno: int) -> None:
        if level == 1:
            self.open_section(heading_key(1, number), 1, heading_label(1, number), title,
                              "body", lineno, reset=True)
            return
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if not self.stack:
            raise self.error(lineno, f"heading {title!r} outside any chapter")
        parent = self.stack[-1]
        key = heading_key(level, number)
        # 1.1 / 3.3.1 are whole ids; （一）, 1., （1） count under their parent
        section_id = key if is_decimal_number(number) else f"{parent.id}.{key}"
        self.open_section(section_id, level, heading_label(level, number), title,
                          parent.part, lineno)

    def open_preamble(self, lineno: int) -> None:
        self.open_section(PREAMBLE_ID, 1, "", PREAMBLE_TITLE, "front", lineno, reset=True)

    # -- paragraphs ----------------------------------------------------------------

    def close_paragraph(self) -> None:
        self.open_paragraph = None

    def text_line(self, line: str, lineno: int) -> None:
        section = self.stack[-1]
        if self.open_paragraph is not None:
            # a sentence cut by a page break ("…长沙国家人" / "工智能创新应用先导区…")
            self.open_paragraph.text = join_broken(self.open_paragraph.text, line)
        else:
            paragraph = ParagraphDraft(line, lineno)
            section.blocks.append(paragraph)
            self.paragraphs.append(paragraph)
            self.open_paragraph = paragraph
        paragraph = self.open_paragraph
        self.check_text(section, paragraph, line, lineno)
        if ends_sentence(paragraph.text):
            self.close_paragraph()

    def attach_footnote(self, footnote: Footnote, lineno: int) -> None:
        """A footnote lands wherever its page ended; it belongs to the paragraph with its
        marker, the nearest one before it."""
        for paragraph in reversed(self.paragraphs):
            if footnote.marker in paragraph.text:
                paragraph.footnotes.append(footnote)
                return
        raise self.error(lineno, f"footnote {footnote.marker} has no marker in the text above")

    # -- tables and figures --------------------------------------------------------

    def read_figure(self, number: int | None, caption_text: str, lineno: int) -> None:
        """A captioned chart or table, or (``number`` None) a table printed without a
        caption, which takes the number after the highest one before it."""
        if number is None:
            number = max(self.figure_numbers, default=0) + 1
            self.uncaptioned.add(number)
        elif number in self.figure_numbers:
            first = self.figure_numbers[number]
            why = (", a table without a caption numbered after the one before it"
                   if number in self.uncaptioned else "")
            raise self.error(lineno, f"图表 {number} is captioned again (first on line "
                             f"{first}{why})")
        self.figure_numbers[number] = lineno
        title, unit = split_caption(caption_text)
        draft = TableDraft(number, title, unit, lineno)
        while (line := self.peek()) is not None:
            source = SOURCE.match(line)
            if source:
                draft.source = source.group(1).strip() or None
                self.i += 1
                break
            if is_table_line(line):
                self.read_table_part(draft)
                continue
            if (
                draft.parts
                or ends_sentence(line)
                or len(line) > MAX_HEADING
                or parse_heading(line)
                or named_matter(line)
                or caption(line)
            ):
                break  # the figure ended without a source line
            draft.labels.append(line)
            self.i += 1
        self.stack[-1].blocks.append(draft)

    def read_table_part(self, draft: TableDraft) -> None:
        """One run of ``|`` lines: header, separator, rows. A run after the first is the
        table continued on the next page, with the header printed again."""
        lines = self.lines
        start = self.i
        rows: list[tuple[int, list[str]]] = []
        while self.i < len(lines) and is_table_line(lines[self.i]):
            rows.append((self.i + 1, split_row(lines[self.i])))
            self.i += 1
        if len(rows) < 2 or not is_separator(rows[1][1]):
            raise self.error(start + 1, f"图表 {draft.number}: a table needs a header row "
                             "and a |---| separator row")
        header = rows[0][1]
        continued = draft.parts > 0
        if not continued:
            draft.header = header
            draft.header_line = start + 1
        elif [squash(c) for c in header] != [squash(c) for c in draft.header or []]:
            # not its continuation (issue 25: a publisher's PDF failed here): listed, and
            # the parse goes on
            for lineno, _cells in rows:
                self.set_aside(lineno, lines[lineno - 1].strip(),
                               f"图表 {draft.number}: a table under it whose header differs "
                               f"from the header on line {draft.header_line}")
            return
        width = len(draft.header or [])
        for index, (lineno, cells) in enumerate(rows[2:]):
            if len(cells) != width:
                raise self.error(lineno, f"图表 {draft.number}: ragged table row, "
                                 f"{len(cells)} cells where the header has {width}")
            draft.add_row(cells, after_break=continued and index == 0)
        draft.parts += 1

    # -- table of contents ---------------------------------------------------------

    def read_toc(self) -> None:
        """The 目录: a table of title | page, or lines with dotted leaders ("一、总则……1")."""
        while (line := self.peek()) is not None:
            lineno = self.i + 1
            if not is_table_line(line):
                entry = toc_entry(line)
                if entry is None:
                    return
                self.i += 1
                self.toc.append(contents_entry(*entry, lineno))
                continue
            self.i += 1
            cells = split_row(line)
            if len(cells) != 2:
                raise self.error(lineno, f"目录: ragged row, {len(cells)} cells where 2 are "
                                 "expected (title | page)")
            title, page = cells
            if not title or all(SEPARATOR_CELL.match(c) for c in cells):
                continue
            if not page.isdigit():
                raise self.error(lineno, f"目录: page {page!r} is not a number")
            self.toc.append(contents_entry(title, int(page), lineno))


def parse_report(text: str, meta: ReportMeta, path: str = "<text>",
                 aside: list[SetAside] | None = None, marked: MarkedLines | None = None
                 ) -> Report:
    """Parse a report's text into its tree; raises CorpusError naming ``path`` and a line.
    ``aside`` hears about every line left out (cover, running headers, page numbers, back
    cover), so that nothing is dropped without a word. ``marked``: the text is Markdown,
    read into these lines by its tokens (``markdown.read_markdown``)."""
    return _Parser(text, meta, path, aside, marked).parse()
