"""One analyzer for indexing, querying and highlighting.

NFKC → traditional to simplified → lowercase → jieba words (rjieba, with the report's
domain words so 计算机视觉 stays whole) and English words (lightly stemmed); a second,
character-bigram view finds exact substrings where jieba glued words together (孪生 inside
数字孪生). Every token keeps its offsets into the *original* text, so the same tokens that
were indexed are the ones highlighted, and positions are sequential, so phrases match.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from search.document.model import CJK

# --------------------------------------------------------------------------- normalising


class _CharMap(dict):
    """str.translate table that computes (and remembers) one character's mapping."""

    def __init__(self, convert) -> None:
        super().__init__()
        self.convert = convert

    def __missing__(self, code: int) -> str:
        value = self.convert(chr(code))
        self[code] = value
        return value


_NFKC = _CharMap(lambda c: unicodedata.normalize("NFKC", c))
_LOWER = _CharMap(str.lower)


@cache
def _opencc(config: str = "t2s"):
    import opencc

    return opencc.OpenCC(config)


NORMALIZED_KEPT = 2048  # texts of up to NORMALIZED_LENGTH characters, normalised
NORMALIZED_LENGTH = 1024  # (queries, their words, the passages results show)

_T2S = _CharMap(lambda c: _t2s(c))
_opencc_lock = threading.Lock()


def _t2s(text: str) -> str:
    with _opencc_lock:  # the OpenCC binding is not documented as thread-safe
        return _opencc().convert(text)


@lru_cache(maxsize=NORMALIZED_KEPT)  # a reader's words: they come back
def mainland_words(text: str) -> str:
    """Taiwan vocabulary in mainland words, by phrase (OpenCC ``tw2sp``): 人工智慧晶片 →
    人工智能芯片, 軟體 → 软件. Only for what a reader typed: on simplified text tw2sp
    rewrites good mainland words (核心 → 内核), so the index never sees it."""
    with _opencc_lock:
        return _opencc("tw2sp").convert(text)


@dataclass(frozen=True)
class Normalized:
    """Normalised text and, for each of its characters, the offset it came from."""

    text: str
    origin: tuple[int, ...] | None  # None: character i came from offset i

    def start(self, index: int) -> int:
        return index if self.origin is None else self.origin[index]

    def end(self, index: int) -> int:
        """Original offset just after normalised character ``index - 1``."""
        if self.origin is None or index == 0:
            return index
        return self.origin[index - 1] + 1


def _aligned(text: str, table: _CharMap, whole=None) -> tuple[str, list[int] | None]:
    """Map ``text`` through a per-character table (or ``whole`` when it keeps the length),
    returning the mapped text and an origin list when lengths changed."""
    if whole is not None:
        converted = whole(text)
        if len(converted) == len(text):
            return converted, None
    converted = text.translate(table)
    if len(converted) == len(text):
        return converted, None
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        mapped = table[ord(char)]
        out.append(mapped)
        origin.extend([index] * len(mapped))
    return "".join(out), origin


def normalize(text: str) -> Normalized:
    """NFKC, traditional → simplified, lowercase; keeps track of original offsets. The
    same query words and the same passages come back request after request: short texts
    are normalised once (OpenCC's conversion is most of the cost)."""
    if len(text) <= NORMALIZED_LENGTH:
        return _normalize_kept(text)
    return _normalize(text)


def _normalize(text: str) -> Normalized:
    origin: list[int] | None = None
    for table, whole in ((_NFKC, None), (_T2S, _t2s), (_LOWER, None)):
        text, step = _aligned(text, table, whole)
        if step is not None:
            origin = step if origin is None else [origin[i] for i in step]
    return Normalized(text, tuple(origin) if origin is not None else None)


_normalize_kept = lru_cache(maxsize=NORMALIZED_KEPT)(_normalize)


def normalize_text(text: str) -> str:
    return normalize(text).text


ANALYZER_PACKAGES = ("rjieba", "opencc", "whoosh-reloaded")


def analyzer_versions() -> dict[str, str]:
    """The versions of the packages whose dictionaries and tables decide the tokens: an
    index built with others must be rebuilt (rjieba's dictionary, OpenCC's tables)."""
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in ANALYZER_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Tok:
    term: str
    pos: int
    start: int  # offsets in the original text
    end: int


CJK_CHAR = re.compile(f"[{CJK}]")
_NAME_TAGS = frozenset({"eng", "x"})  # English, words jieba lacks
_REMEMBERED_TEXT = 400  # characters: longer texts are tokenised afresh every time
_REMEMBERED = 20_000  # texts remembered per analyzer
_CALENDAR = frozenset({  # month and day names: dates, no topics
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday"})
_LATIN = re.compile(r"[0-9]+(?:\.[0-9]+)+|[a-z0-9]+")  # 5nm, l4, chatgpt, 1.16, 2022
_RUNS = re.compile(f"([{CJK}]+)|([a-z0-9]+(?:\\.[0-9]+)*)")


def is_cjk(text: str) -> bool:
    return bool(CJK_CHAR.search(text))


def is_latin(text: str) -> bool:
    """Letters or digits, and no Chinese."""
    return not is_cjk(text) and any(c.isalnum() for c in text)


def stem(word: str) -> str:
    """Light English stemming: plurals only (cities → city, chips → chip)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


class TextAnalyzer:
    """Tokenises text into jieba words and character bigrams, both with original offsets.

    ``domain_words`` are added to jieba's dictionary so the report's own terms stay whole.
    """

    def __init__(self, domain_words: Iterable[str] = ()) -> None:
        self.domain_words = tuple(sorted(set(domain_words)))
        self._jieba: Any = None  # rjieba.Jieba, loaded on first use
        self._lock = threading.Lock()
        self._subwords: dict[str, tuple[tuple[str, int, int], ...]] = {}
        self._remembered: dict[tuple[str, bool], tuple[Tok, ...]] = {}

    @property
    def jieba(self) -> Any:
        if self._jieba is None:
            with self._lock:
                if self._jieba is None:
                    import rjieba

                    jieba = rjieba.Jieba()
                    for word in self.domain_words:
                        jieba.add_word(word, jieba.suggest_freq(word), None)
                    self._jieba = jieba
        return self._jieba

    def words(self, text: str, subwords: bool = False) -> list[Tok]:
        """jieba words and English words, positions sequential from 0.

        With ``subwords`` (indexing and highlighting), a long word also yields the
        dictionary words inside it at its own position — 智能机器人 gives 智能 and 机器人 — so
        a search for 机器人 finds it, while a search for 智能机器人 still matches it whole.
        Positions stay sequential: phrases are matched on the bigram field anyway.

        Short texts (queries, titles, a snippet's window) are remembered: pages mark the
        same titles and windows again and again."""
        if len(text) > _REMEMBERED_TEXT:
            return self._words(text, subwords)
        key = (text, subwords)
        found = self._remembered.get(key)
        if found is None:
            found = self._remembered[key] = tuple(self._words(text, subwords))
            if len(self._remembered) > _REMEMBERED:
                self._remembered.clear()  # a new generation; cheap, and never unbounded
        return list(found)

    def _words(self, text: str, subwords: bool) -> list[Tok]:
        norm = normalize(text)
        tokens: list[Tok] = []
        pos = 0
        for word, start, end in self.jieba.tokenize(norm.text):
            if is_cjk(word):
                tokens.append(Tok(word, pos, norm.start(start), norm.end(end)))
                if subwords and len(word) > 2:
                    tokens += [Tok(sub, pos, norm.start(start + at), norm.end(start + at + n))
                               for sub, at, n in self.subwords(word)]
                pos += 1
                continue
            for match in _LATIN.finditer(word):
                s, e = norm.start(start + match.start()), norm.end(start + match.end())
                tokens.append(Tok(_latin_term(text, match.group(), s, e), pos, s, e))
                pos += 1
        return tokens

    def is_name(self, word: str) -> bool:
        """Whether ``word`` names a thing — a noun, a name, an abbreviation (jieba's
        part of speech), or English — rather than saying how (累计, 超过, 缓解)."""
        if not is_cjk(word):
            return word.lower() not in _CALENDAR
        if word[0] in "零〇一二两三四五六七八九十百千几多":  # 两省, 多不多: counts, not names
            return False
        # a word jieba doesn't know whole (元宇宙 → 元 宇宙) names a thing if a part does
        return any(tag.startswith("n") or tag in _NAME_TAGS
                   for _part, tag in self.jieba.tag(word))

    def subwords(self, word: str) -> tuple[tuple[str, int, int], ...]:
        """(word, offset, length) of the dictionary words of 2–4 characters inside
        ``word``, as jieba's search mode finds them."""
        found = self._subwords.get(word)
        if found is None:
            jieba = self.jieba
            found = tuple(
                (word[at : at + n], at, n)
                for n in range(2, min(4, len(word) - 1) + 1)
                for at in range(len(word) - n + 1)
                if is_cjk(word[at : at + n]) and jieba.has_word(word[at : at + n])
            )
            self._subwords[word] = found
        return found

    def grams(self, text: str) -> list[Tok]:
        """Overlapping character bigrams of Chinese runs (a lone character stays a
        unigram) and English words, positions sequential, so a phrase of grams is an exact
        substring."""
        norm = normalize(text)
        tokens: list[Tok] = []
        for match in _RUNS.finditer(norm.text):
            run, latin = match.group(1), match.group(2)
            if latin:
                for part in _LATIN.finditer(latin):
                    s = norm.start(match.start() + part.start())
                    e = norm.end(match.start() + part.end())
                    tokens.append(Tok(_latin_term(text, part.group(), s, e), len(tokens), s, e))
                continue
            s = match.start()
            if len(run) == 1:
                tokens.append(Tok(run, len(tokens), norm.start(s), norm.end(s + 1)))
                continue
            for i in range(len(run) - 1):
                tokens.append(Tok(run[i : i + 2], len(tokens), norm.start(s + i),
                                  norm.end(s + i + 2)))
        return tokens


    def chars(self, text: str) -> list[Tok]:
        """Each Chinese character alone: a one-character query (芯) finds 芯片 here."""
        norm = normalize(text)
        return [Tok(match.group(), i, norm.start(match.start()), norm.end(match.end()))
                for i, match in enumerate(CJK_CHAR.finditer(norm.text))]


# --------------------------------------------------------------------------- per process


@cache
def analyzer_for(domain_words: tuple[str, ...]) -> TextAnalyzer:
    """One TextAnalyzer (one jieba dictionary) per word list per process."""
    return TextAnalyzer(domain_words)


def english_key(text: str) -> tuple[str, ...]:
    """The stemmed English words of ``text``, exactly as ``TextAnalyzer.words`` makes them."""
    norm = normalize(text)
    return tuple(
        _latin_term(text, match.group(), norm.start(match.start()), norm.end(match.end()))
        for match in _LATIN.finditer(norm.text)
    )


def _latin_term(original: str, term: str, start: int, end: int) -> str:
    # acronyms are not plurals: EOPS, PFLOPS stay as they are
    return term if original[start:end].isupper() else stem(term)
