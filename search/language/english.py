"""The English edition's analyzer: words (letters, digits, underscores, inner dots), lower
case, stop words and one-letter words out, Porter stems. The same tokens index, query and
highlight the English fields.

They are exactly those of Whoosh's ``StemmingAnalyzer``, which indexed the English edition
before the engine was put behind ``search/engine/`` (a test compares the two over the
whole edition): the engine's English fields now call this module.
"""

from __future__ import annotations

import re
from functools import lru_cache

from search.language.analysis import Tok
from search.language.porter import stem as porter_stem

WORD = re.compile(r"[\w\*]+(\.?[\w\*]+)*")
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if",
    "in", "is", "it", "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to",
    "us", "we", "when", "will", "with", "yet", "you", "your",
))
MIN_LENGTH = 2  # a one-letter word is dropped like a stop word


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return porter_stem(word)


def _indexed(word: str) -> bool:
    """Whether a lower-cased word is indexed (not a stop word, nor a single letter)."""
    return len(word) >= MIN_LENGTH and word not in STOP_WORDS


def english_term(word: str) -> str:
    """A lower-cased word as ``english_tokens(keep_stops=True)`` gives it: stemmed, or
    as it is when it is a stop word or a single letter."""
    return stem(word) if _indexed(word) else word


def english_tokens(text: str, keep_stops: bool = False) -> list[Tok]:
    """Stemmed words of ``text`` with their offsets. Kept words are numbered one after
    another from the first one's place (a phrase skips the stop words between its words);
    ``keep_stops`` also returns the stop words, lower-cased, unstemmed, at their place in
    the text (for highlighting)."""
    out: list[Tok] = []
    pos: int | None = None
    for index, match in enumerate(WORD.finditer(text)):
        word = match.group().lower()
        if _indexed(word):
            pos = index if pos is None else pos + 1
            out.append(Tok(stem(word), pos, match.start(), match.end()))
        elif keep_stops:
            out.append(Tok(word, index, match.start(), match.end()))
    return out


def english_terms(text: str) -> list[str]:
    """The English fields' terms of ``text`` (stemmed, stop words out)."""
    return [tok.term for tok in english_tokens(text)]
