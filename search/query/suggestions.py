"""Suggestions as the reader types: headings, table titles, policy names and glossary
terms that complete the query; when nothing completes all of it, the last word completed
("quantum mach" → "quantum machine learning"). Each comes with a short description in
the page's language (the English of a Chinese title, or what kind of thing it is), which
OpenSearch clients show beside it. What a kind of thing is called is the web layer's: a
suggestion carries the kind, and ``note`` only when it has a text of its own."""

from __future__ import annotations

from dataclasses import dataclass

from search.engine.snapshot import Snapshot
from search.language.analysis import normalize_text
from search.query.syntax import clean_query

LIMIT = 8


@dataclass(frozen=True)
class Suggestion:
    text: str  # what goes into the box
    note: str  # beside it: its English or its Chinese; "" to show what kind it is
    kind: str  # section, table, policy, term
    norm: str  # normalised, for matching
    rank: int  # among equally good matches: headings before terms


@dataclass(frozen=True)
class Suggested:
    query: str
    suggestions: tuple[Suggestion, ...]

    @property
    def completions(self) -> tuple[str, ...]:
        return tuple(s.text for s in self.suggestions)


_KINDS = {"section": 0, "table": 1, "policy": 2}


def candidates(snapshot: Snapshot, english: bool) -> list[Suggestion]:
    """Everything that may be suggested, for a reader of English or of Chinese: built
    once per snapshot (``prepared``)."""
    found: list[Suggestion] = []
    for record in snapshot.records:
        if record.kind not in _KINDS:
            continue
        title = record.title.strip("《》")
        english_title = record.title_en
        rank = _KINDS[record.kind]
        if title:
            found.append(Suggestion(title, english_title if english and english_title
                                    else "", record.kind, normalize_text(title), rank))
        if english_title:
            found.append(Suggestion(english_title, title if not english else "",
                                    record.kind, normalize_text(english_title), rank))
    for entry in snapshot.glossary.entries:
        for chinese in entry.chinese:
            found.append(Suggestion(chinese, entry.english if english else "", "term",
                                    normalize_text(chinese), 3))
        found.append(Suggestion(entry.english, "、".join(entry.chinese[:2]), "term",
                                normalize_text(entry.english), 3))
    unique: dict[str, Suggestion] = {}
    for suggestion in found:
        if suggestion.norm and suggestion.norm not in unique:
            unique[suggestion.norm] = suggestion
    return sorted(unique.values(), key=lambda s: (s.rank, s.norm))


def _matching(candidates: list[Suggestion], needle: str) -> list[Suggestion]:
    """Those that start with ``needle`` (shortest first), then those containing it."""
    starts = [c for c in candidates if c.norm.startswith(needle)]
    inside = [c for c in candidates if needle in c.norm and not c.norm.startswith(needle)]
    return (sorted(starts, key=lambda c: (len(c.norm), c.rank))
            + sorted(inside, key=lambda c: (len(c.norm), c.rank)))


def suggest(candidates: list[Suggestion], q: str, limit: int = LIMIT) -> Suggested:
    """What of ``candidates`` completes ``q``, in the order a reader would want them."""
    query = clean_query(q)
    needle = normalize_text(query).strip()
    if not needle:
        return Suggested(query, ())
    chosen = [c for c in _matching(candidates, needle) if c.norm != needle][:limit]
    head, _space, last = query.rpartition(" ")
    if not chosen and head and last:
        # nothing completes the whole query: its last word completed, the words before
        # it kept as typed
        words = [c for c in _matching(candidates, normalize_text(last))
                 if c.norm.startswith(normalize_text(last)) and " " not in c.norm]
        for word in words[: limit - len(chosen)]:
            text = f"{head} {word.text}"
            chosen.append(Suggestion(text, word.note, word.kind, normalize_text(text),
                                     word.rank))
    unique = list({c.text: c for c in chosen}.values())[:limit]
    return Suggested(query, tuple(unique))
