"""Markdown read as CommonMark (issue 25): markdown-it-py's tokens, with mdit-py-plugins
for front matter and GFM's tables, say what every line of a Markdown file is — a heading,
a paragraph's line, a list item, a table row, code, HTML, an image — so that no preset has
to guess it from the line's look. Read line by line with regexes, an HTML cover's
headings became chapters, ``<img>`` tags and ``![](…)`` were indexed as text, and a
heading the preset did not number was glued onto the paragraph after it.

What comes out keeps the file's lines (one per source line, so an error still names the
line of the file): each with its text as the presets read it — markup taken off, bold
kept as ``**`` (it can make a heading), a heading with its ``#`` marks, a table row as
``|`` cells — and its kind. The presets read the kinds (``outline``, ``parser``); plain
text has no kinds and is read line by line as before. Pure Python with no Django import.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

# What a line of a Markdown file is, from its tokens.
BLANK = "blank"  # nothing, or markup alone (a fence, a setext underline)
HEADING = "heading"  # a Markdown heading outside HTML: "## 1.1 Title"
TEXT = "text"  # a line of a paragraph
ITEM = "item"  # the first line of a list item: it starts a paragraph of its own
TABLE = "table"  # a row of a GFM table, as "| a | b |"
CODE = "code"  # a line of a code block: kept as it is printed
HTML = "html"  # the text of an HTML block (its tags taken off): a cover, a raw table
ASIDE = "aside"  # not text: front matter, a comment, a rule, an image, a contents entry

_IMAGE_REASON = "image (the file has no text for it)"
CONTENTS = "table of contents entry"
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_BREAK_TAGS = re.compile(r"<\s*(?:br|/td|/th|/p|/div|/h[1-6]|/li)\b[^>]*>", re.I)
# Elements that hold a cover's headings: a Markdown heading between <div align="center">
# and </div> (blank lines inside, as GitHub renders it) is the cover's, not a chapter.
_CONTAINER = re.compile(r"<(/?)(div|center|header|section|figure|table|details|p)\b[^>]*?"
                        r"(/?)>", re.I)
_JOIN = "\x00"  # where a <br> stood: a space between Latin words, nothing in Chinese
_LATIN_JOIN = re.compile(r"(?<=[A-Za-z0-9,.;:!?)])[ \t]*\x00[ \t]*(?=[A-Za-z0-9(])")
_CJK_JOIN = re.compile(r"[ \t]*\x00[ \t]*")
_CELL_BAR = re.compile(r"(?<!\\)\|")  # a cell's edge in a table row as printed
_ANCHOR = re.compile(r"^#\S*$")  # a link into the document itself: a contents entry


@dataclass(frozen=True)
class MarkedLines:
    """A Markdown file's lines as the presets read them, each with its kind."""

    lines: list[str]  # one per line of the file
    kinds: list[str]
    reasons: dict[int, str] = field(default_factory=dict)  # line index → why set aside
    images: list[tuple[int, str]] = field(default_factory=list)  # inline images, by line

    def visible(self) -> list[str]:
        """The text a reader of the rendered file sees, line by line — no tags, comments,
        front matter or images, a contents list included: what ingest's coverage counts
        (what a preset sets aside of it counts as not kept)."""
        return [line if kind != BLANK and (kind != ASIDE or self.reasons[index] == CONTENTS)
                else "" for index, (line, kind) in enumerate(zip(self.lines, self.kinds,
                                                                 strict=True))]

    def plain(self) -> list[str]:
        """The lines that preset detection and the stub's guesses read: headings with
        their ``#`` marks, text, rows and an HTML cover's text; code and what is not text
        left blank."""
        return [line if kind not in (ASIDE, CODE, BLANK) else ""
                for line, kind in zip(self.lines, self.kinds, strict=True)]


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def read_markdown(text: str) -> MarkedLines:
    """The kinds and readable text of every line of ``text``, from its CommonMark tokens."""
    source = text.replace("\ufeff", "").split("\n")
    reader = _Reader(source)
    reader.read(_parser().parse("\n".join(source)))
    return MarkedLines(reader.lines, reader.kinds, reader.reasons, reader.images)


class _Reader:
    def __init__(self, source: list[str]) -> None:
        self.source = source
        self.lines = [""] * len(source)
        self.kinds = [BLANK] * len(source)
        self.reasons: dict[int, str] = {}
        self.images: list[tuple[int, str]] = []
        self.containers = 0  # HTML elements open around the current token
        self.item: tuple[str, bool] | None = None  # the open list item's mark, and if used

    def aside(self, start: int, end: int, reason: str) -> None:
        for index in range(start, min(end, len(self.source))):
            if self.source[index].strip():
                self.lines[index], self.kinds[index] = self.source[index].strip(), ASIDE
                self.reasons[index] = reason

    def read(self, tokens: Sequence[Any]) -> None:
        lists: list[tuple[str, int]] = []  # open lists: (kind, first line)
        index = 0
        while index < len(tokens):
            token = tokens[index]
            kind = token.type
            start, end = token.map or (0, 0)
            if kind == "front_matter":
                self.aside(start, end, "front matter (metadata, not text)")
            elif kind == "html_block":
                self.html_block(token.content, start, end)
            elif kind == "hr":
                self.aside(start, end, "horizontal rule")
            elif kind in ("code_block", "fence"):
                self.code(token, start, end)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                if not lists and _contents(tokens, index):
                    close = _closing(tokens, index)
                    self.contents(tokens[index:close])
                    index = close + 1
                    continue
                lists.append((kind, start))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_close":
                self.item = None
            elif kind == "list_item_open":
                ordered = lists and lists[-1][0] == "ordered_list_open"
                self.item = (f"{token.info}{token.markup} " if ordered else "", False)
            elif kind == "heading_open":
                self.heading(tokens[index + 1], token.markup, start, end)
                index += 3
                continue
            elif kind == "paragraph_open":
                self.paragraph(tokens[index + 1], start, end)
                index += 3
                continue
            elif kind == "tr_open":
                self.row(tokens, index, start)
            index += 1

    # -- blocks --------------------------------------------------------------------

    def html_block(self, content: str, start: int, end: int) -> None:
        for opening, _name, closed in (m.groups() for m in _CONTAINER.finditer(content)):
            if not closed:
                self.containers += -1 if opening else 1
        self.containers = max(self.containers, 0)
        if content.lstrip().startswith("<!--"):
            self.aside(start, end, "comment")
            return
        for index in range(start, min(end, len(self.source))):
            raw = self.source[index]
            text = " ".join(html.unescape(_TAG.sub(" ", _BREAK_TAGS.sub(" ", raw))).split())
            if text:
                self.lines[index], self.kinds[index] = text, HTML
            elif raw.strip():
                reason = _IMAGE_REASON if "<img" in raw.lower() else "HTML markup"
                self.aside(index, index + 1, reason)

    def contents(self, tokens: Sequence[Any]) -> None:
        """A list of links into the document: its entries set aside, as their text."""
        for token in tokens:
            if token.type == "inline" and token.map and token.map[0] < len(self.source):
                line = token.map[0]
                self.lines[line] = " ".join(_inline(token.children or [])[0].split())
                self.kinds[line], self.reasons[line] = ASIDE, CONTENTS

    def code(self, token: Any, start: int, end: int) -> None:
        body = token.content.rstrip("\n").split("\n") if token.content else []
        first = start + 1 if token.type == "fence" else start
        for offset, line in enumerate(body):
            if first + offset < len(self.source):
                self.lines[first + offset], self.kinds[first + offset] = line.rstrip(), CODE

    def heading(self, inline: Any, markup: str, start: int, end: int) -> None:
        text, images = _inline(inline.children or [])
        self.note_images(start, images)
        title = " ".join(text.split())
        if not title:
            return
        if self.containers:  # inside <div align="center">…</div>: a cover's line
            self.lines[start], self.kinds[start] = title, HTML
            return
        depth = len(markup) if markup.startswith("#") else (1 if markup.startswith("=") else 2)
        self.lines[start], self.kinds[start] = f"{'#' * depth} {title}", HEADING

    def paragraph(self, inline: Any, start: int, end: int) -> None:
        text, images = _inline(inline.children or [])
        self.note_images(start, images)
        parts = text.split("\n")
        if len(parts) != end - start:  # a break the lines don't show: one line
            parts = [" ".join(text.split("\n"))] + [""] * (end - start - 1)
        if not "".join(parts).strip():
            reason = _IMAGE_REASON if images else "HTML markup"
            self.aside(start, end, reason)
            return
        mark, is_item = "", False
        if self.item is not None and not self.item[1]:
            mark, is_item = self.item[0], True
            self.item = (mark, True)
        first = True
        for offset, part in enumerate(parts):
            index = start + offset
            if index >= len(self.source) or not part.strip():
                continue
            self.lines[index] = mark + part.strip() if first else part.strip()
            self.kinds[index] = ITEM if first and is_item else TEXT
            first = False

    def row(self, tokens: Sequence[Any], index: int, line: int) -> None:
        cells: list[str] = []
        header = False
        position = index + 1
        while tokens[position].type != "tr_close":
            if tokens[position].type == "inline":
                text, images = _inline(tokens[position].children or [])
                self.note_images(line, images)
                cells.append(" ".join(text.replace("**", "").split()).replace("|", "｜"))
            elif tokens[position].type == "th_open":
                header = True
            position += 1
        if line < len(self.source):
            printed = _CELL_BAR.split(self.source[line].strip().strip("|"))
            if len(printed) > len(cells):  # GFM drops the cells past the header's: the
                cells = [cell.strip() for cell in printed]  # preset says so instead
            self.lines[line], self.kinds[line] = f"| {' | '.join(cells)} |", TABLE
        if header and line + 1 < len(self.source):  # the |---| line under the header
            self.lines[line + 1] = "|" + "---|" * len(cells)
            self.kinds[line + 1] = TABLE

    def note_images(self, line: int, images: list[str]) -> None:
        self.images += [(line, image) for image in images]


def _inline(children: Sequence[Any]) -> tuple[str, list[str]]:
    """A block's text from its inline tokens — bold as ``**``, links as their text, line
    breaks as ``\\n``; images and HTML tags left out — and the images it had."""
    out: list[str] = []
    images: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind in ("strong_open", "strong_close"):
            out.append("**")
        elif kind == "image":
            images.append(f"![{child.content}]({child.attrs.get('src', '')})")
        elif kind == "html_inline" and _BREAK_TAGS.match(child.content):
            out.append(_JOIN)
    joined = _LATIN_JOIN.sub(" ", "".join(out))
    return _CJK_JOIN.sub("", joined), images


def _closing(tokens: Sequence[Any], index: int) -> int:
    """The index of the token that closes the one at ``index``."""
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _contents(tokens: Sequence[Any], index: int) -> bool:
    """Whether the list opening at ``index`` is a table of contents: each of its items
    (at any depth) is one link into the document itself (``[一、总则](#一总则)``)."""
    close = _closing(tokens, index)
    items = 0
    for token in tokens[index:close]:
        if token.type != "inline":
            continue
        children = [c for c in token.children or [] if not (c.type == "text"
                                                              and not c.content.strip())]
        if len(children) < 3 or children[0].type != "link_open" \
                or children[-1].type != "link_close" \
                or not _ANCHOR.match(str(children[0].attrs.get("href", ""))):
            return False
        items += 1
    return items >= 2
