"""The English edition's analyzer: the tokens Whoosh's StemmingAnalyzer made when it
indexed the English fields — the index, the query and the highlight agree on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.language.english import english_terms, english_tokens

EDITION = Path(__file__).resolve().parent.parent / "corpus" / "ai-whitepaper-2023.en"


def edition_lines() -> list[str]:
    return [line for path in sorted(EDITION.rglob("*")) if path.is_file()
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_tokens_are_whooshs_over_the_whole_edition():
    from whoosh.analysis import StemmingAnalyzer

    analyzer = StemmingAnalyzer()
    lines = edition_lines()
    assert len(lines) > 1000
    for line in lines:
        theirs = [(t.text, t.pos, t.startchar, t.endchar)
                  for t in analyzer(line, positions=True, chars=True)]
        ours = [(t.term, t.pos, t.start, t.end) for t in english_tokens(line)]
        assert ours == theirs, line
        theirs_all = [(t.text, t.startchar, t.endchar)
                      for t in analyzer(line, chars=True, removestops=False)]
        assert [(t.term, t.start, t.end) for t in english_tokens(line, keep_stops=True)] \
            == theirs_all, line


@pytest.mark.parametrize(("text", "terms"), [
    ("Computing chips for cities", ["comput", "chip", "citi"]),
    ("The UK and the EU", ["uk", "eu"]),  # stop words out
    ("a I x", []),
    ("AI芯片 5nm", ["ai芯片", "5nm"]),  # a word is letters and digits of any script
])
def test_words_are_stemmed_and_stop_words_dropped(text, terms):
    assert english_terms(text) == terms


def test_positions_skip_stop_words_so_phrases_match_across_them():
    assert [t.pos for t in english_tokens("the strategy of the nation")] == [1, 2]
