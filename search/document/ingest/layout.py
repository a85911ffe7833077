"""A PDF page's words put back in reading order (issue 25): rows of words, columns found
by the gutter they leave free, running headers and footers found by repetition across
pages, paragraphs found by indentation, vertical gaps and the right margin, headings by
their font.

Pure geometry over word boxes (``Word``): ``pdf`` takes them from pdfplumber, tests can
make them by hand. A typeset page set partly in two columns used to come out row by row,
the columns interleaved (articles 37–46 of a regulation scrambled into one chapter).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.document.conventions import PAGE_NUMBER, ends_sentence, join_broken
from search.document.model import SetAside

_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be artefacts
_DIGITS = re.compile(r"\d+")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$", re.I)
MAX_HEADING_CHARS = 60  # a line longer than this is text, whatever its font


@dataclass(frozen=True)
class Word:
    """A word as the PDF draws it: its box (points, from the page's top left) and font."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


def is_bold_font(name: str) -> bool:
    """Whether a font's name says it is bold ("NotoSansCJKjp-Bold", "Arial,Bold")."""
    return bool(_BOLD_FONT.search(name.split("+")[-1]))


@dataclass
class Line:
    """A line of text in reading order (or a ruled table standing at its place)."""

    text: str
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    size: float = 0.0
    bold: bool = False
    left: float = 0.0  # the edges of the column (or page body) it stands in
    right: float = 0.0
    columns: bool = False  # it stands in one of two or more columns
    table: list[list[str]] | None = None
    chars: int = field(default=0)

    @property
    def middle(self) -> float:
        return (self.x0 + self.x1) / 2


Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def is_box(rows: list[list[str]]) -> bool:
    """Whether ruled cells are a box around text rather than a table (issue 25: a
    publisher's boxed lists made 78 fake tables): fewer than two rows, or fewer than two
    columns with text in them."""
    width = sum(1 for column in range(max((len(r) for r in rows), default=0))
                if any(column < len(r) and r[column].strip() for r in rows))
    return len(rows) < 2 or width < 2


def page_lines(words: list[Word], page: int,
               tables: tuple[tuple[Box, list[list[str]]], ...] = ()) -> list[Line]:
    """The page's lines in reading order: single-column stretches top to bottom, a stretch
    set in columns column by column (left first), a ruled table where it stands."""
    rows = _rows(words)
    lines: list[Line] = []
    for run, gutter in _runs(rows):
        if gutter is None:
            lines += [_line(row, page) for row in run]
            continue
        left = [[w for w in row if w.x1 <= gutter] for row in run]
        right = [[w for w in row if w.x1 > gutter] for row in run]
        for column in (left, right):
            made = [_line(row, page) for row in column if row]
            low = min(line.x0 for line in made)
            high = max(line.x1 for line in made)
            for line in made:
                line.left, line.right, line.columns = low, high, True
            lines += made
    for (x0, top, x1, bottom), rows_of_table in tables:
        if rows_of_table:
            line = Line("", page, top, bottom, x0, x1, table=rows_of_table)
            at = next((i for i, other in enumerate(lines)
                       if not other.columns and other.top > top), len(lines))
            lines.insert(at, line)
    return lines


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words grouped into rows: those whose vertical middles are within half a line."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        middle = (word.top + word.bottom) / 2
        if rows:
            last = rows[-1]
            last_middle = statistics.fmean((w.top + w.bottom) / 2 for w in last)
            if abs(middle - last_middle) <= 0.4 * max(word.size, last[0].size):
                last.append(word)
                continue
        rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _free(row: list[Word], low: float, high: float) -> list[tuple[float, float]]:
    """The stretches of [low, high] that no word of the row covers."""
    out = []
    cursor = low
    for word in row:
        if word.x0 > cursor:
            out.append((cursor, min(word.x0, high)))
        cursor = max(cursor, word.x1)
        if cursor >= high:
            break
    if cursor < high:
        out.append((cursor, high))
    return [(a, b) for a, b in out if b > a]


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]]
               ) -> list[tuple[float, float]]:
    out = []
    for a0, a1 in a:
        for b0, b1 in b:
            low, high = max(a0, b0), min(a1, b1)
            if high > low:
                out.append((low, high))
    return out


def _runs(rows: list[list[Word]]) -> list[tuple[list[list[Word]], float | None]]:
    """Consecutive rows, each stretch with the x of its gutter when it is set in two
    columns: at least four rows leave a common free band in the middle of the page, wider
    than one and a half characters, with text on both sides of it in at least two rows
    each."""
    if not rows:
        return []
    low = min(w.x0 for row in rows for w in row)
    high = max(w.x1 for row in rows for w in row)
    width = high - low
    centre = (low + 0.2 * width, high - 0.2 * width)
    sizes = [w.size for row in rows for w in row]
    gap = 1.5 * statistics.median(sizes)
    out: list[tuple[list[list[Word]], float | None]] = []
    index = 0
    while index < len(rows):
        band = _free(rows[index], *centre)
        end = index + 1
        best: tuple[int, list[tuple[float, float]]] | None = None
        while band and end <= len(rows):
            wide = [(a, b) for a, b in band if b - a >= gap]
            if not wide:
                break
            if end - index >= 4 and _two_sided(rows[index:end], wide):
                best = (end, wide)
            if end == len(rows):
                break
            band = _intersect(wide, _free(rows[end], *centre))
            end += 1
        if best is None:
            if out and out[-1][1] is None:
                out[-1][0].append(rows[index])
            else:
                out.append(([rows[index]], None))
            index += 1
            continue
        stop, wide = best
        a, b = max(wide, key=lambda span: span[1] - span[0])
        out.append((rows[index:stop], (a + b) / 2))
        index = stop
    return out


def _two_sided(rows: list[list[Word]], wide: list[tuple[float, float]]) -> bool:
    a, b = max(wide, key=lambda span: span[1] - span[0])
    left = sum(1 for row in rows if any(w.x1 <= a + 0.5 for w in row))
    right = sum(1 for row in rows if any(w.x0 >= b - 0.5 for w in row))
    return left >= 2 and right >= 2


def _line(row: list[Word], page: int) -> Line:
    text = ""
    previous: Word | None = None
    for word in row:
        if previous is not None and word.x0 - previous.x1 > 0.1 * word.size:
            text += " "
        text += word.text
        previous = word
    chars = sum(len(w.text) for w in row)
    size = max(Counter({w.size: len(w.text) for w in row}).items(), key=lambda kv: kv[1])[0]
    bold = sum(len(w.text) for w in row if w.bold) == chars
    return Line(text, page, min(w.top for w in row), max(w.bottom for w in row),
                min(w.x0 for w in row), max(w.x1 for w in row), round(size, 1), bold,
                chars=chars)


# --------------------------------------------------------------------------- artefacts


def remove_artefacts(pages: list[list[Line]]) -> list[SetAside]:
    """Take running headers, footers and page numbers off every page; list them. A line
    is a running header or footer when a line of the same text (digits aside) and size
    stands at about the same height at the top or bottom of most pages: the title on page
    one, in a larger size lower down, is not one of them."""
    def key(line: Line) -> tuple[str, float]:
        return _DIGITS.sub("#", "".join(line.text.split())), line.size

    seen: dict[tuple[str, float], list[float]] = defaultdict(list)
    for page in pages:
        for line in _edges(page):
            seen[key(line)].append(line.top)
    enough = max(2, (len(pages) + 1) // 2)
    aside = []
    for page in pages:
        for line in _edges(page):
            tops = seen[key(line)]
            typical = statistics.median(tops)
            repeated = sum(1 for top in tops if abs(top - typical) <= 6)
            if PAGE_NUMBER.match(line.text.strip()) and (repeated >= enough
                                                         or len(pages) == 1):
                why = "page number"
            elif repeated >= enough and abs(line.top - typical) <= 6:
                why = "running header" if line.top < _middle(page) else "running footer"
            else:
                continue
            page.remove(line)
            aside.append(SetAside(0, line.text.strip(), why, f"page {line.page}"))
    return aside


def _middle(page: list[Line]) -> float:
    return statistics.fmean(line.top for line in page) if page else 0.0


def _edges(page: list[Line]) -> list[Line]:
    """The text lines at the top and at the bottom of a page, by height."""
    text_lines = sorted((line for line in page if line.table is None),
                        key=lambda line: line.top)
    if len(text_lines) <= 2 * _EDGE_LINES:
        return text_lines
    return text_lines[:_EDGE_LINES] + text_lines[-_EDGE_LINES:]


# --------------------------------------------------------------------------- paragraphs


def reflow(pages: list[list[Line]]) -> list[str]:
    """Paragraphs as lines of their own, blank lines between. A line runs on into the
    next when it reaches its column's right margin, the next is not indented, not set
    apart by a wider gap, not a heading and not a short centred line. A heading (a short
    line in a larger size than the text, or in bold when the text is not) is marked with
    ``#`` by its size, largest first; ruled tables become ``|`` rows."""
    lines = [line for page in pages for line in page]
    text_lines = [line for line in lines if line.table is None and line.text.strip()]
    if not text_lines:
        return []
    sizes: Counter[float] = Counter()
    bold_chars = 0
    for line in text_lines:
        sizes[line.size] += line.chars
        bold_chars += line.chars if line.bold else 0
    body_size = sizes.most_common(1)[0][0]
    body_bold = bold_chars > 0.5 * sum(sizes.values())
    left = _mode(line.x0 for line in text_lines if not line.columns)
    right = max((line.x1 for line in text_lines if not line.columns), default=0.0)
    for line in text_lines:
        if not line.columns:
            line.left, line.right = left if left is not None else line.x0, right
    heading_sizes = sorted({line.size for line in text_lines
                            if _is_heading(line, body_size, body_bold)}, reverse=True)
    depth = {size: min(index + 1, 6) for index, size in enumerate(heading_sizes)}
    gaps = [b.top - a.bottom for a, b in zip(text_lines, text_lines[1:], strict=False)
            if a.page == b.page and 0 <= b.top - a.bottom < 3 * a.size]
    leading = statistics.median(gaps) if gaps else 0.0
    indented = sum(1 for line in text_lines if _indent(line) >= 1.5) >= 0.1 * len(text_lines)
    out: list[str] = []
    paragraph = ""
    previous: Line | None = None
    for line in lines:
        if line.table is not None:
            if paragraph:
                out += [paragraph, ""]
                paragraph = ""
            header, *rows = line.table
            out += [_row(header), "|" + "---|" * len(header), *(_row(r) for r in rows), ""]
            previous = None
            continue
        text = line.text.strip()
        if not text:
            continue
        heading = _is_heading(line, body_size, body_bold)
        if heading or _centred(line):
            if paragraph:
                out += [paragraph, ""]
                paragraph = ""
            mark = "#" * depth.get(line.size, 6) + " " if heading else ""
            out += [mark + text, ""]
            previous = None
            continue
        if paragraph and previous is not None and (
                _indent(line) >= 1.5
                or (line.page == previous.page and line.columns == previous.columns
                    and line.top - previous.bottom > leading + 0.5 * line.size)):
            out += [paragraph, ""]
            paragraph = ""
        paragraph = join_broken(paragraph, text) if paragraph else text
        width = (line.x1 - line.x0) / max(len(text), 1)  # about one character
        wrapped = line.x1 >= line.right - 2 * width and \
            line.x1 - line.x0 >= 0.6 * (line.right - line.left)
        if not wrapped or (ends_sentence(text) and not indented):
            out += [paragraph, ""]
            paragraph = ""
            previous = None
        else:
            previous = line
    if paragraph:
        out.append(paragraph)
    return out


def _mode(values: Iterable[float]) -> float | None:
    counts = Counter(round(v) for v in values)
    return float(counts.most_common(1)[0][0]) if counts else None


def _indent(line: Line) -> float:
    """How far the line starts right of its column's left edge, in characters."""
    return (line.x0 - line.left) / max(line.size, 1.0)


def _is_heading(line: Line, body_size: float, body_bold: bool) -> bool:
    text = line.text.strip()
    if not text or len(text) > MAX_HEADING_CHARS or ends_sentence(text) or "，" in text:
        return False
    if PAGE_NUMBER.match(text):
        return False
    return line.size >= body_size + 1.5 or (line.bold and not body_bold)


def _centred(line: Line) -> bool:
    """A short line centred in its column: a title, a date line, never the end of the
    paragraph before it."""
    width = line.right - line.left
    if width <= 0 or line.x1 - line.x0 > 0.6 * width:
        return False
    return abs(line.middle - (line.left + line.right) / 2) <= max(line.size, 0.05 * width) \
        and line.x0 - line.left >= 3 * line.size


def _row(cells: list[str]) -> str:
    return f"| {' | '.join(cells)} |"
