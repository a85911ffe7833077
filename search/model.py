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


@dataclass(frozen=True)
class ReportMeta:
    """Bibliographic facts about one report (``corpus/<slug>.toml``)."""

    slug: str
    title: str
    title_en: str
    publisher: str
    publisher_en: str
    place: str
    place_en: str
    date: str  # YYYY-MM
    language: str
    site: str
    regions: tuple[str, ...] = ()

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass(frozen=True)
class Footnote:
    marker: str  # "¹"
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str  # without the ``**`` markers
    emphasis: tuple[tuple[int, int], ...] = ()  # [start, end) spans of text that was **bold**
    footnotes: tuple[Footnote, ...] = ()


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


@dataclass(frozen=True)
class Section:
    id: str  # "3.1.1.3", "preface", "legal.1"
    level: int  # 1 chapter or front/back matter, 2 (一), 3 1., 4 (1)
    number: str  # as printed, normalised: "三、", "（一）", "1.", "（3）"; "" for front/back
    title: str  # the heading without its number
    part: str  # "front", "body" or "back"
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    pages: tuple[int, int] | None = None  # first and last printed page, from the 目录
    region: str | None = None

    @property
    def chapter(self) -> str:
        """The facet value: "1"…"7" for chapters, "front" or "back" for the matter around."""
        return self.id.split(".")[0] if self.part == "body" else self.part

    @property
    def heading(self) -> str:
        return f"{self.number}{self.title}" if self.number else self.title

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
        return tuple(s for s in self.sections if s.part == "body")

    def counts(self) -> dict[str, int]:
        levels = [s.level for s, _ in self.walk() if s.part == "body"]
        return {
            "chapters": levels.count(1),
            "sections_level2": levels.count(2),
            "sections_level3": levels.count(3),
            "sections_level4": levels.count(4),
            "sections": sum(1 for _ in self.walk()),
            "tables": sum(1 for _ in self.tables()),
            "figures": sum(1 for _ in self.figures()),
            "policies": sum(1 for _ in self.policies()),
        }


# --------------------------------------------------------------------------- ids


def paragraph_id(section_id: str, number: int) -> str:
    """``p-3.1.1.3-2``: the section's ``number``-th paragraph (1-based, printed order)."""
    return f"p-{section_id}-{number}"


def footnote_id(section_id: str, paragraph: int, number: int) -> str:
    """``fn-3.2.1.1-3-1``: the first footnote of the section's third paragraph."""
    return f"fn-{section_id}-{paragraph}-{number}"


# --------------------------------------------------------------------------- files


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 text of a corpus file; bytes that are not UTF-8 are an error at their line."""
    if data.startswith(b"\xef\xbb\xbf"):  # a byte order mark: not text, and it would hide
        data = data[3:]  # the first heading from the parser
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CorpusError(path, line, f"bytes that are not UTF-8 ({exc.reason} at byte "
                          f"{exc.start})") from None
