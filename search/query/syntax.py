"""The query language: small, and it never raises. Words; "quoted" phrases (exact, and
required); ``+word`` (required); ``-word`` or ``NOT word`` (excluded); ``OR`` between
alternatives. Anything else is just text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from search.language.analysis import normalize_text

MAX_QUERY_CHARS = 200  # a longer query is cut (the search box says so with maxlength)
MAX_ITEMS = 12  # operators' items (words, phrases, exclusions) read from a query


@dataclass(frozen=True)
class Item:
    text: str
    phrase: bool = False
    required: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # the cleaned query, as searched
    groups: tuple[tuple[Item, ...], ...] = ()  # each group: alternatives (OR)
    excluded: tuple[Item, ...] = ()


_QUOTES = str.maketrans(dict.fromkeys("“”„‟「」『』＂", '"'))
_LEX = re.compile(r'([-+]?)"([^"]*)"?|(\S+)')
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
    """Words, "phrases", +required, -exclusions and OR; anything else is just text."""
    text = clean_query(raw)
    groups: list[list[Item]] = []
    excluded: list[Item] = []
    pending_or = negate_next = False
    for match in _LEX.finditer(text.translate(_QUOTES)):
        sign, quoted, word = match.groups()
        if quoted is not None:
            negated = sign == "-"
            item = Item(" ".join(quoted.split()), phrase=True, required=True)
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
            required = word.startswith("+") and len(word) > 1
            item = Item(word[1:] if negated or required else word, required=required)
        negated = negated or negate_next
        negate_next = False
        if not normalize_text(item.text).strip("-+\"' "):
            continue
        if negated:
            excluded.append(replace(item, required=False))
        elif pending_or and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        pending_or = False
        if len(groups) + len(excluded) >= MAX_ITEMS:
            break
    return ParsedQuery(text, tuple(tuple(g) for g in groups), tuple(excluded))
