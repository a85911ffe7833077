"""Understanding a query: the reader's text turned into concepts — the things asked for —
before any index is consulted. The query language is small and never raises: words,
"quoted" phrases, ``-word`` exclusions, ``OR`` alternatives; runs of English words are
matched against the glossary, longest phrase first ("smart city" is one concept, with its
Chinese equivalents)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from search.analysis import TextAnalyzer, is_cjk, normalize_text
from search.glossary import Glossary

MAX_QUERY_CHARS = 200
MAX_ITEMS = 12


@dataclass(frozen=True)
class Item:
    text: str
    phrase: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned query, as searched
    groups: tuple[tuple[Item, ...], ...] = ()  # all groups must match; any item of one
    excluded: tuple[Item, ...] = ()


_QUOTES = str.maketrans(dict.fromkeys("“”„‟「」『』＂", '"'))
_LEX = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OPERATORS = {"OR", "|", "||", "或"}


def clean_query(raw: str) -> str:
    """Drop control, format and unpaired surrogate characters; collapse whitespace;
    keep at most MAX_QUERY_CHARS characters."""
    kept = [
        " " if ch.isspace() else ch
        for ch in raw[: MAX_QUERY_CHARS * 4]
        if ch.isspace() or unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"}
    ]
    return " ".join("".join(kept).split())[:MAX_QUERY_CHARS]


def parse_query(raw: str) -> ParsedQuery:
    """Words, "phrases", -exclusions and OR; anything else is just text. Never raises."""
    text = clean_query(raw)
    groups: list[list[Item]] = []
    excluded: list[Item] = []
    pending_or = negate_next = False
    for match in _LEX.finditer(text.translate(_QUOTES)):
        minus, quoted, word = match.groups()
        if quoted is not None:
            negated, item = bool(minus), Item(" ".join(quoted.split()), phrase=True)
        elif word in _OPERATORS:
            pending_or = bool(groups)
            continue
        elif word in {"AND", "&&", "+"}:
            continue
        elif word == "NOT":
            negate_next = True
            continue
        else:
            negated = word.startswith("-") and len(word) > 1
            item = Item(word.lstrip("-") if negated else word)
        negated = negated or negate_next
        negate_next = False
        if not normalize_text(item.text).strip("-\"' "):
            continue
        if negated:
            excluded.append(item)
        elif pending_or and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
        if len(groups) + len(excluded) >= MAX_ITEMS:
            break
    return ParsedQuery(text, tuple(tuple(g) for g in groups), tuple(excluded))


@dataclass(frozen=True)
class Concept:
    """One thing the reader asked for: a chunk of the query, with its Chinese
    equivalents when the glossary knows the English."""

    text: str
    phrase: bool = False
    chinese: tuple[str, ...] = ()


def is_latin(text: str) -> bool:
    return not is_cjk(text) and any(c.isalnum() for c in text)


def concepts(parsed: ParsedQuery, analyzer: TextAnalyzer, glossary: Glossary
             ) -> list[list[Concept]]:
    """The query's groups as concepts (each group: alternatives, any of which may match).
    Runs of English words are matched against the glossary, longest phrase first."""
    out: list[list[Concept]] = []
    run: list[str] = []

    def english_words(text: str) -> list[str]:
        return [tok.term for tok in analyzer.words(text)]

    def flush() -> None:
        if not run:
            return
        words = [w for chunk in run for w in english_words(chunk)]
        for start, end, entry in glossary.match(words):
            text = " ".join(words[start:end])
            out.append([Concept(text, chinese=entry.chinese if entry else ())])
        run.clear()

    def concept(item: Item) -> Concept:
        if item.phrase or not is_latin(item.text):
            return Concept(item.text, phrase=item.phrase)
        words = english_words(item.text)
        entry = glossary.by_key.get(tuple(words))
        return Concept(" ".join(words), chinese=entry.chinese if entry else ())

    for group in parsed.groups:
        if len(group) == 1 and not group[0].phrase and is_latin(group[0].text):
            run.append(group[0].text)
            continue
        flush()
        out.append([concept(item) for item in group])
    flush()
    return out


def excluded_concepts(parsed: ParsedQuery) -> list[Concept]:
    return [Concept(item.text, item.phrase) for item in parsed.excluded]
