"""How Chinese documents print their structure, line by line: heading numbers (一、 …
（1）), the matter before and after the chapters, 图表/表/图 captions, tables written with
``|``, page numbers, policy dates, ``**bold**``. Pure functions shared by every preset — the
white paper's parser and the outlines of other documents — so that each reads a heading, a
caption or a table the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from search.document.model import CorpusError, Policy, ReportMeta, Table, squash
from search.document.numerals import DIGITS, NUMERAL_CHARS, UNITS, chinese_number

# Unnumbered headings of the matter around the chapters, and the table of contents.
FRONT_MATTER = {"前言": "preface", "主要发现": "findings"}
BACK_MATTER = {"关于协会": "about", "法律说明": "legal", "参考文献": "references",
               "参考资料": "references", "附录": "appendix", "附件": "annex",
               "致谢": "acknowledgements", "后记": "afterword",
               # English documents' (issue 25), compared without spaces, in lower case
               "references": "references", "acknowledgements": "acknowledgements",
               "acknowledgments": "acknowledgements", "authors'addresses": "authors",
               "author'saddress": "authors", "index": "index"}
ENGLISH_FRONT_MATTER = {"abstract": "abstract", "statusofthismemo": "status",
                        "copyrightnotice": "copyright", "foreword": "foreword",
                        "preface": "preface", "executivesummary": "summary"}
TABLE_OF_CONTENTS = "目录"
# …and as English documents title it (issue 25: an RFC's contents were read as text).
TABLES_OF_CONTENTS = {"目录", "tableofcontents", "contents"}
# Text before the first heading that is not the cover is kept as front matter with this
# id (issue #15: it used to vanish), titled for the table of contents.
PREAMBLE_ID = "front"
PREAMBLE_TITLE = "引言"

CN_NUMERAL = NUMERAL_CHARS
_HEADINGS = (
    # level, pattern (number, title); both bracket widths, with or without a space
    (1, re.compile(r"^([一二三四五六七八九十]+)、\s*(\S.*)$")),
    (2, re.compile(r"^[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*(\S.*)$")),
    (3, re.compile(r"^(\d{1,2})\s*[.．]\s*(\D.*)$")),
    (4, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(\S.*)$")),
)
# A publisher's white paper numbers its sections 1.1 / 3.3.1 under 一、 chapters (issue
# 25): the printed number is the section's whole id, its parts its level.
_DECIMAL_HEADING = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2}){1,3})[.．]?\s*(\D.*)$")
_QUANTITY = re.compile(r"^[%％‰亿万千百倍元]")  # "3.5亿元…", "2.5 万元…" are prose
MAX_HEADING = 40  # characters; longer lines are prose that happens to start with "1."
_LEADING_BOLD = re.compile(r"^\*\*(.+?)\*\*\s*(.*)$")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LABELLED_BACK = re.compile(r"^(附录|附件)\s*([A-Za-z]|\d{1,2}|[一二三四五六七八九十]{1,3})"
                            r"(?:[\s：:、.．]+(\S.*))?$")
_CAPTION = re.compile(r"^(图表|表|图)\s*(\d{1,3})(?:\s*[：:．.]\s*|\s+)(\S.*)$")
_MAX_CAPTION = 60
UNIT = re.compile(r"^(.*?)\s*[（(]单位[：:]\s*(.+?)[）)]\s*$")
SOURCE = re.compile(r"^(?:参考|资料)?来源[：:]\s*(.*)$")
FOOTNOTE = re.compile(r"^([¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s*(\S.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
SEPARATOR_CELL = re.compile(r"^:?-+:?$")
# Print artefacts that are not text: bare page numbers ("12", "- 12 -", "第 12 页", "3/40").
PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?\d{1,4}(?:\s*[-–—])?$|^第\s*\d{1,4}\s*页"
                         r"(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$")
_COVER_DATE = re.compile(r"^\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*日)?$")
# A 目录 line with dotted leaders (or a tab) before its page number: "一、总则……1".
# Leaders may be spaced, as a line printer sets them: "1.  Introduction . . . . 4".
TOC_LEADER = re.compile(r"^(\S.*?)\s*(?:[.·…．・_](?:\s?[.·…．・_])+|\t+)\s*(\d{1,4})$")
# An entry of a list of references: it is a paragraph of its own, never glued to the last.
REFERENCE = re.compile(r"^[\[［【]\d{1,3}[\]］】]")
# …and an item of a bulleted list (a boxed list in a publisher's PDF, issue 25)
BULLET = re.compile(r"^[●•▪◆■□○◇►]\s*\S")
_POLICY_DATE = re.compile(r"^\d{4}\.\d{2}$")
_LOOSE_DATE = re.compile(r"^(\d{4})\s*(?:年|[.\-/])\s*(\d{1,2})\s*月?(?:\s*\d{1,2}\s*日?)?$")
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


# --------------------------------------------------------------------------- numbers


def cn_number(numeral: str) -> int:
    """A heading's number (一 → 1, 二十三 → 23, 21 → 21): the pattern that found it
    admits only numerals, so it always is one."""
    value = chinese_number(numeral)
    if value is None:
        raise ValueError(f"not a number: {numeral!r}")
    return value


def policy_date(text: str) -> str | None:
    """A policy's date as YYYY.MM: "2016.10" as it is, "2017年7月", "2017-7" or
    "2017年7月8日" → "2017.07"; None when it is no date."""
    if _POLICY_DATE.match(text):
        return text
    match = _LOOSE_DATE.match(text.strip())
    if match and 1 <= int(match.group(2)) <= 12:
        return f"{match.group(1)}.{int(match.group(2)):02d}"
    return None


# --------------------------------------------------------------------------- sentences


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def join_broken(head: str, tail: str) -> str:
    """Join two halves of a line cut by a page break. Chinese joins directly; next to Latin
    letters or digits the report writes a space ("我国 AI 领域"), so the join does too."""
    if head and tail and (_is_latin(head[-1]) or _is_latin(tail[0])
                          or (head[-1] in _LATIN_PUNCTUATION and tail[0].isascii())):
        return f"{head} {tail}"
    return head + tail


_LATIN_PUNCTUATION = ",.;:!?)\"'"  # English: "model," + "the" → "model, the"


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


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


# --------------------------------------------------------------------------- headings


def markdown_heading(line: str) -> tuple[int, str] | None:
    """(depth, text) of a Markdown ``#`` heading: ``## 第一章 总则`` → (2, "第一章 总则")."""
    match = _MARKDOWN_HEADING.match(line)
    return (len(match.group(1)), match.group(2)) if match else None


def unmark(line: str) -> str:
    """The line without Markdown's heading marks: numbering, not ``#``, decides what a
    heading is in every preset but ``markdown``."""
    found = markdown_heading(line)
    return found[1] if found else line


def parse_heading(line: str) -> tuple[int, str, str] | None:
    """(level, number, title) when the line is a numbered heading, else None."""
    found = split_heading(line)
    return found[:3] if found else None


def split_heading(line: str) -> tuple[int, str, str, str] | None:
    """(level, number, title, rest) when the line is a numbered heading, else None.

    A government document ends headings with 。 and runs the text on after them
    ("（一）指导思想。深入贯彻…", often in bold): the heading is what comes before the 。, the
    rest is the first paragraph. A comma before the 。 means prose that starts "1."."""
    lead = _LEADING_BOLD.match(line)
    if lead:
        found = _split_heading(lead.group(1))
        if found and not found[3]:
            return (*found[:3], lead.group(2).strip())
    return _split_heading(line)


def _split_heading(line: str) -> tuple[int, str, str, str] | None:
    decimal = _DECIMAL_HEADING.match(line)
    if decimal and not _QUANTITY.match(decimal.group(2).strip()):
        number = decimal.group(1).replace("．", ".")
        title, _, rest = decimal.group(2).strip().partition("。")
        title = title.strip()
        if not title or len(title) > MAX_HEADING or "，" in title:
            return None
        return min(number.count(".") + 1, 4), number, title, rest.strip()
    for level, pattern in _HEADINGS:
        match = pattern.match(line)
        if match:
            number = match.group(1)
            title, _, rest = match.group(2).strip().partition("。")
            title = title.strip()
            if not title or len(title) > MAX_HEADING or "，" in title:
                return None
            return level, number, title, rest.strip()
    return None


def is_decimal_number(number: str) -> bool:
    """Whether a heading's number is a whole decimal id (1.1, 3.3.1), not one level's."""
    return "." in number


def heading_label(level: int, number: str) -> str:
    if is_decimal_number(number):
        return number
    return {1: f"{number}、", 2: f"（{number}）", 3: f"{number}.", 4: f"（{number}）"}[level]


def heading_key(level: int, number: str) -> str:
    if is_decimal_number(number):
        return ".".join(str(int(part)) for part in number.split("."))
    return str(cn_number(number)) if level in (1, 2) else str(int(number))


def named_matter(line: str) -> tuple[str, str, str] | None:
    """(id, part, title) of an unnumbered heading of the matter around the chapters:
    前言 → preface, 参考文献 → references, 附录 A → appendix-a, 附件 2 → annex-2."""
    text = line.strip()
    key = squash(text)
    if key in FRONT_MATTER:
        return FRONT_MATTER[key], "front", text
    if key.lower() in ENGLISH_FRONT_MATTER:
        return ENGLISH_FRONT_MATTER[key.lower()], "front", text
    if key in BACK_MATTER or key.lower() in BACK_MATTER:
        return BACK_MATTER[key if key in BACK_MATTER else key.lower()], "back", text
    match = _LABELLED_BACK.match(text)
    if match and len(text) <= MAX_HEADING:
        label = match.group(2)
        if label[0] in DIGITS or label[0] in UNITS:
            label = str(cn_number(label))
        return f"{BACK_MATTER[match.group(1)]}-{label.lower()}", "back", text
    return None


# --------------------------------------------------------------------------- print artefacts


def cover_line(line: str, meta: ReportMeta) -> str | None:
    """Why a line before the text is no loss to leave out — it repeats the metadata (the
    title; the publisher or place, in either language) or is a bare date ("2023 年 3
    月") — or None when it is text to keep."""
    key = squash(line)
    if key in {squash(meta.title), squash(meta.title_en)} - {""}:
        return "title: in the metadata"
    names = (meta.publisher, meta.publisher_en, meta.place, meta.place_en)
    if any(key == squash(name) for name in names if name) or _COVER_DATE.match(key):
        return "cover: in the metadata"
    return None


def toc_entry(line: str) -> tuple[str, int] | None:
    """(title, page) of a 目录 line printed with dotted leaders: "一、总则……1"."""
    match = TOC_LEADER.match(line.strip())
    return (match.group(1).strip(), int(match.group(2))) if match else None


# --------------------------------------------------------------------------- tables


def caption(line: str) -> tuple[int, str] | None:
    """(number, title) of a 图表 N / 表 N / 图 N caption. 图表 is the white paper's word and
    is trusted; 表 and 图 also start sentences ("图 1 所示，…"), so their title must look
    like one: short, no comma, not a finished sentence."""
    match = _CAPTION.match(line)
    if not match:
        return None
    word, number, title = match.group(1), int(match.group(2)), match.group(3).strip()
    if word != "图表" and (len(title) > _MAX_CAPTION or "，" in title or ends_sentence(title)):
        return None
    return number, title


def split_caption(title: str) -> tuple[str, str | None]:
    """(title, unit) of a caption that names its unit: "企业数量（单位：家）"."""
    match = UNIT.match(title)
    return (match.group(1).strip(), match.group(2)) if match else (title.strip(), None)


def is_table_line(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 2 and stripped.startswith("|") and stripped.endswith("|")


def split_row(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip()[1:-1].split("|")]


def is_separator(cells: Sequence[str]) -> bool:
    return bool(cells) and all(SEPARATOR_CELL.match(c) for c in cells)


def policy_rows(table_id: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]],
                region: str | None, fail: Callable[[str], CorpusError]) -> tuple[Policy, ...]:
    """The policies a table lists, when it has a name and a date column (图表 15 …): one
    per row, its date as YYYY.MM, its region from its own column or else ``region``.
    ``fail`` makes the error for a row whose date is no date."""

    def column(names: tuple[str, ...]) -> int | None:
        return next((i for i, h in enumerate(header) if h in names), None)

    name_col, date_col = column(_NAME_COLUMNS), column(_DATE_COLUMNS)
    if name_col is None or date_col is None:
        return ()
    content_col, region_col = column(_CONTENT_COLUMNS), column(_REGION_COLUMNS)
    policies = []
    for ordinal, row in enumerate(rows, start=1):
        date = policy_date(row[date_col])
        if date is None:
            raise fail(f"{table_id} row {ordinal}: policy date {row[date_col]!r} is not "
                       "YYYY.MM (or 2017年7月)")
        policies.append(Policy(
            id=f"{table_id}-p{ordinal}",
            table_id=table_id,
            region=(row[region_col] if region_col is not None else region) or "",
            date=date,
            name=row[name_col],
            content=row[content_col] if content_col is not None else "",
        ))
    return tuple(policies)


def freeze_table(table_id: str, number: int, title: str, unit: str | None,
                 source: str | None, header: Sequence[str], rows: Sequence[Sequence[str]],
                 region: str | None, fail: Callable[[str], CorpusError]) -> Table:
    """A drafted table as the model's: cells without their ``**`` marks, and the policies
    it lists, if it lists any."""
    cells = tuple(strip_bold(c)[0] for c in header)
    body = tuple(tuple(strip_bold(c)[0] for c in row) for row in rows)
    return Table(table_id, number, title, unit, source, cells, body,
                 policy_rows(table_id, cells, body, region, fail))
