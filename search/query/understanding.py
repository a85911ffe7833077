"""Understanding a query: the reader's text turned into concepts — the things asked for —
before any document is matched.

Understanding is a pipeline of named steps over one value, a ``Draft`` (as spaCy's
``nlp.pipe_names``): each step reads what the ones before it found and adds its own, and
each can be tested alone or switched off (``Understanding(steps=…)``):

1. ``segment``: the parsed query (``syntax``) as runs — alternatives (OR), a quoted
   phrase, a run of English words, an item with Chinese in it;
2. ``read``: each run's concepts. An unspaced Chinese question is its jieba words, each a
   concept of its own; function and question words (的 吗 多少 哪些 为什么, what how why
   is the …) don't count. A concept has forms, each with a weight: the word as typed; its
   mainland form when it is Taiwan vocabulary (人工智慧 → 人工智能); Arabic numerals for
   Chinese ones (五年 → 5年); synonyms (the report's own list, then 词林); the glossary's
   Chinese for English words; the known words inside an unknown one; known words
   completing a half-typed last word. Typos are noted as changes: a homophone for a word
   the corpus lacks (处里 → 处理), a word with a character the reader skipped (人工 能 →
   人工智能), toneless pinyin for the Chinese it spells (``naoji jiekou`` → 脑机接口);
3. ``intents``: what the query asks *for* (``intent``): places, times, kinds of unit,
   documents, a comparison; words that only refer to the document itself (报告里收录的)
   are no words to match;
4. ``chunks``: typed runs of several words, a bonus where they appear verbatim;
5. ``stop_words_only``: a query of nothing but function words searches them anyway;
6. ``correct``: the query with its changes applied, understood afresh (深度学系 → 深度学习,
   one word again): a second reading, used when the query as typed finds (almost)
   nothing;
7. ``question``: whether the answer asked for is a number (多少, how many), and what it
   counts (多少家: companies; how many deals).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from search.document.numerals import with_arabic_numerals
from search.engine.weights import (
    DOMAIN_SYNONYM_WEIGHT,
    GENERAL_SYNONYM_WEIGHT,
    SUBWORD_WEIGHT,
    VARIANT_WEIGHT,
)
from search.language.analysis import (
    Tok,
    is_cjk,
    is_latin,
    mainland_words,
    normalize_text,
)
from search.language.english import english_terms
from search.language.stopwords import is_stop
from search.language.thesaurus import DOMAIN
from search.query.answers import Asked, read_asked
from search.query.budget import Budget, unlimited
from search.query.concepts import (
    MAX_CONCEPTS,
    MAX_FORMS,
    Comparison,
    Concept,
    Form,
    Intent,
    Understood,
)
from search.query.intent import detect
from search.query.latin import english_concepts, pinyin_concepts
from search.query.resources import Resources
from search.query.syntax import Item, ParsedQuery, parse_query

# question words whose answer is a number: the snippet then prefers a sentence with one
NUMBER_QUESTIONS = frozenset([
    "多少", "几", "几个", "几家", "几年", "几种", "多大", "多久", "多长", "占比", "比例", "比重",
    "percentage", "proportion", "share",
])
NUMBER_PHRASES = ("how many", "how much", "what share", "what percentage", "number of")
# what a number answering 多少/几 counts: the measure word after it (多少家 → 家)
_CHINESE_UNIT = re.compile(r"(?:多少|几)\s*(亿元|万元|亿|万|家|件|个|起|项|人|名|所|篇|次|座|种|"
                           r"台|款|条|部|位|倍|年|元)")
_ENGLISH_UNIT = re.compile(r"(?:how many|number of)\s+(?:[a-z-]+\s+){0,2}?([a-z]+s)\b")
_SHARE = re.compile(r"占比|比例|比重|百分之|what share|what percentage|proportion", re.I)
COMMON_WORD = 8  # documents a homophone must be in to replace a real word (学系 → 学习)
RARE_WORD = 2  # …and to replace a string that is no word at all (处里 → 处理)
HOMOPHONES = 2  # corrections offered for one word
MAX_SINGLES_JOINED = 4  # characters jieba left single (占 比) joined up to this length
MAX_PHRASE_CHARS = 8  # adjacent words joined into a phrase the thesaurus knows, at most
PHRASE_WINDOWS = (3, 2)  # …of this many words, the longest first
MIN_MISSING_CHARACTER = 3  # characters typed before one skipped is looked for


# --------------------------------------------------------------------------- the draft


@dataclass(frozen=True)
class Run:
    """Items of the query read together."""

    kind: str  # "alternatives", "phrase", "english", "chinese"
    items: tuple[Item, ...]
    last: bool = False  # holds the query's last item (which may be half typed)


@dataclass
class Draft:
    """The one value understanding's steps fill in."""

    parsed: ParsedQuery
    correct: bool = True  # whether to make a corrected reading
    runs: list[Run] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)  # as typed, in query order
    stopped: list[Concept] = field(default_factory=list)  # function and question words
    changes: list[tuple[str, str]] = field(default_factory=list)  # (typed, correction)
    chunks: list[str] = field(default_factory=list)
    intents: tuple[Intent, ...] = ()
    comparison: Comparison | None = None
    stop_only: bool = False
    correction: str = ""
    corrections: tuple[Concept, ...] = ()
    asks_number: bool = False
    units: tuple[str, ...] = ()
    asked: Asked | None = None

    def understood(self) -> Understood:
        return Understood(
            text=self.parsed.text,
            concepts=tuple(_dedupe(self.concepts)[:MAX_CONCEPTS]),
            excluded=tuple(Concept(i.text, (whole_form(i),)) for i in self.parsed.excluded),
            chunks=tuple(dict.fromkeys(self.chunks)),
            correction=self.correction,
            corrections=self.corrections,
            stop_only=self.stop_only,
            asks_number=self.asks_number,
            units=self.units,
            asked=self.asked,
            intents=self.intents,
            comparison=self.comparison,
        )


Step = Callable[["Understanding", Draft], None]


# --------------------------------------------------------------------------- the steps


def segment(u: Understanding, draft: Draft) -> None:
    """The query's items as runs: OR groups, phrases, runs of English words (read
    together: "smart city" is one glossary entry), items with Chinese in them."""
    groups = draft.parsed.groups
    last_item = groups[-1][0] if groups else None
    english: list[Item] = []

    def flush() -> None:
        if english:
            draft.runs.append(Run("english", tuple(english), english[-1] is last_item))
            english.clear()

    for group in groups:
        [item, *others] = group
        if others:
            flush()
            draft.runs.append(Run("alternatives", group))
        elif item.phrase:
            flush()
            draft.runs.append(Run("phrase", group))
        elif is_latin(item.text) and not item.required:
            english.append(item)
        else:
            flush()
            draft.runs.append(Run("chinese", group))
    flush()


def read(u: Understanding, draft: Draft) -> None:
    """Each run's concepts, in the order typed."""
    for run in draft.runs:
        if run.kind == "alternatives":
            forms = list({f.text: f for f in map(whole_form, run.items)}.values())
            draft.concepts.append(Concept(" OR ".join(dict.fromkeys(i.text for i in run.items)),
                                          tuple(forms[:MAX_FORMS]),
                                          any(i.required for i in run.items)))
        elif run.kind == "phrase":
            [item] = run.items
            draft.concepts.append(Concept(item.text, (Form(normalize_text(item.text),
                                                           phrase=True),), required=True))
        elif run.kind == "english":
            words = [w for item in run.items for w in item.text.split()]
            spelled = u.pinyin(words)
            if spelled:  # pinyin: each word as typed; the Chinese it spells is a change
                draft.concepts.extend(Concept(c.label, (Form(c.label.lower()),))
                                      for c in spelled)
                draft.changes.extend((c.label, c.forms[0].text) for c in spelled)
            else:  # the last word of the query may be half typed
                draft.concepts.extend(u.english(list(run.items), run.last))
        else:
            [item] = run.items
            before = len(draft.concepts) + len(draft.stopped)
            u.chinese(item, draft)
            if len(draft.concepts) + len(draft.stopped) - before > 1:
                draft.chunks.append(normalize_text(item.text).replace(" ", ""))


def intents(u: Understanding, draft: Draft) -> None:
    """What the query asks for; words about the document itself are dropped."""
    found, comparison, meta = detect(normalize_text(draft.parsed.text), draft.concepts,
                                     u.r.intents, draft.parsed.text)
    draft.intents, draft.comparison = found, comparison
    if meta and len(meta) < len(draft.concepts):
        draft.stopped += [c for c in draft.concepts if c.label in meta]
        draft.concepts = [c for c in draft.concepts if c.label not in meta]


def chunks(u: Understanding, draft: Draft) -> None:
    """The whole query verbatim ("AI 伦理") ranks higher, when it has several items."""
    groups = draft.parsed.groups
    if len(groups) > 1:
        draft.chunks.append(normalize_text(" ".join(i.text for g in groups for i in g
                                                    if not i.phrase)))


def stop_words_only(u: Understanding, draft: Draft) -> None:
    """Nothing but function words (是什么): they are searched after all."""
    if not draft.concepts and draft.stopped:
        draft.stop_only = True
        draft.concepts = list(draft.stopped)


def correct(u: Understanding, draft: Draft) -> None:
    """The query with its typos corrected, understood afresh — while the budget lasts."""
    if not draft.correct or not draft.changes:
        return
    text = draft.parsed.text
    for old, new in draft.changes:
        text = _replace_word(text, old, new)
    if u.budget.allows():
        draft.correction = " ".join(text.split())
        draft.corrections = u.understand(parse_query(draft.correction),
                                         correct=False).concepts


def question(u: Understanding, draft: Draft) -> None:
    """Whether the answer is a number (多少, 几, how many)."""
    asked = {c.label for c in draft.stopped} | {
        w.lower() for g in draft.parsed.groups for i in g for w in i.text.split()}
    lowered = draft.parsed.text.lower()
    draft.asks_number = bool(asked & NUMBER_QUESTIONS) or any(
        phrase in lowered for phrase in NUMBER_PHRASES)
    units = [m.group(1) for m in _CHINESE_UNIT.finditer(normalize_text(draft.parsed.text))]
    units += [english_terms(m.group(1))[0] for m in _ENGLISH_UNIT.finditer(lowered)
              if english_terms(m.group(1))]
    if _SHARE.search(lowered):
        units.append("%")
    draft.units = tuple(dict.fromkeys(units))
    draft.asks_number = draft.asks_number or bool(draft.units)
    if draft.asks_number:
        years = next((i.values for i in draft.intents if i.facet == "year"), ())
        draft.asked = read_asked(draft.parsed.text, draft.units, years)


STEPS: tuple[Step, ...] = (segment, read, intents, chunks, stop_words_only, correct,
                           question)


# --------------------------------------------------------------------------- understanding


class Understanding:
    """Turns a parsed query into concepts, consulting one snapshot's resources, through
    ``steps`` (by default all of STEPS, in order)."""

    def __init__(self, resources: Resources, budget: Budget | None = None,
                 steps: tuple[Step, ...] = STEPS) -> None:
        self.r = resources
        self.budget = budget or unlimited()
        self.steps = steps

    @property
    def pipe_names(self) -> tuple[str, ...]:
        return tuple(step.__name__ for step in self.steps)

    def understand(self, parsed: ParsedQuery, correct: bool = True) -> Understood:
        """The concepts of a query, and (``correct``) a second reading with its typos
        corrected."""
        draft = Draft(parsed, correct)
        for step in self.steps:
            step(self, draft)
        return draft.understood()

    # -- Chinese -------------------------------------------------------------------

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
        for synonym, source in self.r.thesaurus.synonyms(mainland if forms else word,
                                                         general):
            if lexicon.occurs(synonym):  # 不可解释性: no word of its own, but in the text
                weight = DOMAIN_SYNONYM_WEIGHT if source == DOMAIN else GENERAL_SYNONYM_WEIGHT
                forms.append(Form(synonym, weight, "synonym"))
        if not lexicon.known(word) and not forms:
            forms += [Form(sub, SUBWORD_WEIGHT, "subword")
                      for sub, _at, _n in self.r.analyzer.subwords(word) if lexicon.known(sub)]
        return forms

    def chinese(self, item: Item, draft: Draft) -> None:
        """An item with Chinese in it: its words as concepts, the function words left
        out, and the typos among them noted as changes."""
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
                draft.stopped.append(Concept(tok.term, (Form(tok.term),)))
                continue
            if is_latin(tok.term):
                concepts = self.english([Item(original)], last_is_prefix=False)
                concept = concepts[0] if concepts else Concept(tok.term, (Form(tok.term),))
            else:
                forms = [Form(tok.term), *self.expansions(tok.term, original)]
                concept = Concept(tok.term, tuple(forms[:MAX_FORMS]), item.required,
                                  place=tok.term in self.r.places)
            draft.concepts.append(concept)
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            joined = self.missing_character(tok, following)
            if joined is not None and following is not None:
                draft.changes.append((tok.term + following.term, joined))
                if not is_stop(following.term):  # the next word is in the correction
                    skip = True
                    draft.concepts.append(Concept(following.term, (Form(following.term),)))
                continue
            corrected = self.homophone(concept)
            if corrected is not None:
                draft.changes.append((concept.label, corrected))

    def missing_character(self, tok: Tok, following: Tok | None) -> str | None:
        """A known word that ``tok`` and the single character after it spell with one
        character left out: 人工 + 能 → 人工智能 (the reader skipped 智)."""
        if following is None or len(following.term) != 1 or not is_cjk(tok.term + following.term):
            return None
        typed = tok.term + following.term
        if len(typed) < MIN_MISSING_CHARACTER or self.r.lexicon.occurs(typed) \
                or not self.budget.allows(10):
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
            if single and single_run and out[-1].end == tok.start \
                    and len(out[-1].term) < MAX_SINGLES_JOINED \
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
            for size in PHRASE_WINDOWS:
                window = tokens[index:index + size]
                joined = "".join(t.term for t in window)
                if (len(window) == size and all(a.end == b.start for a, b in
                                                zip(window, window[1:], strict=False))
                        and len(joined) <= MAX_PHRASE_CHARS and thesaurus.has(joined)
                        and any(self.r.lexicon.occurs(w)
                                for w, _ in thesaurus.synonyms(joined, general=False))):
                    out.append(Tok(joined, window[0].pos, window[0].start, window[-1].end))
                    index += size
                    break
            else:
                out.append(tokens[index])
                index += 1
        return out

    def homophone(self, concept: Concept) -> str | None:
        """A known word that sounds like an unknown Chinese word (处里 → 处理)."""
        word = concept.label
        if not is_cjk(word) or len(word) < 2 or self.r.lexicon.known(word) or any(
                f.how in ("variant", "synonym") for f in concept.forms):
            return None
        if not self.budget.allows():
            return None
        # a real word the report just doesn't use (火星) is corrected only to a word the
        # report uses a lot (学系 → 学习, not 火星 → 活性); a non-word (处里) more readily
        real = self.r.analyzer.jieba.has_word(word)
        found = self.r.lexicon.homophones(word, limit=HOMOPHONES,
                                          least=COMMON_WORD if real else RARE_WORD)
        return found[0] if found else None

    # -- English and pinyin (``latin``) -------------------------------------------

    def english(self, items: list[Item], last_is_prefix: bool) -> list[Concept]:
        return english_concepts(self.r, items, last_is_prefix)

    def pinyin(self, words: list[str]) -> list[Concept]:
        return pinyin_concepts(self.r, words, self.budget)


def whole_form(item: Item) -> Form:
    """An OR alternative or an exclusion: all its words (or its phrase) together."""
    text = normalize_text(item.text)
    return Form(text, phrase=item.phrase, whole=not item.phrase)


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
