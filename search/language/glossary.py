"""The English–Chinese glossary (``corpus/glossary.tsv``): how English words and phrases
reach the Chinese text, and the English names of the report's companies, places and
policies. One concept a line, ``english<TAB>中文[<TAB>中文…]``; ``## `` lines head the
sections (techniques, industries, places, organisations, companies, policies)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from search.document.model import CorpusError, decode_text
from search.language.analysis import english_key, normalize_text


@dataclass(frozen=True)
class GlossaryEntry:
    english: str  # as written: "computer vision"
    key: tuple[str, ...]  # normalised, stemmed words: ("computer", "vision")
    chinese: tuple[str, ...]  # "计算机视觉", …
    line: int
    section: str = ""  # the "## " heading above it in the file: "Companies (…)"


@dataclass(frozen=True)
class Glossary:
    entries: tuple[GlossaryEntry, ...]
    by_key: dict[tuple[str, ...], GlossaryEntry] = field(init=False, repr=False,
                                                         compare=False)
    # worked out once: a query asks for them again and again
    english_words: frozenset[str] = field(init=False, repr=False, compare=False)
    longest: int = field(init=False, repr=False, compare=False)  # words in the longest key

    def __post_init__(self) -> None:
        by_key = {entry.key: entry for entry in self.entries}
        object.__setattr__(self, "by_key", by_key)
        object.__setattr__(self, "english_words",
                           frozenset(word for key in by_key for word in key))
        object.__setattr__(self, "longest", max((len(key) for key in by_key), default=0))

    def chinese_terms(self) -> set[str]:
        return {term for entry in self.entries for term in entry.chinese}

    def places(self) -> frozenset[str]:
        """The Chinese names of the places the glossary knows (its "Places" section)."""
        return frozenset(term for entry in self.entries if entry.section.startswith("Places")
                         for term in entry.chinese)

    def match(self, words: list[str]) -> list[tuple[int, int, GlossaryEntry | None]]:
        """Greedy longest match of glossary phrases over stemmed English words:
        (start, end, entry or None for a word the glossary does not know)."""
        spans: list[tuple[int, int, GlossaryEntry | None]] = []
        longest = self.longest
        i = 0
        while i < len(words):
            for size in range(min(longest, len(words) - i), 0, -1):
                entry = self.by_key.get(tuple(words[i : i + size]))
                if entry:
                    spans.append((i, i + size, entry))
                    i += size
                    break
            else:
                spans.append((i, i + 1, None))
                i += 1
        return spans


def parse_glossary(text: str, path: str = "glossary.tsv") -> Glossary:
    """``english<TAB>中文[<TAB>中文…]`` per line; ``#`` starts a comment line."""
    entries: list[GlossaryEntry] = []
    seen: dict[tuple[str, ...], int] = {}
    section = ""
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## "):
            section = line[3:].strip()
        if not line or line.startswith("#"):
            continue
        columns = [c.strip() for c in raw.split("\t")]
        if len(columns) < 2 or not columns[0] or not all(columns[1:]):
            raise CorpusError(path, lineno, "expected: english<TAB>中文[<TAB>中文…]")
        key = english_key(columns[0])
        if not key:
            raise CorpusError(path, lineno, f"{columns[0]!r} has no English words")
        chinese = tuple(normalize_text(c) for c in columns[1:])
        if key in seen:
            raise CorpusError(path, lineno, f"{columns[0]!r} repeats line {seen[key]}")
        seen[key] = lineno
        entries.append(GlossaryEntry(columns[0], key, chinese, lineno, section))
    return Glossary(tuple(entries))


def load_glossary(path: Path) -> Glossary:
    if not path.exists():
        return Glossary(())
    return parse_glossary(decode_text(path.read_bytes(), str(path)), str(path))


