"""Latin letters in a query: English words (glossary phrases longest first, stop words
left out, the last word completed while the reader types) and toneless pinyin typed for
Chinese (``naoji jiekou`` → 脑机接口)."""

from __future__ import annotations

import re
from dataclasses import replace

from search.engine.weights import (
    CORRECTION_WEIGHT,
    DOMAIN_SYNONYM_WEIGHT,
    GLOSSARY_WEIGHT,
    PREFIX_WEIGHT,
)
from search.language.english import english_terms
from search.language.lexicon import split_syllables
from search.language.stopwords import is_stop
from search.language.thesaurus import DOMAIN
from search.query.budget import Budget
from search.query.concepts import MAX_FORMS, Concept, Form
from search.query.resources import Resources
from search.query.syntax import Item

MIN_PREFIX = 3  # letters of a half-typed English word before it is completed
PREFIX_COMPLETIONS = 3  # completions offered for it


def english_concepts(r: Resources, items: list[Item], last_is_prefix: bool
                     ) -> list[Concept]:
    """Runs of English words: glossary phrases longest first ("smart city" is one
    concept with 智慧城市), stop words left out, the last word also completed while
    the reader types."""
    analyzer, glossary = r.analyzer, r.glossary
    raw = [w for item in items for w in re.findall(r"[A-Za-z0-9.]+", item.text)]
    stems = [tok.term for tok in analyzer.words(" ".join(raw))]
    if len(stems) != len(raw):  # something odd ("1.2.3"): just the analyzer's words
        raw = stems
    concepts: list[Concept] = []
    for start, end, entry in glossary.match(stems):
        words = raw[start:end]
        text = " ".join(stems[start:end])
        # "us", "it" written in lower case are words, not the US or IT
        if len(words) == 1 and is_stop(words[0].lower()) and (
                entry is None or not words[0].isupper()):
            continue
        forms = [Form(text)]
        if entry is not None:
            forms += [Form(zh, GLOSSARY_WEIGHT, "glossary") for zh in entry.chinese]
        place = entry is not None and any(zh in r.places for zh in entry.chinese)
        if place and entry is not None:  # China is 中国, and 我国, 国内 as well
            forms += [Form(other, GLOSSARY_WEIGHT * DOMAIN_SYNONYM_WEIGHT, "synonym")
                      for zh in entry.chinese
                      for other, source in r.thesaurus.synonyms(zh, general=False)
                      if source == DOMAIN and r.lexicon.occurs(other)]
        concepts.append(Concept(" ".join(words), tuple(forms[:MAX_FORMS]), place=place))
    prefix = raw[-1].lower() if raw else ""
    if last_is_prefix and len(prefix) >= MIN_PREFIX \
            and not known_english(r, prefix, stems[-1]):
        extra = [Form(word, PREFIX_WEIGHT, "prefix")
                 for word in r.english.completions(prefix)
                 + r.lexicon.completions(prefix)][:PREFIX_COMPLETIONS]
        extra += [Form(zh, GLOSSARY_WEIGHT * PREFIX_WEIGHT, "prefix")
                  for entry in glossary.entries
                  if entry.key and entry.key[0].startswith(prefix)
                  for zh in entry.chinese][:PREFIX_COMPLETIONS]
        extra = list({form.text: form for form in extra}.values())
        if extra and concepts and concepts[-1].label.split()[-1].lower() == prefix:
            last = concepts[-1]
            concepts[-1] = replace(last, forms=(*last.forms, *extra)[:MAX_FORMS])
        elif extra:
            concepts.append(Concept(raw[-1], tuple(extra)))
    return concepts

def known_english(r: Resources, word: str, stem: str) -> bool:
    """A whole English word: in the glossary or in either edition's text."""
    return bool(r.glossary.by_key.get((stem,))) or any(
        lexicon.known(w) for lexicon in (r.english, r.lexicon)
        for w in (word, stem)) or bool(english_terms(word)) and r.english.known(
        english_terms(word)[0])

def pinyin_concepts(r: Resources, words: list[str], budget: Budget) -> list[Concept]:
    """Toneless pinyin typed for Chinese (``naoji jiekou``, ``zhihui guiyuanji``): each
    word — or all of them run together — spelling a known Chinese word, when none of
    them is an English word the index knows."""
    lowered = [w.lower() for w in words]
    if not lowered or any(r.english.known(w) or r.lexicon.known(w)
                          or w in r.glossary.english_words for w in lowered):
        return []
    steps = [0]
    if any(split_syllables(w, steps) is None for w in lowered) or \
            not budget.allows(steps[0]):
        return []
    joined = r.lexicon.spelled("".join(lowered))
    if joined:
        return [Concept(" ".join(words), tuple(Form(w, CORRECTION_WEIGHT, "correction")
                                               for w in joined))]
    concepts = []
    for word in words:
        spelled = r.lexicon.spelled(word.lower())
        if not spelled:
            return []
        concepts.append(Concept(word, tuple(Form(w, CORRECTION_WEIGHT, "correction")
                                            for w in spelled)))
    return concepts
