"""The parser of the white paper's text: lines in, the report model out.

Pure Python with no Django import, so parsing can be tested and benchmarked alone. It
undoes the print artefacts of a PDF-to-text export (running headers, page breaks inside
paragraphs, tables and rows continued on the next page, "same as above" blank cells,
footnotes dropped mid-paragraph, ``**bold**``) and reads the table of contents only for
its page numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search.model import (
    Block,
    CorpusError,
    Figure,
    Footnote,
    Paragraph,
    Policy,
    Report,
    ReportMeta,
    Section,
    Table,
    squash,
)

# --------------------------------------------------------------------------- lexicon

# Unnumbered headings of the matter around the chapters, and the table of contents.
FRONT_MATTER = {"前言": "preface", "主要发现": "findings"}
BACK_MATTER = {"关于协会": "about", "法律说明": "legal"}
TABLE_OF_CONTENTS = "目录"

_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)}
_HEADINGS = (
    # level, pattern (number, title); both bracket widths, with or without a space
    (1, re.compile(r"^([一二三四五六七八九十]+)、\s*(\S.*)$")),
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(\S.*)$")),
    (3, re.compile(r"^(\d{1,2})\s*[.．]\s*(\D.*)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(\S.*)$")),
)
_MAX_HEADING = 40  # characters; longer lines are prose that happens to start with "1."
_CAPTION = re.compile(r"^图表\s*(\d+)\s*[：:]\s*(\S.*)$")
_UNIT = re.compile(r"^(.*?)\s*[（(]单位[：:]\s*(.+?)[）)]\s*$")
_SOURCE = re.compile(r"^(?:参考)?来源[：:]\s*(.*)$")
_FOOTNOTE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_SEPARATOR_CELL = re.compile(r"^:?-+:?$")
_POLICY_DATE = re.compile(r"^\d{4}\.\d{2}$")
_SENTENCE_END = "。！？!?；;：:…"
_CLOSERS = "”’」』）)》"

# Limits, so that no document can make a build or a page unbounded: the white paper's
# longest paragraph has ~1,500 characters, its largest section ~6,000, 226 units in all.
MAX_PARAGRAPH = 20_000  # characters
MAX_SECTION = 200_000  # characters of text in one section (its own, not its children's)
MAX_UNITS = 20_000  # sections, tables, charts and policies in one document

_NAME_COLUMNS = ("名称", "政策名称", "文件名称")
_DATE_COLUMNS = ("时间", "颁布时间", "发布时间")
_CONTENT_COLUMNS = ("内容", "相关内容", "主要内容")
_REGION_COLUMNS = ("地区", "国家", "国家/地区")


def cn_number(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23."""
    if "十" not in numeral:
        return _CN_DIGITS[numeral]
    tens, _, ones = numeral.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def join_broken(head: str, tail: str) -> str:
    """Join two halves of a line cut by a page break. Chinese joins directly; next to Latin
    letters or digits the report writes a space ("我国 AI 领域"), so the join does too."""
    if head and tail and (_is_latin(head[-1]) or _is_latin(tail[0])):
        return f"{head} {tail}"
    return head + tail


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def parse_heading(line: str) -> tuple[int, str, str] | None:
    """(level, number, title) when the line is a numbered heading, else None."""
    for level, pattern in _HEADINGS:
        match = pattern.match(line)
        if match:
            number, title = match.group(1), match.group(2).strip()
            if len(title) > _MAX_HEADING or "。" in title or "，" in title:
                return None
            return level, number, title
    return None


def heading_label(level: int, number: str) -> str:
    return {1: f"{number}、", 2: f"（{number}）", 3: f"{number}.", 4: f"（{number}）"}[level]


def heading_key(level: int, number: str) -> str:
    return str(cn_number(number)) if level in (1, 2) else str(int(number))


def strip_bold(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Remove ``**`` markers, returning the clean text and the emphasised spans."""
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    cursor = 0
    length = 0
    for match in _BOLD.finditer(text):
        before = text[cursor : match.start()]
        out.append(before)
        length += len(before)
        spans.append((length, length + len(match.group(1))))
        out.append(match.group(1))
        length += len(match.group(1))
        cursor = match.end()
    out.append(text[cursor:])
    return "".join(out), tuple(spans)


# --------------------------------------------------------------------------- parser


@dataclass
class _Draft:
    id: str
    level: int
    number: str
    title: str
    part: str
    line: int
    region: str | None
    blocks: list = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)
    pages: tuple[int, int] | None = None
    chars: int = 0  # of paragraph text, for MAX_SECTION


@dataclass
class _ParagraphDraft:
    text: str
    line: int
    footnotes: list[Footnote] = field(default_factory=list)


@dataclass
class _TableDraft:
    number: int
    title: str
    unit: str | None
    line: int
    source: str | None = None
    header: list[str] | None = None
    rows: list[list[str]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    parts: int = 0
    header_line: int = 0


@dataclass
class _TocEntry:
    level: int  # 0 for front/back matter
    title: str
    page: int
    line: int


class _Parser:
    def __init__(self, text: str, meta: ReportMeta, path: str) -> None:
        self.meta = meta
        self.path = path
        self.lines = [line.rstrip("\r") for line in text.split("\n")]
        self.top: list[_Draft] = []
        self.stack: list[_Draft] = []
        self.ids: dict[str, int] = {}
        self.figure_numbers: dict[int, int] = {}
        self.paragraphs: list[_ParagraphDraft] = []
        self.open_paragraph: _ParagraphDraft | None = None
        self.toc: list[_TocEntry] = []
        self.i = 0

    def error(self, line: int, message: str) -> CorpusError:
        return CorpusError(self.path, line, message)

    # -- line classification -------------------------------------------------------

    def is_blank(self, line: str) -> bool:
        # stray blank, space-only and no-break-space lines between pages
        return not line.strip() or line.strip() == self.meta.publisher

    def peek(self) -> str | None:
        """The next line with content (blank lines and running headers are skipped and
        consumed; the line itself is not), or None at the end."""
        while self.i < len(self.lines):
            line = self.lines[self.i].strip()
            if not self.is_blank(line):
                return line
            self.i += 1
        return None

    def is_table_line(self, line: str) -> bool:
        stripped = line.strip()
        return len(stripped) >= 2 and stripped.startswith("|") and stripped.endswith("|")

    def named_heading(self, line: str) -> tuple[str, str] | None:
        key = squash(line)
        if key in FRONT_MATTER:
            return FRONT_MATTER[key], "front"
        if key in BACK_MATTER:
            return BACK_MATTER[key], "back"
        return None

    # -- driver --------------------------------------------------------------------

    def parse(self) -> Report:
        self.skip_cover()
        lines = self.lines
        end = self.back_cover_start()
        while self.i < end:
            lineno = self.i + 1
            line = lines[self.i].strip()
            self.i += 1
            if self.is_blank(line):
                continue
            if squash(line) == TABLE_OF_CONTENTS:
                self.close_paragraph()
                self.read_toc()
                continue
            named = self.named_heading(line)
            if named:
                self.open_section(1, "", line, named[0], named[1], lineno)
                continue
            heading = parse_heading(line)
            if heading:
                self.heading(*heading, lineno)
                continue
            if not self.stack:
                raise self.error(lineno, f"text before the first heading: {line[:30]!r}")
            caption = _CAPTION.match(line)
            if caption:
                self.close_paragraph()
                self.read_figure(int(caption.group(1)), caption.group(2).strip(), lineno)
                continue
            if self.is_table_line(line):
                raise self.error(lineno, "table without a 图表 caption above it")
            footnote = _FOOTNOTE.match(line)
            if footnote:
                self.attach_footnote(Footnote(footnote.group(1), footnote.group(2)), lineno)
                continue
            self.text_line(line, lineno)
        if not any(d.part == "body" for d in self.top):
            raise self.error(
                len(lines), "no chapters found (expected headings such as 一、…)"
            )
        self.assign_pages()
        report = Report(meta=self.meta, sections=tuple(self.freeze(d) for d in self.top))
        counts = report.counts()
        units = counts["sections"] + counts["tables"] + counts["figures"] + counts["policies"]
        if units > MAX_UNITS:
            raise self.error(len(lines), f"{units:,} sections, tables, charts and policies: "
                             f"more than the {MAX_UNITS:,} a document may have")
        return report

    def skip_cover(self) -> None:
        """The cover (title, publisher, date) precedes the first heading; metadata has it."""
        for index, raw in enumerate(self.lines):
            line = raw.strip()
            if self.named_heading(line) or squash(line) == TABLE_OF_CONTENTS:
                self.i = index
                return
            heading = parse_heading(line)
            if heading and heading[0] == 1:
                self.i = index
                return
        raise self.error(len(self.lines), "no chapters found (expected headings such as 一、…)")

    def back_cover_start(self) -> int:
        """The back cover (slogan, telephone, e-mail, site): short trailing lines after the
        last finished sentence, set apart by a page break."""
        end = len(self.lines)
        index = end
        while index > 0:
            line = self.lines[index - 1].strip()
            if self.is_blank(line):
                index -= 1
                continue
            if (
                ends_sentence(line)
                or len(line) > _MAX_HEADING
                or self.is_table_line(line)
                or parse_heading(line)
                or self.named_heading(line)
                or _SOURCE.match(line)
            ):
                break
            index -= 1
        return index if index < end and self.i < index else end

    # -- sections ------------------------------------------------------------------

    def heading(self, level: int, number: str, title: str, lineno: int) -> None:
        if level == 1:
            self.open_section(1, heading_label(1, number), title, heading_key(1, number),
                              "body", lineno)
            return
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        if not self.stack:
            raise self.error(lineno, f"heading {title!r} outside any chapter")
        parent = self.stack[-1]
        self.open_section(level, heading_label(level, number), title,
                          f"{parent.id}.{heading_key(level, number)}", parent.part, lineno)

    def open_section(self, level: int, number: str, title: str, section_id: str, part: str,
                     lineno: int) -> None:
        self.close_paragraph()
        if section_id in self.ids:
            raise self.error(
                lineno, f"section id {section_id!r} repeats the heading on line "
                f"{self.ids[section_id]}"
            )
        self.ids[section_id] = lineno
        if level == 1:
            self.stack = []
        parent = self.stack[-1] if self.stack else None
        region = next((r for r in self.meta.regions if title.startswith(r)), None)
        draft = _Draft(section_id, level, number, title, part, lineno,
                       region or (parent.region if parent else None))
        if parent:
            parent.children.append(draft)
        else:
            self.top.append(draft)
        self.stack.append(draft)

    # -- paragraphs ----------------------------------------------------------------

    def close_paragraph(self) -> None:
        self.open_paragraph = None

    def text_line(self, line: str, lineno: int) -> None:
        section = self.stack[-1]
        if self.open_paragraph is not None:
            # a sentence cut by a page break ("…长沙国家人" / "工智能创新应用先导区…")
            self.open_paragraph.text = join_broken(self.open_paragraph.text, line)
        else:
            paragraph = _ParagraphDraft(line, lineno)
            section.blocks.append(paragraph)
            self.paragraphs.append(paragraph)
            self.open_paragraph = paragraph
        paragraph = self.open_paragraph
        if len(paragraph.text) > MAX_PARAGRAPH:
            raise self.error(paragraph.line, f"a paragraph of more than {MAX_PARAGRAPH:,} "
                             "characters (is the text missing its line breaks?)")
        section.chars += len(line)
        if section.chars > MAX_SECTION:
            raise self.error(lineno, f"section {section.id} has more than {MAX_SECTION:,} "
                             "characters of text (are headings missing?)")
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

    def read_figure(self, number: int, caption: str, lineno: int) -> None:
        if number in self.figure_numbers:
            raise self.error(
                lineno, f"图表 {number} is captioned again (first on line "
                f"{self.figure_numbers[number]})"
            )
        self.figure_numbers[number] = lineno
        unit_match = _UNIT.match(caption)
        title, unit = (unit_match.group(1), unit_match.group(2)) if unit_match else (caption,
                                                                                    None)
        draft = _TableDraft(number, title.strip(), unit, lineno)
        while (line := self.peek()) is not None:
            source = _SOURCE.match(line)
            if source:
                draft.source = source.group(1).strip() or None
                self.i += 1
                break
            if self.is_table_line(line):
                self.read_table_part(draft)
                continue
            if (
                draft.parts
                or ends_sentence(line)
                or len(line) > _MAX_HEADING
                or parse_heading(line)
                or self.named_heading(line)
                or _CAPTION.match(line)
            ):
                break  # the figure ended without a source line
            draft.labels.append(line)
            self.i += 1
        self.stack[-1].blocks.append(draft)

    def split_row(self, line: str) -> list[str]:
        return [cell.strip() for cell in line.strip()[1:-1].split("|")]

    def read_table_part(self, draft: _TableDraft) -> None:
        """One run of ``|`` lines: header, separator, rows. A run after the first is the
        table continued on the next page, with the header printed again."""
        lines = self.lines
        start = self.i
        rows: list[tuple[int, list[str]]] = []
        while self.i < len(lines) and self.is_table_line(lines[self.i]):
            rows.append((self.i + 1, self.split_row(lines[self.i])))
            self.i += 1
        if len(rows) < 2 or not all(_SEPARATOR_CELL.match(c) for c in rows[1][1]):
            raise self.error(start + 1, f"图表 {draft.number}: a table needs a header row "
                             "and a |---| separator row")
        header = rows[0][1]
        continued = draft.parts > 0
        if not continued:
            draft.header = header
            draft.header_line = start + 1
        elif [squash(c) for c in header] != [squash(c) for c in draft.header or []]:
            raise self.error(start + 1, f"图表 {draft.number}: the continued table's header "
                             f"differs from the header on line {draft.header_line}")
        width = len(draft.header or [])
        for index, (lineno, cells) in enumerate(rows[2:]):
            if len(cells) != width:
                raise self.error(lineno, f"图表 {draft.number}: ragged table row, "
                                 f"{len(cells)} cells where the header has {width}")
            if continued and index == 0 and draft.rows and self.continues_row(draft, cells):
                previous = draft.rows[-1]
                for column, cell in enumerate(cells):
                    if cell:
                        previous[column] = join_broken(previous[column], cell)
                continue
            if draft.rows:
                # blank leading cells mean "same as above" (地区 in 图表 50, 51, 56)
                for column, cell in enumerate(cells):
                    if cell:
                        break
                    cells[column] = draft.rows[-1][column]
            draft.rows.append(cells)
        draft.parts += 1

    @staticmethod
    def continues_row(draft: _TableDraft, cells: list[str]) -> bool:
        """The first row after a page break completes the row before when only its last
        cell has text and that row stopped mid-sentence."""
        return (
            len(cells) >= 2
            and not any(cells[:-1])
            and bool(cells[-1])
            and not ends_sentence(draft.rows[-1][-1])
        )

    # -- table of contents ---------------------------------------------------------

    def read_toc(self) -> None:
        while (line := self.peek()) is not None:
            if not self.is_table_line(line):
                return
            lineno = self.i + 1
            self.i += 1
            cells = self.split_row(line)
            if len(cells) != 2:
                raise self.error(lineno, f"目录: ragged row, {len(cells)} cells where 2 are "
                                 "expected (title | page)")
            title, page = cells
            if not title or all(_SEPARATOR_CELL.match(c) for c in cells):
                continue
            if not page.isdigit():
                raise self.error(lineno, f"目录: page {page!r} is not a number")
            heading = parse_heading(title)
            if heading:
                self.toc.append(_TocEntry(heading[0], heading[2], int(page), lineno))
            else:
                self.toc.append(_TocEntry(0, title, int(page), lineno))

    def assign_pages(self) -> None:
        """Give each section the pages it spans: from its own 目录 page to the page where the
        next section outside it begins (the page before, when that one opens a new part).
        Sections the 目录 does not list share their parent's pages."""
        if not self.toc:
            return
        flat: list[_Draft] = []

        def visit(draft: _Draft) -> None:
            flat.append(draft)
            for child in draft.children:
                visit(child)

        for draft in self.top:
            visit(draft)
        cursor = 0
        starts: dict[int, int] = {}  # index in flat -> page
        for entry in self.toc:
            wanted = squash(entry.title)
            for index in range(cursor, len(flat)):
                draft = flat[index]
                level = draft.level if draft.number else 0
                if squash(draft.title) == wanted and (entry.level in (0, level)):
                    starts[index] = entry.page
                    cursor = index + 1
                    break
            else:
                raise self.error(entry.line, f"目录 lists {entry.title!r}, but no heading in "
                                 "the text matches it")
        last_page = max(starts.values())
        for index, page in starts.items():
            draft = flat[index]
            end = last_page
            for later in range(index + 1, len(flat)):
                if later in starts and not flat[later].id.startswith(f"{draft.id}."):
                    end = starts[later] - 1 if flat[later].level == 1 else starts[later]
                    break
            draft.pages = (page, max(page, end))

        def inherit(draft: _Draft, pages: tuple[int, int] | None) -> None:
            if draft.pages is None:
                draft.pages = pages
            for child in draft.children:
                inherit(child, draft.pages)

        for draft in self.top:
            inherit(draft, None)

    # -- freezing ------------------------------------------------------------------

    def freeze(self, draft: _Draft) -> Section:
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
        )

    def freeze_block(self, block: _ParagraphDraft | _TableDraft, section: _Draft) -> Block:
        if isinstance(block, _ParagraphDraft):
            text, emphasis = strip_bold(block.text)
            return Paragraph(text, emphasis, tuple(block.footnotes))
        figure_id = f"fig-{block.number}"
        if not block.parts:
            return Figure(figure_id, block.number, block.title, block.unit, block.source,
                          tuple(block.labels))
        header = tuple(strip_bold(c)[0] for c in block.header or [])
        rows = tuple(tuple(strip_bold(c)[0] for c in row) for row in block.rows)
        return Table(figure_id, block.number, block.title, block.unit, block.source, header,
                     rows, self.policies(figure_id, header, rows, section, block.line))

    def policies(self, table_id: str, header: tuple[str, ...], rows, section: _Draft,
                 lineno: int) -> tuple[Policy, ...]:
        def column(names: tuple[str, ...]) -> int | None:
            return next((i for i, h in enumerate(header) if h in names), None)

        name_col, date_col = column(_NAME_COLUMNS), column(_DATE_COLUMNS)
        if name_col is None or date_col is None:
            return ()
        content_col, region_col = column(_CONTENT_COLUMNS), column(_REGION_COLUMNS)
        policies = []
        for ordinal, row in enumerate(rows, start=1):
            if not _POLICY_DATE.match(row[date_col]):
                raise self.error(lineno, f"{table_id} row {ordinal}: policy date "
                                 f"{row[date_col]!r} is not YYYY.MM")
            region = row[region_col] if region_col is not None else section.region
            policies.append(Policy(
                id=f"{table_id}-p{ordinal}",
                table_id=table_id,
                region=region or "",
                date=row[date_col],
                name=row[name_col],
                content=row[content_col] if content_col is not None else "",
            ))
        return tuple(policies)


def parse_report(text: str, meta: ReportMeta, path: str = "<text>") -> Report:
    """Parse a report's text into its tree; raises CorpusError naming ``path`` and a line."""
    return _Parser(text, meta, path).parse()
