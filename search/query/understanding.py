"""Understanding a query: the reader's text turned into concepts — the things asked for —
before any document is matched.

- The query language is small and never raises: words, "quoted" phrases (exact, and
  required), ``+word`` (required), ``-word`` (excluded), ``OR`` (alternatives).
- An unspaced Chinese question is its jieba words, each a concept of its own; function
  and question words (的 吗 多少 哪些 为什么, what how why is the …) don't count.
- A concept has forms, each with a weight: the word as typed; its mainland form when it
  is Taiwan vocabulary (人工智慧 → 人工智能); Arabic numerals for Chinese ones (五年 → 5年);
  synonyms (the report's own list, then 词林); the glossary's Chinese for English words;
  the known words inside an unknown one; known words completing a half-typed last word.
- Typos are corrected through pinyin against the index's own vocabulary (处里 → 处理;
  ``naoji jiekou`` → 脑机接口); a correction is a separate reading of the query, used when
  the query as typed finds (almost) nothing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from search.document.numerals import with_arabic_numerals
from search.language.analysis import (
    TextAnalyzer,
    Tok,
    is_cjk,
    mainland_words,
    normalize_text,
)
from search.language.english import english_terms
from search.language.glossary import Glossary
from search.language.lexicon import Lexicon, split_syllables
from search.language.stopwords import is_stop
from search.language.thesaurus import Thesaurus
from search.query.budget import Budget, unlimited

MAX_QUERY_CHARS = 200
# question words whose answer is a number: the snippet then prefers a sentence with one
NUMBER_QUESTIONS = frozenset([
    "多少", "几", "几个", "几家", "几年", "几种", "多大", "多久", "多长", "占比", "比例", "比重",
    "percentage", "proportion", "share",
])
MAX_ITEMS = 12  # operators' items (words, phrases, exclusions) read from a query
MAX_CONCEPTS = 12  # concepts searched, after analysis: the rest of a long query is dropped
MAX_FORMS = 6  # forms of one concept (the typed word and five expansions at most)

VARIANT_WEIGHT = 1.0  # Taiwan vocabulary, numerals: the same word written otherwise
GLOSSARY_WEIGHT = 0.6  # an English word's Chinese equivalent
SUBWORD_WEIGHT = 0.5  # a known word inside a word the index has never seen
PREFIX_WEIGHT = 0.5  # a word completing the half-typed last word
CORRECTION_WEIGHT = 0.9  # a homophone or pinyin reading
COMMON_WORD = 8  # documents a homophone must be in to replace a real word (学系 → 学习)


# --------------------------------------------------------------------------- the language


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


# --------------------------------------------------------------------------- concepts


@dataclass(frozen=True)
class Form:
    """One way a concept may appear in a document."""

    text: str  # normalised; for a phrase, its words as written
    weight: float = 1.0
    how: str = "typed"  # typed, variant, synonym, glossary, subword, prefix, correction
    phrase: bool = False  # must appear verbatim (through the bigram field)
    whole: bool = False  # several words that must all match (an OR alternative)


@dataclass(frozen=True)
class Concept:
    """One thing the reader asked for."""

    label: str  # as the reader typed it
    forms: tuple[Form, ...]
    required: bool = False
    place: bool = False  # a place (英国, 京津冀): results elsewhere answer another question

    @property
    def expansions(self) -> tuple[Form, ...]:
        return tuple(f for f in self.forms if f.how not in ("typed", "prefix"))


@dataclass(frozen=True)
class Understood:
    text: str  # the cleaned query
    concepts: tuple[Concept, ...]  # each counts toward the minimum share
    excluded: tuple[Concept, ...]
    chunks: tuple[str, ...]  # typed runs of two or more words: a bonus when verbatim
    correction: str = ""  # the query with typos corrected, when there were any
    corrections: tuple[Concept, ...] = ()  # the concepts of that reading
    stop_only: bool = False  # nothing but function words: they were searched anyway
    asks_number: bool = False  # 多少, 几, how many: the answer is a number

    @property
    def expanded(self) -> tuple[str, ...]:
        """Every term added to what was typed (the API's ``expanded``)."""
        return tuple(dict.fromkeys(f.text for c in self.concepts for f in c.expansions))

    def corrected(self) -> Understood:
        """The reading with the corrections in place of the typed words."""
        return replace(self, concepts=self.corrections, corrections=(), correction="")


@dataclass
class Reading:
    """The concepts of one chunk of a query, as typed and corrected."""

    typed: list[Concept] = field(default_factory=list)
    fixed: list[Concept] = field(default_factory=list)
    stopped: list[Concept] = field(default_factory=list)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (typed, correction)


@dataclass
class Resources:
    """What understanding consults, all from one snapshot of the index."""

    analyzer: TextAnalyzer
    glossary: Glossary
    thesaurus: Thesaurus
    lexicon: Lexicon
    english: Lexicon = field(default_factory=lambda: Lexicon({}))  # English fields' words
    places: frozenset[str] = frozenset()  # place names: regions, cities, countries


def is_latin(text: str) -> bool:
    return not is_cjk(text) and any(c.isalnum() for c in text)


class Understanding:
    """Turns a parsed query into concepts, consulting one snapshot's resources."""

    def __init__(self, resources: Resources, budget: Budget | None = None) -> None:
        self.r = resources
        self.budget = budget or unlimited()

    def understand(self, parsed: ParsedQuery, correct: bool = True) -> Understood:
        """The concepts of a query, and (``correct``) a second reading with its typos
        corrected, understood afresh (深度学系 → 深度学习, one word again)."""
        typed: list[Concept] = []  # the query as typed
        fixed: list[Concept] = []  # the same with typos corrected
        changes: list[tuple[str, str]] = []  # (typed text, its correction)
        stops: list[Concept] = []
        chunks: list[str] = []
        english_run: list[Item] = []
        last_item = parsed.groups[-1][0] if parsed.groups else None

        def both(*concepts: Concept) -> None:
            typed.extend(concepts)
            fixed.extend(concepts)

        def flush_english() -> None:
            if english_run:
                words = [w for item in english_run for w in item.text.split()]
                spelled = self.pinyin(words)
                if spelled:  # pinyin: each word, as typed, and as the Chinese it spells
                    typed.extend(Concept(c.label, (Form(c.label.lower()),)) for c in spelled)
                    fixed.extend(spelled)
                    changes.extend((c.label, c.forms[0].text) for c in spelled)
                else:  # the last word of the query may be half typed
                    both(*self.english(english_run, english_run[-1] is last_item))
                english_run.clear()

        for group in parsed.groups:
            if len(group) > 1:  # alternatives: one concept, each alternative whole
                flush_english()
                forms = list({f.text: f for f in map(self.whole_form, group)}.values())
                both(Concept(" OR ".join(dict.fromkeys(i.text for i in group)),
                             tuple(forms[:MAX_FORMS]), any(i.required for i in group)))
                continue
            [item] = group
            if item.phrase:
                flush_english()
                both(Concept(item.text, (Form(normalize_text(item.text), phrase=True),),
                             required=True))
                continue
            if is_latin(item.text) and not item.required:
                english_run.append(item)
                continue
            flush_english()
            reading = self.chinese(item)
            typed.extend(reading.typed)
            fixed.extend(reading.fixed)
            changes.extend(reading.changes)
            stops.extend(reading.stopped)
            if len(reading.typed) + len(reading.stopped) > 1:
                chunks.append(normalize_text(item.text).replace(" ", ""))
        flush_english()
        if len(parsed.groups) > 1:  # the whole query verbatim ("AI 伦理") ranks higher
            chunks.append(normalize_text(" ".join(i.text for g in parsed.groups for i in g
                                                  if not i.phrase)))
        stop_only = not typed and bool(stops)
        if stop_only:
            typed, fixed = list(stops), list(stops)
        correction = parsed.text
        for old, new in changes:
            correction = _replace_word(correction, old, new)
        correction = " ".join(correction.split()) if changes and correct else ""
        corrections: tuple[Concept, ...] = ()
        if correction and self.budget.allows():
            corrections = self.understand(parse_query(correction), correct=False).concepts
        elif correction:
            correction = ""
        asks = {c.label for c in stops} | {w.lower() for g in parsed.groups for i in g
                                           for w in i.text.split()}
        return Understood(
            text=parsed.text,
            concepts=tuple(_dedupe(typed)[:MAX_CONCEPTS]),
            excluded=tuple(Concept(i.text, (self.whole_form(i),)) for i in parsed.excluded),
            chunks=tuple(dict.fromkeys(chunks)),
            correction=correction,
            corrections=corrections,
            stop_only=stop_only,
            asks_number=bool(asks & NUMBER_QUESTIONS) or "how many" in parsed.text.lower()
            or "how much" in parsed.text.lower(),
        )

    # -- forms ---------------------------------------------------------------------

    def whole_form(self, item: Item) -> Form:
        text = normalize_text(item.text)
        return Form(text, phrase=item.phrase, whole=not item.phrase)

    def expansions(self, word: str, original: str) -> list[Form]:
        """Other forms of a Chinese word the reader typed (``original``: as typed)."""
        lexicon = self.r.lexicon
        forms: list[Form] = []
        mainland = normalize_text(mainland_words(original)).replace(" ", "")
        if mainland != word and lexicon.known(mainland):
            forms.append(Form(mainland, VARIANT_WEIGHT, "variant"))
        arabic = with_arabic_numerals(word)
        if arabic:
            forms.append(Form(arabic, VARIANT_WEIGHT, "variant", phrase=True))
        # the general thesaurus only for a word the report doesn't use: for one it does,
        # its broad groups (数量 ~ 数据) would only add noise
        general = not lexicon.known(word)
        for synonym, weight in self.r.thesaurus.synonyms(mainland if forms else word,
                                                         general):
            if lexicon.occurs(synonym):  # 不可解释性: no word of its own, but in the text
                forms.append(Form(synonym, weight, "synonym"))
        if not lexicon.known(word) and not forms:
            forms += [Form(sub, SUBWORD_WEIGHT, "subword")
                      for sub, _at, _n in self.r.analyzer.subwords(word) if lexicon.known(sub)]
        return forms

    def chinese(self, item: Item) -> Reading:
        """An item with Chinese in it: its words as concepts, the function words left
        out, and a second reading with typos corrected — a homophone for a word the
        corpus lacks (处里 → 处理), a known word for a word and the character after it that
        lack one character of it (人工 能 → 人工智能)."""
        reading = Reading()
        tokens = self.tokens(item.text)
        skip = False
        for index, tok in enumerate(tokens):
            if skip:
                skip = False
                continue
            original = item.text[tok.start:tok.end]
            if not self.budget.allows():  # the rest of a costly query is dropped
                break
            if is_stop(tok.term):
                reading.stopped.append(Concept(tok.term, (Form(tok.term),)))
                continue
            if is_latin(tok.term):
                concepts = self.english([Item(original)], last_is_prefix=False)
                concept = concepts[0] if concepts else Concept(tok.term, (Form(tok.term),))
            else:
                forms = [Form(tok.term), *self.expansions(tok.term, original)]
                concept = Concept(tok.term, tuple(forms[:MAX_FORMS]), item.required,
                                  place=tok.term in self.r.places)
            reading.typed.append(concept)
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            joined = self.missing_character(tok, following)
            if joined is not None and following is not None:
                reading.fixed.append(Concept(joined, (Form(joined, CORRECTION_WEIGHT,
                                                           "correction"),), item.required))
                reading.changes.append((tok.term + following.term, joined))
                if not is_stop(following.term):  # the next word is in the correction
                    skip = True
                    reading.typed.append(Concept(following.term, (Form(following.term),)))
                continue
            corrected = self.correct(concept)
            reading.fixed.append(corrected)
            if corrected is not concept:
                reading.changes.append((concept.label, corrected.forms[0].text))
        return reading

    def missing_character(self, tok: Tok, following: Tok | None) -> str | None:
        """A known word that ``tok`` and the single character after it spell with one
        character left out: 人工 + 能 → 人工智能 (the reader skipped 智)."""
        if following is None or len(following.term) != 1 or not is_cjk(tok.term + following.term):
            return None
        typed = tok.term + following.term
        if len(typed) < 3 or self.r.lexicon.occurs(typed) or not self.budget.allows(10):
            return None
        return self.r.lexicon.with_one_more(typed)

    def tokens(self, text: str) -> list[Tok]:
        """jieba's words of ``text``, with runs of single characters it could not join
        (占 比) put back together (占比) when the corpus has them so: the reader typed them
        as one word. (深 杭 of 北上深杭 stay apart: the corpus never writes 深杭.)"""
        out: list[Tok] = []
        single_run = False  # whether out[-1] is made of single characters
        for tok in self.r.analyzer.words(text):
            single = len(tok.term) == 1 and is_cjk(tok.term) and not is_stop(tok.term)
            if single and single_run and out[-1].end == tok.start and len(out[-1].term) < 4 \
                    and self.r.lexicon.occurs(out[-1].term + tok.term):
                previous = out[-1]
                out[-1] = Tok(previous.term + tok.term, previous.pos, previous.start, tok.end)
                continue
            out.append(tok)
            single_run = single
        return self.phrases(out)

    def phrases(self, tokens: list[Tok]) -> list[Tok]:
        """Adjacent words joined where the synonym list knows them together (闯红灯 拍照
        → 闯红灯拍照, a reader's word for 电子警察)."""
        thesaurus = self.r.thesaurus
        out: list[Tok] = []
        index = 0
        while index < len(tokens):
            for size in (3, 2):
                window = tokens[index:index + size]
                joined = "".join(t.term for t in window)
                if (len(window) == size and all(a.end == b.start for a, b in
                                                zip(window, window[1:], strict=False))
                        and len(joined) <= 8 and thesaurus.has(joined)
                        and any(self.r.lexicon.occurs(w)
                                for w, _ in thesaurus.synonyms(joined, general=False))):
                    out.append(Tok(joined, window[0].pos, window[0].start, window[-1].end))
                    index += size
                    break
            else:
                out.append(tokens[index])
                index += 1
        return out

    def correct(self, concept: Concept) -> Concept:
        """The concept with a homophone for an unknown Chinese word (处里 → 处理)."""
        word = concept.label
        if not is_cjk(word) or len(word) < 2 or self.r.lexicon.known(word) or any(
                f.how in ("variant", "synonym") for f in concept.forms):
            return concept
        # a real word the report just doesn't use (火星) is corrected only to a word the
        # report uses a lot (学系 → 学习, not 火星 → 活性); a non-word (处里) more readily
        if not self.budget.allows():
            return concept
        real = self.r.analyzer.jieba.has_word(word)
        homophones = self.r.lexicon.homophones(word, least=COMMON_WORD if real else 2)
        if not homophones:
            return concept
        return Concept(word, tuple(Form(h, CORRECTION_WEIGHT, "correction")
                                   for h in homophones), concept.required)

    def english(self, items: list[Item], last_is_prefix: bool) -> list[Concept]:
        """Runs of English words: glossary phrases longest first ("smart city" is one
        concept with 智慧城市), stop words left out, pinyin read as Chinese, the last word
        also completed while the reader types."""
        analyzer, glossary = self.r.analyzer, self.r.glossary
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
            concepts.append(Concept(" ".join(words), tuple(forms[:MAX_FORMS])))
        prefix = raw[-1].lower() if raw else ""
        if last_is_prefix and len(prefix) >= 3 and not self.known_english(prefix, stems[-1]):
            extra = [Form(word, PREFIX_WEIGHT, "prefix")
                     for word in self.r.english.completions(prefix)
                     + self.r.lexicon.completions(prefix)][:3]
            extra += [Form(zh, GLOSSARY_WEIGHT * PREFIX_WEIGHT, "prefix")
                      for entry in glossary.entries
                      if entry.key and entry.key[0].startswith(prefix) and len(prefix) >= 3
                      for zh in entry.chinese][:3]
            extra = list({form.text: form for form in extra}.values())
            if extra and concepts and concepts[-1].label.split()[-1].lower() == prefix:
                last = concepts[-1]
                concepts[-1] = replace(last, forms=(*last.forms, *extra)[:MAX_FORMS])
            elif extra:
                concepts.append(Concept(raw[-1], tuple(extra)))
        return concepts

    def known_english(self, word: str, stem: str) -> bool:
        """A whole English word: in the glossary or in either edition's text."""
        return bool(self.r.glossary.by_key.get((stem,))) or any(
            lexicon.known(w) for lexicon in (self.r.english, self.r.lexicon)
            for w in (word, stem)) or bool(english_terms(word)) and self.r.english.known(
            english_terms(word)[0])

    def pinyin(self, words: list[str]) -> list[Concept]:
        """Toneless pinyin typed for Chinese (``naoji jiekou``, ``zhihui guiyuanji``): each
        word — or all of them run together — spelling a known Chinese word, when none of
        them is an English word the index knows."""
        lowered = [w.lower() for w in words]
        if not lowered or any(self.r.english.known(w) or self.r.lexicon.known(w)
                              or w in self.r.glossary.english_words for w in lowered):
            return []
        steps = [0]
        if any(split_syllables(w, steps) is None for w in lowered) or \
                not self.budget.allows(steps[0]):
            return []
        joined = self.r.lexicon.spelled("".join(lowered))
        if joined:
            return [Concept(" ".join(words), tuple(Form(w, CORRECTION_WEIGHT, "correction")
                                                   for w in joined))]
        concepts = []
        for word in words:
            spelled = self.r.lexicon.spelled(word.lower())
            if not spelled:
                return []
            concepts.append(Concept(word, tuple(Form(w, CORRECTION_WEIGHT, "correction")
                                                for w in spelled)))
        return concepts


def _replace_word(text: str, word: str, fix: str) -> str:
    """``text`` with ``word`` replaced by ``fix`` (case aside, for pinyin)."""
    at = text.lower().find(word.lower())
    return text if at < 0 else text[:at] + fix + text[at + len(word):]


def _dedupe(concepts: list[Concept]) -> list[Concept]:
    """The same word asked twice is one concept (的 × 200 is 的)."""
    seen: dict[str, Concept] = {}
    for concept in concepts:
        if concept.label not in seen:
            seen[concept.label] = concept
        elif concept.required:
            seen[concept.label] = replace(seen[concept.label], required=True)
    return list(seen.values())
