"""Plain text printed in pages (issue 25): an RFC as the RFC Editor publishes it, a
report saved from a line printer. Pages are separated by form feeds; the line at the
bottom of most pages (``Fette & Melnikov  Standards Track  [Page 3]``) and the one at the
top (``RFC 6455  The WebSocket Protocol  December 2011``) are running footers and headers,
set aside and listed. A paragraph cut by the page break is joined again: the blank lines
around the break are dropped unless the text before it ended a sentence."""

from __future__ import annotations

import re
from collections import Counter

from search.document.model import SetAside

_DIGITS = re.compile(r"\d+")
_ENDS = (".", ":", ";", "?", "!", "。", "：", "；", "？", "！")


def _key(line: str) -> str:
    return _DIGITS.sub("#", "".join(line.split()))


def is_paged(text: str) -> bool:
    """Whether the text is printed in pages: more than one form feed."""
    return text.count("\f") >= 2


def unpage(text: str) -> tuple[list[str], list[SetAside]]:
    """The text's lines without running headers and footers, pages joined; what was set
    aside, with the line it stood on in the original file."""
    pages = text.split("\f")
    offsets = []
    line = 1
    for page in pages:
        offsets.append(line)
        line += page.count("\n")
    split = [page.split("\n") for page in pages]
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for lines in split:
        texts = [i for i, value in enumerate(lines) if value.strip()]
        if texts:
            tops[_key(lines[texts[0]])] += 1
            bottoms[_key(lines[texts[-1]])] += 1
    enough = max(2, len(pages) // 2)
    aside: list[SetAside] = []
    out: list[str] = []
    for number, (lines, offset) in enumerate(zip(split, offsets, strict=True), start=1):
        texts = [i for i, value in enumerate(lines) if value.strip()]
        drop = set()
        if texts and tops[_key(lines[texts[0]])] >= enough:
            drop.add(texts[0])
        if texts and bottoms[_key(lines[texts[-1]])] >= enough:
            drop.add(texts[-1])
        for index in sorted(drop):
            where = "running header" if index == texts[0] else "running footer"
            aside.append(SetAside(offset + index, lines[index].strip(), where,
                                  f"page {number}"))
        kept = [value for i, value in enumerate(lines) if i not in drop]
        while kept and not kept[0].strip():
            kept.pop(0)
        while kept and not kept[-1].strip():
            kept.pop()
        if not kept:
            continue
        if out:
            previous = out[-1].rstrip()
            if previous.endswith(_ENDS) or not kept[0].startswith((" ", "\t")) \
                    or not out[-1].startswith((" ", "\t")):
                out.append("")  # the page ended a paragraph, or a heading begins the next
        out += kept
    return out, aside
