"""How a line is a heading in the outline presets: a law's 第X章 and 第X条, a standard's
1.1, a Markdown ``#`` heading (with the number it prints, if any). Each reader takes one
line and gives a ``Heading`` or None; ``PRESET_HEADINGS`` names them by preset. Pure
Python with no Django import.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from search.document.conventions import (
    CN_NUMERAL,
    MAX_HEADING,
    TOC_LEADER,
    cn_number,
    ends_sentence,
    markdown_heading,
    strip_bold,
    unmark,
)
from search.document.model import CJK

# 第二编 / 第一分编 / 第三章 / 第二节, then the title; 第二十一条 (之一), then the article's text.
_DIVISION = re.compile(rf"^第([{CN_NUMERAL}\d]+)(分编|编|章|节)\s*(.*)$")
_DIVISION_RANK = {"编": 0, "分编": 1, "章": 2, "节": 3}
# An article's number may be followed by a space (half or full width) or run straight
# into its text ("第一条为了…", as a typeset PDF prints it) — but not into the words that
# make it a reference inside a sentence ("第十条规定的…", "第十条之规定").
_ARTICLE = re.compile(rf"^第([{CN_NUMERAL}\d]+)条(?:之([{CN_NUMERAL}]+))?"
                      r"(?=[\s【]|$|[^规所的至和或及中第款项之、，。；：,.;:）)])\s*(.*)$")
_ARTICLE_LABEL = re.compile(r"^【(.{1,20}?)】\s*(.*)$")
_DECIMAL = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2}){0,3})[.．]?(\s*)(\D.*)$")
_MAX_DECIMAL_TITLE = 100  # characters: a standard's headings are long
_QUANTITY = re.compile(r"^[%％‰亿万千百倍元]")  # "3.5亿元…", "2.5 万元…" are prose
_SPACED_CJK = re.compile(rf"(?<=[{CJK}])\s+(?=[{CJK}])")


@dataclass(frozen=True)
class Heading:
    """A heading line as a preset reads it."""

    rank: int  # its kind, outermost first: 编 0 … 节 3; decimal: parts; markdown: # depth
    key: str  # its own number as an id ("3" for 第三章, "1.2" for decimal); "" by position
    number: str  # as printed: "第三章", "1.2", "第二十一条"; "" for a Markdown heading
    title: str
    article: bool = False
    rest: str = ""  # an article's text after its number
    absolute: bool = False  # ``key`` is the whole id (1.1, 3.3.1), not one under the parent


def _tidy_title(title: str) -> str:
    """"总  则" → "总则": laws space out two-character titles to fill the line."""
    return _SPACED_CJK.sub("", title.strip())


def _short_title(title: str) -> bool:
    return len(title) <= MAX_HEADING and "，" not in title and not ends_sentence(title)


def law_heading(line: str) -> Heading | None:
    """第X编/分编/章/节 title, or 第X条 text; the number may be in bold (a Word file's
    ``**第一条**　…``)."""
    text = unmark(line)
    if text.startswith("**"):
        text = strip_bold(text)[0]
    article = _ARTICLE.match(text)
    if article:
        number, sub, rest = article.groups()
        key = f"art-{cn_number(number)}" + (f"-{cn_number(sub)}" if sub else "")
        printed = f"第{number}条" + (f"之{sub}" if sub else "")
        label = _ARTICLE_LABEL.match(rest)
        title, rest = (label.group(1), label.group(2)) if label else ("", rest)
        return Heading(0, key, printed, title, article=True, rest=rest.strip())
    division = _DIVISION.match(text)
    if division:
        number, word, title = division.groups()
        if title and not _short_title(title):
            return None
        return Heading(_DIVISION_RANK[word], str(cn_number(number)), f"第{number}{word}",
                       _tidy_title(title))
    return None


def decimal_heading(line: str) -> Heading | None:
    """1 范围 / 1.1 术语 / 1.1.1 定义: the number is the id and its parts the depth. Only
    an unindented line is a heading (issue 25: an RFC indents its text, lists and
    addresses — "   5 Castle Business Village" — and not its headings), and its title may
    be long ("4.3.  Collected ABNF for New Header Fields Used in Handshake")."""
    if line[:1].isspace():
        return None
    text = unmark(line)
    if text.startswith("**"):
        text = strip_bold(text)[0]
    match = _DECIMAL.match(text)
    if not match:
        return None
    number, space, title = match.groups()
    number = number.replace("．", ".")
    parts = number.split(".")
    title = title.strip()
    if (len(parts) == 1 and not space) or _QUANTITY.match(title) or TOC_LEADER.match(text) \
            or len(title) > _MAX_DECIMAL_TITLE or "，" in title or ends_sentence(title) \
            or title.endswith((".", ",")):
        return None  # "3家企业" is prose; a top heading is "3 范围"
    key = ".".join(str(int(p)) for p in parts)
    return Heading(len(parts), key, key, title.strip())


# A Markdown heading's printed number (issue 25: "## 1.1 全球" must be 1.1 and "## 三、…" 3,
# so that go-to 3.3.1 lands where the document says): 1.1 / 3.3.1 are whole ids; 一、,
# （一）, 1., （1） and 第X章 count under the heading's parent.
_PRINTED_DECIMAL = re.compile(r"^(\d{1,2}(?:[.．]\d{1,2}){1,3})[.．]?(?:\s+|(?=\D))(\S.*)$")
_PRINTED = (
    re.compile(r"^(\d{1,2})(?:[.．、]\s*|\s+)(\D\S*.*)$"),
    re.compile(rf"^([{CN_NUMERAL}]{{1,4}})、\s*(\S.*)$"),
    re.compile(rf"^[（(]\s*([{CN_NUMERAL}]{{1,4}}|\d{{1,2}})\s*[）)]\s*(\S.*)$"),
    re.compile(rf"^第([{CN_NUMERAL}\d]{{1,4}})[章节篇部]\s*(\S.*)$"),
)


def printed_number(text: str) -> tuple[str, str, str, bool] | None:
    """(key, number as printed, title, absolute) of a heading that starts with its
    number: "1.1 全球" → ("1.1", "1.1", "全球", True), "三、趋势" → ("3", "三、", "趋势",
    False); None for a heading without one (or with a quantity: "3.5亿元的投资")."""
    decimal = _PRINTED_DECIMAL.match(text)
    if decimal and not _QUANTITY.match(decimal.group(2)):
        key = ".".join(str(int(p)) for p in decimal.group(1).replace("．", ".").split("."))
        return key, key, decimal.group(2).strip(), True
    for pattern in _PRINTED:
        match = pattern.match(text)
        if match and not _QUANTITY.match(match.group(2)):
            numeral, title = match.groups()
            key = str(int(numeral)) if numeral.isdigit() else str(cn_number(numeral))
            number = text[:len(text) - len(title)].strip()
            return key, number, title.strip(), False
    return None


def markdown_heading_of(line: str) -> Heading | None:
    """## Title: depth from the marks; the id from the printed number when the heading
    starts with one, else from the heading's position."""
    found = markdown_heading(line)
    if not found or not found[1]:
        return None
    printed = printed_number(found[1])
    if printed is None:
        return Heading(found[0], "", "", found[1])
    key, number, title, absolute = printed
    return Heading(found[0], key, number, title, absolute=absolute)


PRESET_HEADINGS: dict[str, Callable[[str], Heading | None]] = {
    "law": law_heading,
    "decimal": decimal_heading,
    "markdown": markdown_heading_of,
}
