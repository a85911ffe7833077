"""The index's own vocabulary: which words it has, which sound alike, what pinyin spells,
what completes a half-typed word."""

from __future__ import annotations

from search.language.lexicon import build_lexicon, pinyin


def lexicon():
    return build_lexicon([[("人工智能", 120), ("处理", 12), ("处置", 2), ("脑机接口", 3),
                           ("computer", 9), ("computing", 4), ("compute", 1)],
                          [("人工智能", 80), ("芯片", 30)]],
                         grams=["占比", "比仅"])


def test_a_word_counts_the_most_documents_any_field_has_it_in():
    words = lexicon()
    assert words.frequency["人工智能"] == 120 and words.known("芯片")
    assert not words.known("量子")


def test_a_word_may_occur_inside_others():
    words = lexicon()
    assert words.occurs("占比仅") and not words.occurs("占比率")


def test_homophones_are_known_words_that_sound_alike():
    assert pinyin("处里") == pinyin("处理") == "chuli"
    words = lexicon()
    assert words.homophones("处里") == ["处理"]
    assert words.homophones("处里", least=20) == []  # not common enough to replace


def test_pinyin_spells_the_words():
    assert lexicon().spelled("naojijiekou") == ["脑机接口"]
    assert lexicon().spelled("xyz") == []


def test_a_skipped_character_is_found():
    assert lexicon().with_one_more("人工能") == "人工智能"
    assert lexicon().with_one_more("芯") == "芯片"  # callers ask only from three up
    assert lexicon().with_one_more("量子计") is None


def test_completions_most_frequent_first():
    assert lexicon().completions("comp") == ["computer", "computing", "compute"]
    assert lexicon().completions("computer") == []
