"""A document read into lines: what every reader (text, Markdown, Word, PDF) produces and
every preset parses."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from search.document.model import CONTROL, SetAside


@dataclass(frozen=True)
class Source:
    """A document read into lines of normalised text, ready for a preset to parse."""

    path: Path
    format: str  # "markdown", "text", "docx", "pdf"
    lines: list[str]
    aside: list[SetAside] = field(default_factory=list)  # what the reader left out
    title: str = ""  # the title its file properties give, if any
    encoding: str = "utf-8"
    reflowed: bool = False  # text whose pages were taken apart (its lines renumbered)

    @property
    def converted(self) -> bool:
        """Whether the lines are the reader's making (their numbers are not the file's)."""
        return self.format in ("docx", "pdf") or self.reflowed

    @property
    def suffix(self) -> str:
        """The suffix of the corpus file: Markdown keeps its ``#`` headings (a .docx's
        headings become them), everything else is plain text."""
        return ".md" if self.format in ("markdown", "docx") else ".txt"


def normalise(text: str) -> list[str]:
    """Lines as the corpus keeps them: NFC, no byte order marks anywhere (one before a
    heading hid it from the parser), LF line ends, no trailing spaces, no control
    characters (a form feed or vertical tab becomes a space; the corpus refuses them).
    The number of lines does not change, so a line number still points into the
    original file."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL.sub(lambda found: " " if found.group() in "\x0b\x0c\u2028\u2029" else "",
                       text)
    return [line.rstrip() for line in text.split("\n")]
