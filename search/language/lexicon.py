"""The index's own vocabulary, for understanding queries: which words the corpus has (and
in how many documents), which of them sound like a typo (homophones through toneless
pinyin), which one a string of pinyin spells, which ones complete a half-typed word.

Built from the index when a snapshot is first asked (and at warm-up, before workers
fork), so it always matches what can actually be found."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from search.language.analysis import CJK_CHAR

_LATIN_WORD = re.compile(r"^[a-z]+$")


@cache
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable: the readings of the common Chinese characters."""
    from pypinyin import lazy_pinyin

    chars = "".join(chr(code) for code in range(0x4E00, 0x9FA6))
    return frozenset(p.replace("ü", "v") for p in lazy_pinyin(chars, errors="ignore"))


def pinyin(word: str) -> str:
    """Toneless pinyin of a Chinese word, syllables run together (处理 → chuli); words
    read in context (phrases) as pypinyin reads them."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(word)).replace("ü", "v")


MAX_PINYIN_CHARS = 60  # a longer run of letters is not pinyin for one word (issue 19)
LONGEST_SYLLABLE = 6  # zhuang, shuang, chuang


def split_syllables(text: str, steps: list[int] | None = None) -> list[str] | None:
    """``naoji`` → [nao, ji]; None when ``text`` is not a run of pinyin syllables (or is
    longer than MAX_PINYIN_CHARS). The longest syllable first, as a reader would split it.

    Linear in the length: which suffixes can be split is computed once, from the end, so
    an ambiguous run (xianxianxian…, where xi+an and xian both fit) is never re-tried.
    ``steps``, when given, gets the number of syllables looked up added to its one item
    (the tests bound the work with it)."""
    lowered = text.lower().replace("ü", "v")
    if len(lowered) > MAX_PINYIN_CHARS or not _LATIN_WORD.match(lowered):
        return None
    known = syllables()
    size = len(lowered)
    splits = [False] * (size + 1)  # splits[i]: lowered[i:] is a run of syllables
    splits[size] = True
    looked = 0
    for start in range(size - 1, -1, -1):
        for length in range(1, min(LONGEST_SYLLABLE, size - start) + 1):
            looked += 1
            if splits[start + length] and lowered[start:start + length] in known:
                splits[start] = True
                break
    out: list[str] = []
    at = 0
    while splits[0] and at < size:
        for length in range(min(LONGEST_SYLLABLE, size - at), 0, -1):
            looked += 1
            if splits[at + length] and lowered[at:at + length] in known:
                out.append(lowered[at:at + length])
                at += length
                break
    if steps is not None:
        steps[0] += looked
    return out if splits[0] else None


@dataclass
class Lexicon:
    frequency: dict[str, int]  # a searchable word → documents it is in
    bigrams: frozenset[str] = frozenset()  # every pair of characters the corpus has
    _by_pinyin: dict[str, list[str]] | None = field(default=None, repr=False)
    _latin: list[str] | None = field(default=None, repr=False)
    _by_start: dict[tuple[str, int], list[str]] | None = field(default=None, repr=False)

    def known(self, word: str) -> bool:
        return self.frequency.get(word, 0) > 0

    def occurs(self, word: str) -> bool:
        """Whether ``word`` may occur in the corpus even where it is no word of its own
        (占比 inside 占比仅): each of its character pairs does somewhere."""
        if self.known(word):
            return True
        pairs = [word[i:i + 2] for i in range(len(word) - 1)]
        return bool(pairs) and all(pair in self.bigrams for pair in pairs)

    def by_pinyin(self) -> dict[str, list[str]]:
        """pinyin → the Chinese words that sound so, most frequent first."""
        if self._by_pinyin is None:
            table: dict[str, list[str]] = {}
            for word in self.frequency:
                if len(word) >= 2 and all(CJK_CHAR.match(c) for c in word):
                    table.setdefault(pinyin(word), []).append(word)
            for words in table.values():
                words.sort(key=lambda w: (-self.frequency[w], w))
            self._by_pinyin = table
        return self._by_pinyin

    def homophones(self, word: str, limit: int = 2, least: int = 1) -> list[str]:
        """Known words that sound like ``word`` (same length), in at least ``least``
        documents: 处里 → 处理."""
        sound = pinyin(word)
        return [w for w in self.by_pinyin().get(sound, ())
                if w != word and len(w) == len(word) and self.frequency[w] >= least][:limit]

    def with_one_more(self, typed: str) -> str | None:
        """The most frequent known word of one character more that starts like ``typed``
        and holds its characters in order (人工能 → 人工智能)."""
        if self._by_start is None:  # words by (first character, length), once
            table: dict[tuple[str, int], list[str]] = {}
            for word in self.frequency:
                if word:
                    table.setdefault((word[0], len(word)), []).append(word)
            self._by_start = table
        best: tuple[int, str] | None = None
        for word in self._by_start.get((typed[:1], len(typed) + 1), ()):
            count = self.frequency[word]
            if _subsequence(typed, word) and (best is None or count > best[0]):
                best = (count, word)
        return best[1] if best else None

    def spelled(self, text: str, limit: int = 2) -> list[str]:
        """Known Chinese words that toneless pinyin ``text`` spells: naoji → 脑机."""
        return self.by_pinyin().get(text.lower().replace("ü", "v"), [])[:limit]

    def completions(self, prefix: str, limit: int = 5) -> list[str]:
        """Known Latin words that start with ``prefix``, most frequent first."""
        if self._latin is None:
            self._latin = sorted(w for w in self.frequency if _LATIN_WORD.match(w))
        words = self._latin
        at = bisect.bisect_left(words, prefix)
        found: list[str] = []
        while at < len(words) and words[at].startswith(prefix) and len(found) < 200:
            found.append(words[at])
            at += 1
        found.sort(key=lambda w: (-self.frequency[w], w))
        return [w for w in found if w != prefix][:limit]


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


def build_lexicon(fields: Iterable[Iterable[tuple[str, int]]],
                  grams: Iterable[str] = ()) -> Lexicon:
    """The words of some fields — each given as (term, documents it is in) — with the
    most documents any field has them in, and ``grams``: every pair of characters the
    corpus has."""
    frequency: dict[str, int] = {}
    for terms in fields:
        for word, count in terms:
            frequency[word] = max(frequency.get(word, 0), count)
    return Lexicon(frequency, frozenset(grams))
