"""The report model: a faithful tree of a document — chapters, sections, paragraphs,
tables, charts and policies — as frozen dataclasses, and the stable ids that permalinks,
anchors and the English edition share. Pure Python with no Django import.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

# Chinese characters: CJK Unified Ideographs, Extension A and the compatibility block.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def squash(text: str) -> str:
    """Text without any whitespace, NFKC-folded: titles compared across print variants
    (半角/全角, spaces around Latin words)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class CorpusError(ValueError):
    """A corpus file that cannot be parsed; names the file and the line."""

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(f"{path}:{line}: {message}")


# What a document is (``kind`` in its metadata), for citations and labels; and how its
# text is structured (``preset``): the white paper's own dialect, or one of the outlines
# that other documents use (issue #15).
DOCUMENT_KINDS = ("report", "law", "policy", "article")
PRESETS = ("report", "law", "decimal", "markdown")


@dataclass(frozen=True)
class ReportMeta:
    """Bibliographic facts about one document (``corpus/<slug>.toml``). The English
    names, the place, the site and the regions are optional: a law or an article ingested
    from a file has none of them until someone writes them in."""

    slug: str
    title: str
    publisher: str
    date: str  # YYYY-MM or YYYY-MM-DD
    language: str
    title_en: str = ""
    publisher_en: str = ""
    place: str = ""
    place_en: str = ""
    site: str = ""
    regions: tuple[str, ...] = ()
    preset: str = "report"  # one of PRESETS
    kind: str = "report"  # one of DOCUMENT_KINDS

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def english(self) -> bool:
        """Whether the document itself is written in English (an RFC, issue 25)."""
        return self.language.lower().startswith("en")

    @property
    def lang_tag(self) -> str:
        """The language of its text as HTML's ``lang`` says it."""
        return "en" if self.english else "zh-Hans"


@dataclass(frozen=True)
class Footnote:
    marker: str  # "¹"
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str  # without the ``**`` markers
    emphasis: tuple[tuple[int, int], ...] = ()  # [start, end) spans of text that was **bold**
    footnotes: tuple[Footnote, ...] = ()
    preformatted: bool = False  # its line breaks are part of it (a diagram, issue 25)


@dataclass(frozen=True)
class Policy:
    """One row of a policy table (图表 15, 19, 23, 27, 51, 56 in the 2023 report)."""

    id: str  # "fig-15-p3"
    table_id: str  # "fig-15"
    region: str  # the row's own 地区, or the region of the section holding the table
    date: str  # "2016.10"
    name: str  # "《为人工智能的未来做好准备》"
    content: str

    @property
    def iso_date(self) -> str:
        """"2016-10", for ``<time datetime>`` and data."""
        return self.date.replace(".", "-")


@dataclass(frozen=True)
class Table:
    """A 图表 printed as a table: header and rows, plus its policies if it lists policies."""

    id: str  # "fig-15"
    number: int
    title: str
    unit: str | None
    source: str | None
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    policies: tuple[Policy, ...] = ()


@dataclass(frozen=True)
class Figure:
    """A 图表 printed as a chart: only its caption survives in the text."""

    id: str
    number: int
    title: str
    unit: str | None
    source: str | None
    labels: tuple[str, ...] = ()  # stray chart labels the export kept ("占比19.2%")


Block = Paragraph | Table | Figure


def join_heading(number: str, title: str) -> str:
    """A heading as printed. The white paper's numbers end in punctuation and run into
    the title ("三、人工智能发展概况", "1.基础层"); numbers ending in a word or a digit are
    set apart by a space ("第一章 总则", "1.1 范围"), and an article is its number alone."""
    if not number or not title:
        return number or title
    if number[-1].isalnum():  # CJK ideographs are alphanumeric to Python
        return f"{number} {title}"
    return f"{number}{title}"


@dataclass(frozen=True)
class Section:
    id: str  # "3.1.1.3", "preface", "legal.1"; a law's "2.1" (节) and "art-21" (第二十一条)
    level: int  # 1 chapter or front/back matter, 2 (一), 3 1., 4 (1)
    number: str  # as printed, normalised: "三、", "（一）", "1.", "（3）", "第二十一条"; ""
    title: str  # the heading without its number ("" for most articles)
    part: str  # "front", "body" or "back"
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    pages: tuple[int, int] | None = None  # first and last printed page, from the 目录
    region: str | None = None
    kind: str = "section"  # "article" for a law's 第X条, the unit a law is cited by

    @property
    def chapter(self) -> str:
        """The facet value: "1"…"7" for chapters, "front" or "back" for the matter around
        ("" for an article: it belongs to the chapter around it, if any)."""
        if self.part != "body":
            return self.part
        return "" if self.kind == "article" else self.id.split(".")[0]

    @property
    def heading(self) -> str:
        return join_heading(self.number, self.title)

    @property
    def display_title(self) -> str:
        """The title to list and search: an article without a label is its number."""
        return self.title or self.number

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def figures(self) -> tuple[Figure, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Figure))


@dataclass(frozen=True)
class Report:
    meta: ReportMeta
    sections: tuple[Section, ...]  # top level: front matter, chapters, back matter

    def walk(self) -> Iterator[tuple[Section, tuple[Section, ...]]]:
        """Every section in document order, with its ancestors (outermost first)."""

        def visit(section: Section, ancestors: tuple[Section, ...]):
            yield section, ancestors
            for child in section.children:
                yield from visit(child, (*ancestors, section))

        for top in self.sections:
            yield from visit(top, ())

    def tables(self) -> Iterator[Table]:
        for section, _ in self.walk():
            yield from section.tables

    def figures(self) -> Iterator[Figure]:
        for section, _ in self.walk():
            yield from section.figures

    def policies(self) -> Iterator[Policy]:
        for table in self.tables():
            yield from table.policies

    @property
    def chapters(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.part == "body" and s.kind != "article")

    def articles(self) -> Iterator[Section]:
        return (s for s, _ in self.walk() if s.kind == "article")

    def counts(self) -> dict[str, int]:
        """Units by kind. Articles are counted apart from the levels of headings, and the
        key is there only for a document that has them (a report's counts stay as they
        were, manifest and all). Counted once: every page's footer asks (issue 21)."""
        known = self.__dict__.get("_counts")
        if known is not None:
            return dict(known)
        levels = [s.level for s, _ in self.walk() if s.part == "body" and s.kind != "article"]
        counts = {
            "chapters": levels.count(1),
            "sections_level2": levels.count(2),
            "sections_level3": levels.count(3),
            "sections_level4": levels.count(4),
            "sections": sum(1 for _ in self.walk()),
            "tables": sum(1 for _ in self.tables()),
            "figures": sum(1 for _ in self.figures()),
            "policies": sum(1 for _ in self.policies()),
        }
        articles = sum(1 for _ in self.articles())
        if articles:
            counts["articles"] = articles
        object.__setattr__(self, "_counts", counts)  # frozen: the tree never changes
        return dict(counts)


@dataclass(frozen=True)
class SetAside:
    """A line of the source that is not content (a running header, a page number, the
    cover, a comment) and was left out on purpose: parsers list them so that ingesting a
    document never drops text without saying so (issue #15)."""

    line: int  # 1-based line of the text; 0 for what a reader removed before there was
    text: str  # a text (a PDF's running header), which ``where`` places instead
    reason: str
    where: str = ""  # "page 3", "page header"


# --------------------------------------------------------------------------- ids


def paragraph_id(section_id: str, number: int) -> str:
    """``p-3.1.1.3-2``: the section's ``number``-th paragraph (1-based, printed order)."""
    return f"p-{section_id}-{number}"


def footnote_id(section_id: str, paragraph: int, number: int) -> str:
    """``fn-3.2.1.1-3-1``: the first footnote of the section's third paragraph."""
    return f"fn-{section_id}-{paragraph}-{number}"


# --------------------------------------------------------------------------- files


_BINARY_FORMATS = ((b"%PDF", "a PDF"), (b"PK\x03\x04", "a .docx (or another zip) file"),
                   (b"\xd0\xcf\x11\xe0", "an old Word/Office file"))


def binary_format(data: bytes) -> str | None:
    """What a file that is no text is ("a PDF"), from its first bytes; None for text."""
    return next((name for magic, name in _BINARY_FORMATS if data.startswith(magic)), None)


def decode_utf8(data: bytes, path: str) -> str:
    """UTF-8 text of a file; bytes that are not UTF-8 are an error at their line, and a
    PDF or .docx (issue #15) an error that says how to make it text."""
    binary = binary_format(data)
    if binary:
        raise CorpusError(path, 1, f"{binary}, not text: convert it with "
                          "`python manage.py ingest FILE`")
    if data.startswith(b"\xef\xbb\xbf"):  # a byte order mark: not text, and it would hide
        data = data[3:]  # the first heading from the parser
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(path, line, f"bytes that are not UTF-8 ({exc.reason} at byte "
                          f"{exc.start})") from None


# Control characters other than tab and line ends, and Unicode's line and paragraph
# separators: not text. A NUL was served raw in HTML, a line break in a title began a
# second RIS record (issue 19).
CONTROL = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # in a one-line value


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 text of a corpus file (``decode_utf8``), in which a control character is an
    error at its line."""
    text = decode_utf8(data, path)
    found = CONTROL.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise CorpusError(path, line, f"a control character ({found.group()!r}) where only "
                          "text may stand")
    return text
