"""Highlighting: find the matched words in a text and mark them, escaping everything else.

Matches come from the same analyzer that indexed the text. A word the query asked for is
marked where it stands as a whole token; only when it occurs solely *inside* longer tokens
(孪生 in 数字孪生, found through the bigram field) are those substrings marked instead, so
there are no stray sub-token highlights. Output is HTML built here from escaped pieces.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape

from search.language.analysis import (
    Normalized,
    TextAnalyzer,
    is_cjk,
    is_latin,
    normalize,
    normalize_text,
)
from search.language.english import WORD, english_term, english_terms
from search.language.lexicon import Lexicon
from search.query.answers import Asked, figure, fit
from search.query.concepts import Understood

SNIPPET_CHARS = 150
_SENTENCE_END = re.compile("[。！？；!?;\n]")


@dataclass(frozen=True)
class Highlight:
    """What to mark: analyzer terms (whole tokens) and needles (normalised substrings).

    ``groups`` ties each needle to the terms it stands for, so a needle is used only where
    none of its terms occur as whole tokens."""

    terms: frozenset[str] = frozenset()
    groups: tuple[tuple[str, frozenset[str]], ...] = ()  # (needle, its terms)
    phrases: tuple[str, ...] = ()  # quoted phrases: always matched as substrings
    weights: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    # how much each term or needle tells about the query (rare words more): snippets
    # are built around the sentence where the most telling ones meet
    english: frozenset[str] = frozenset()  # stemmed English terms, for the English edition
    asks_number: bool = False  # a question whose answer is a number (多少, how many)
    asked: Asked | None = None  # …and what that number counts: its figure is marked

    def __bool__(self) -> bool:
        return bool(self.terms or self.groups or self.phrases)


Span = tuple[int, int]


def highlight_of(understood: Understood, analyzer: TextAnalyzer, lexicon: Lexicon,
                 documents: int) -> Highlight:
    """What a page marks for these concepts: their words where they stand as tokens (or,
    for Chinese, as substrings where jieba glued them into longer words), phrases
    verbatim, each weighted by how rare it is among ``documents`` (the snippet goes where
    the rarest are)."""
    documents = max(1, documents)
    terms: set[str] = set()
    needles: list[tuple[str, frozenset[str]]] = []
    phrases: list[str] = []
    weights: dict[str, float] = {}
    english: set[str] = set()

    def weigh(text: str, words: list[str]) -> None:
        rarest = max((lexicon.frequency.get(w, 0) for w in words), default=0)
        frequency = min(lexicon.frequency.get(w, documents) for w in words) if words else 1
        weights[text] = math.log(1 + documents / max(1, frequency or rarest or 1))

    for concept in understood.concepts:
        for form in concept.forms:
            if is_latin(form.text):
                english.update(english_terms(form.text))
            text = " ".join(normalize_text(form.text).split())
            words = [t.term for t in analyzer.words(text)]
            if form.phrase or (form.how != "typed" and len(words) > 1):
                phrases.append(text.replace(" ", "") if is_cjk(text) else text)
                weigh(phrases[-1], words)
                continue
            terms.update(words)
            for word in words:
                weigh(word, [word])
            if is_cjk(text) and words:
                needles.append((text.replace(" ", ""), frozenset(words)))
                weigh(needles[-1][0], words)
    return Highlight(frozenset(terms), tuple(needles), tuple(phrases), weights,
                     frozenset(english), understood.asks_number,
                     understood.asked if understood.asks_number else None)



@lru_cache(maxsize=4096)
def _normalized(text: str) -> Normalized:
    return normalize(text)


def find_spans(analyzer: TextAnalyzer, text: str, highlight: Highlight,
               window: Span | None = None) -> list[Span]:
    """Sorted, merged [start, end) spans of ``text`` to mark (within ``window``)."""
    if not highlight or not text:
        return []
    start, end = window or (0, len(text))
    piece = text[start:end]
    spans: list[Span] = []
    token_terms: set[str] = set()
    for tok in analyzer.words(piece, subwords=True):
        if tok.term in highlight.terms:
            spans.append((start + tok.start, start + tok.end))
            token_terms.add(tok.term)
    norm = _normalized(text)
    needles = list(highlight.phrases)
    needles += [n for n, terms in highlight.groups if not (terms & token_terms)]
    for needle in needles:
        spans.extend(s for s in _occurrences(norm, needle) if s[0] >= start and s[1] <= end)
    return merge(spans)


def _occurrences(norm: Normalized, needle: str) -> Iterable[Span]:
    if not needle:
        return
    at = norm.text.find(needle)
    while at >= 0:
        yield norm.start(at), norm.end(at + len(needle))
        at = norm.text.find(needle, at + len(needle))


def merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def candidate_spans(text: str, highlight: Highlight) -> list[Span]:
    """Cheap superset of the matches: every substring occurrence of every term and
    needle, used to choose a snippet window before tokenising only that window."""
    norm = _normalized(text)
    needles = set(highlight.terms) | {n for n, _ in highlight.groups} | set(highlight.phrases)
    spans: list[Span] = []
    for needle in needles:
        spans.extend(_occurrences(norm, needle))
    return sorted(spans)


TEXTS_KEPT = 1024  # passages' one-line forms and sentences, kept: the same ones come back


@lru_cache(maxsize=TEXTS_KEPT)
def one_line(text: str) -> str:
    """``text`` with each run of white space one space: paragraphs and table rows read
    as one line in a snippet."""
    return " ".join(text.split())


@lru_cache(maxsize=TEXTS_KEPT)
def sentences(text: str) -> tuple[Span, ...]:
    """[start, end) of each sentence (up to and including 。！？；!?; or a line break)."""
    spans, start = [], 0
    for stop in _SENTENCE_END.finditer(text):
        spans.append((start, stop.end()))
        start = stop.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def choose_window(text: str, spans: Sequence[Span], size: int = SNIPPET_CHARS,
                  weights: dict[str, float] | None = None,
                  split: Callable[[str], Sequence[Span]] | None = None,
                  asks_number: bool = False, asked: Asked | None = None) -> Span:
    """The ``size``-character window around the sentence that best covers the query: the
    one whose distinct matches weigh most (a rare word more than a common one), so that
    for a question the sentence with the answer is shown. The window starts at that
    sentence's beginning."""
    if len(text) <= size:
        return 0, len(text)
    if not spans:
        return 0, size
    weights = weights or {}

    def worth(found: list[str], sentence: str) -> tuple[int, int, int, int, float]:
        # the answer to "how many" is a number counting what was asked (a total, or one
        # year's figure, as asked); then the most telling words; between equals, the
        # earliest sentence (a paragraph states its point first)
        weight = round(sum(weights.get(word, 1.0) for word in set(found)), 6)
        if asked is not None:
            return (*fit(sentence, asked), weight)
        return 0, 0, 0, int(not asks_number or any(c.isdigit() for c in sentence)), weight

    # (worth, -start, start)
    best: tuple[tuple[int, int, int, int, float], int, int] | None = None
    parts = (split or sentences)(text)
    for first, last in parts:
        found = [text[s:e] for s, e in spans if s >= first and e <= last]
        if not found:
            continue
        key = (worth(found, text[first:last]), -first)
        if best is None or key > best[:2]:
            best = (*key, first)
    assert best is not None
    sentence_start = best[2]
    sentence_end = next(end for start, end in parts if start == sentence_start)
    start = sentence_start
    if sentence_end - sentence_start > size:
        # a long sentence: from its first match, with a little of what precedes it
        first_match = next(s for s, _ in spans if s >= sentence_start)
        start = max(sentence_start, first_match - size // 5)
    start = min(start, len(text) - size)
    return start, start + size


def render(text: str, marks: Sequence[Span] = (), emphasis: Sequence[Span] = (),
           answers: Sequence[Span] = ()) -> str:
    """Escaped HTML of ``text`` with <mark> and <strong> around the given spans, and
    <mark class="answer"> around the figure that answers the question. One pass over
    the spans' edges, keeping count of the spans of each kind that cover the piece."""
    size = len(text)
    changes: dict[int, list[int]] = {0: [0, 0, 0], size: [0, 0, 0]}
    for kind, spans in enumerate((emphasis, answers, marks)):
        for start, end in spans:
            for edge in (start, end):  # every edge cuts the text, even an empty span's
                if 0 <= edge <= size:
                    changes.setdefault(edge, [0, 0, 0])
            start, end = max(start, 0), min(end, size)
            if start < end:  # an empty span covers nothing
                changes[start][kind] += 1
                changes[end][kind] -= 1
    points = sorted(changes)
    covering = [0, 0, 0]
    out: list[str] = []
    for start, end in zip(points, points[1:], strict=False):
        for kind, change in enumerate(changes[start]):
            covering[kind] += change
        chunk = escape(text[start:end])
        if covering[0]:
            chunk = f"<strong>{chunk}</strong>"
        if covering[1]:
            chunk = f'<mark class="answer">{chunk}</mark>'
        elif covering[2]:
            chunk = f"<mark>{chunk}</mark>"
        out.append(chunk)
    return "".join(out)


def snippet(analyzer: TextAnalyzer, text: str, highlight: Highlight,
            size: int = SNIPPET_CHARS) -> str:
    """About ``size`` characters of ``text`` around the best passage, escaped, with
    <mark> around each matched word, and … where the text was cut."""
    text = one_line(text)
    if not text:
        return ""
    window = choose_window(text, candidate_spans(text, highlight) if highlight else [], size,
                           highlight.weights, asks_number=highlight.asks_number,
                           asked=highlight.asked)
    start, end = window
    # tokenise a little beyond the window so words at its edges segment as in the index
    margin = (max(0, start - 8), min(len(text), end + 8))
    marks = [(max(s, start), min(e, end)) for s, e in
             find_spans(analyzer, text, highlight, margin) if e > start and s < end]
    body = render(text[start:end], [(s - start, e - start) for s, e in marks],
                  answers=_answer(text[start:end], highlight))
    return f"{'…' if start > 0 else ''}{body}{'…' if end < len(text) else ''}"


def _answer(window: str, highlight: Highlight, english: bool = False) -> list[Span]:
    """The figure answering the question, in the window's sentence that answers best (as
    the window was chosen: the asked year, unit and kind of figure, then most of the
    query's words)."""
    asked = highlight.asked
    if asked is None:
        return []
    split = english_sentences if english else sentences
    matches = english_candidates(window, highlight) if english else \
        candidate_spans(window, highlight)
    best: tuple[tuple, Span] | None = None
    for start, end in split(window):
        span = figure(window[start:end], asked, loose=True)
        if span is None:
            continue
        words = len({window[a:b] for a, b in matches if start <= a and b <= end})
        key = (fit(window[start:end], asked), words, -start)
        if best is None or key > best[0]:
            best = (key, (start + span[0], start + span[1]))
    return [best[1]] if best else []


def mark(analyzer: TextAnalyzer, text: str, highlight: Highlight,
         emphasis: Sequence[Span] = ()) -> str:
    """The whole ``text``, escaped, matches marked (for ?q= on a section page)."""
    return render(text, find_spans(analyzer, text, highlight), emphasis)


# --------------------------------------------------------------------------- English

_ENGLISH_STOPS = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9\"“(])|\n")


def english_spans(text: str, highlight: Highlight, start: int = 0,
                  end: int | None = None) -> list[Span]:
    """Where the query's English terms stand in English ``text`` (the English fields'
    analyzer finds them: "robots" for robot, "computing" for comput…), or in the window
    ``text[start:end]`` (offsets within it). A window that begins and ends between words
    reads the whole text's words, which are kept; one that cuts a word is read alone."""
    end = len(text) if end is None else end
    if not highlight.english or start >= end:
        return []
    if not ((start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " ")):
        text, start, end = text[start:end], 0, end - start
    terms = highlight.english
    words = english_words(text)
    spans = []
    at = bisect_left(words, (start,))  # the first word that starts in the window
    while at < len(words) and words[at][0] < end:
        first, last, term = words[at]
        if last <= end and term in terms:
            spans.append((first - start, last - start))
        at += 1
    return merge(spans)


def english_words(text: str) -> tuple[tuple[int, int, str], ...]:
    """Each word of English ``text``: where it stands and its term, as the English
    fields' analyzer reads it (stop words too: a query may name one). A passage's are
    kept (``WORDS_KEPT`` of them, up to ``WORDS_LENGTH`` characters long)."""
    return _words_kept(text) if len(text) <= WORDS_LENGTH else _words(text)


def _words(text: str) -> tuple[tuple[int, int, str], ...]:
    return tuple((match.start(), match.end(), english_term(match.group().lower()))
                 for match in WORD.finditer(text))


WORDS_KEPT = 256  # ~150 bytes a word: at most ~50 MB, a few MB in practice
WORDS_LENGTH = 8000
_words_kept = lru_cache(maxsize=WORDS_KEPT)(_words)


@lru_cache(maxsize=TEXTS_KEPT)
def english_sentences(text: str) -> tuple[Span, ...]:
    spans, start = [], 0
    for match in _ENGLISH_STOPS.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return tuple(spans)


def english_candidates(text: str, highlight: Highlight) -> list[Span]:
    """Cheap superset of ``english_spans``: words starting with a query term's stem (the
    stem is how the word begins: comput for computer), found without the analyzer."""
    if not highlight.english:
        return []
    pattern = _english_pattern(highlight.english)
    return [match.span() for match in pattern.finditer(text)]


@lru_cache(maxsize=256)
def _english_pattern(terms: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, terms), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})[a-z]*", re.I)


def english_snippet(text: str, highlight: Highlight, size: int = SNIPPET_CHARS * 2) -> str:
    """The English counterpart of ``snippet``: about ``size`` characters (English needs
    twice the room of Chinese) around the sentence with the query's words. The window is
    chosen on cheap candidates; only the window is analysed to mark the words exactly."""
    text = one_line(text)
    if not text:
        return ""
    start, end = choose_window(text, english_candidates(text, highlight), size, None,
                               english_sentences, highlight.asks_number, highlight.asked)
    if start > 0 and text[start - 1] != " ":  # begin and end at whole words
        start = min(text.find(" ", start) + 1 or start, start + 20)
    if end < len(text) and text[end] != " ":
        end = max(text.rfind(" ", start, end), end - 20)
    marks = english_spans(text, highlight, start, end)
    body = render(text[start:end], marks,
                  answers=_answer(text[start:end], highlight, english=True))
    return f"{'…' if start > 0 else ''}{body}{'…' if end < len(text) else ''}"


def mark_english(text: str, highlight: Highlight) -> str:
    """The whole English ``text``, escaped, the query's English words marked."""
    return render(text, english_spans(text, highlight))
