"""The corpus's own words: the ones jieba must keep whole (domain words), the content
words a reader would search for, and how many of those the glossary can reach from
English."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from search.document.model import Report
from search.language.analysis import CJK_CHAR, TextAnalyzer, normalize_text
from search.language.glossary import Glossary

_DOMAIN_COLUMNS = ("企业简称", "细分领域", "所属领域", "地区", "地区名称")
_MAX_DOMAIN_WORD = 6
_MAX_HEADING_WORD = 5  # "智能机器人" stays whole; "人才短缺挑战" still splits into its words


def domain_words(reports: Iterable[Report], glossary: Glossary,
                 extra: Iterable[str] = ()) -> tuple[str, ...]:
    """Words jieba must keep whole, drawn from the corpus itself: short headings, the
    name-like columns of tables (companies, fields, regions), the Chinese side of the
    glossary, and ``extra`` words; at most six characters, so long names still split
    into their parts."""
    words: set[str] = set(_kept(extra)) | glossary_words(glossary)
    for report in reports:
        words |= report_words(report)
    return tuple(sorted(words))


def report_words(report: Report) -> set[str]:
    """One document's share of the domain words (its short headings and the name-like
    cells of its tables): the whole list is their union with the glossary's, so a build
    that adds or removes one document need not read the others (issue 25)."""
    words: set[str] = set()
    for section, _ in report.walk():
        if len(section.title) <= _MAX_HEADING_WORD:
            words.add(section.title)
    for table in report.tables():
        columns = [i for i, h in enumerate(table.header) if h in _DOMAIN_COLUMNS]
        for row in table.rows:
            words.update(row[i] for i in columns)
    return _kept(words)


def glossary_words(glossary: Glossary) -> set[str]:
    """The glossary's names and technical terms, not generic compounds such as
    人工智能企业 (those would hide 企业 from a search for it) nor phrases with function
    words."""
    return _kept(term for term in glossary.chinese_terms()
                 if not term.startswith("人工智能") and not set(term) & set("的与和及"))


def _kept(words: Iterable[str]) -> set[str]:
    """The words that may be domain words, normalised: 2–6 Chinese characters."""
    normalized = {normalize_text(w).replace(" ", "") for w in words}
    return {w for w in normalized
            if 2 <= len(w) <= _MAX_DOMAIN_WORD and all(CJK_CHAR.match(c) for c in w)}


# --------------------------------------------------------------------------- content words

# jieba's part-of-speech tags of words that carry no subject: numerals, measure words,
# pronouns, prepositions, conjunctions, particles, adverbs, interjections
_FUNCTION_TAGS = ("m", "q", "mq", "r", "p", "c", "u", "y", "e", "o", "d", "zg", "x", "w")


def report_texts(report: Report) -> Iterable[str]:
    """Every piece of text a reader can search: headings, paragraphs, footnotes, table
    captions and cells."""
    for section, _ in report.walk():
        yield section.title
        for paragraph in section.paragraphs:
            yield paragraph.text
            yield from (note.text for note in paragraph.footnotes)
        for table in section.tables:
            yield table.title
            yield from table.header
            for row in table.rows:
                yield from row
        for figure in section.figures:
            yield figure.title


def content_words(reports: Iterable[Report], analyzer: TextAnalyzer) -> Counter[str]:
    """How often each Chinese content word occurs: two or more characters, not a
    function or question word, not tagged as one by jieba."""
    from search.language.stopwords import is_stop

    counts: Counter[str] = Counter()
    jieba = analyzer.jieba
    for report in reports:
        for text in report_texts(report):
            for word, tag in jieba.tag(normalize_text(text)):
                if (len(word) >= 2 and all(CJK_CHAR.match(c) for c in word)
                        and not tag.startswith(_FUNCTION_TAGS) and not is_stop(word)):
                    counts[word] += 1
    return counts


@dataclass(frozen=True)
class Coverage:
    words: tuple[tuple[str, int], ...]  # the most frequent content words, with counts
    missing: tuple[tuple[str, int], ...]  # …those no glossary entry has as its Chinese

    @property
    def share(self) -> float:
        return 1 - len(self.missing) / len(self.words) if self.words else 1.0


def glossary_coverage(reports: Iterable[Report], analyzer: TextAnalyzer, glossary: Glossary,
                      top: int = 500) -> Coverage:
    """Of the ``top`` most frequent content words, how many an English word reaches."""
    known = glossary.chinese_terms()
    words = tuple(content_words(reports, analyzer).most_common(top))
    return Coverage(words, tuple((w, n) for w, n in words if w not in known))
