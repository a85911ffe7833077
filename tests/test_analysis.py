"""The one analyzer: normalisation, jieba words with domain words, bigrams, glossary."""

from __future__ import annotations

import pytest

from search.document.model import CorpusError
from search.language.analysis import TextAnalyzer, english_key, normalize, stem
from search.language.glossary import load_glossary, parse_glossary
from search.language.vocabulary import domain_words
from tests.conftest import CORPUS


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(CORPUS / "glossary.tsv")


@pytest.fixture(scope="module")
def analyzer(report, glossary):
    return TextAnalyzer(domain_words([report], glossary))


def terms(tokens):
    return [t.term for t in tokens]


def test_normalisation_nfkc_traditional_lowercase():
    assert normalize("量子機器學習").text == "量子机器学习"
    assert normalize("ＡＩ芯片，ChatGPT").text == "ai芯片,chatgpt"
    assert normalize("CR ₈").text == "cr 8"


def test_offsets_survive_characters_that_expand():
    norm = normalize("…AI")  # NFKC turns … into three dots
    assert norm.text == "...ai"
    assert (norm.start(3), norm.end(5)) == (1, 3)


def test_domain_words_stay_whole(analyzer):
    assert terms(analyzer.words("计算机视觉为技术层")) == ["计算机视觉", "为", "技术层"]
    assert "泛人工智能" in terms(analyzer.words("泛人工智能企业数量"))
    assert "智算中心" in terms(analyzer.words("长三角智算中心建设情况"))
    assert "科大讯飞" in terms(analyzer.words("科大讯飞智能语音"))


def test_domain_words_come_from_the_corpus_not_a_query_list(report, glossary):
    words = set(domain_words([report], glossary))
    assert {"计算机视觉", "泛人工智能", "智算中心", "商汤科技", "智能运载工具"} <= words
    assert all(2 <= len(w) <= 6 for w in words)
    assert "人工智能企业" not in words  # generic compounds would hide 企业


def test_traditional_input_matches_simplified_text(analyzer):
    assert terms(analyzer.words("量子機器學習")) == terms(analyzer.words("量子机器学习"))
    assert terms(analyzer.words("智能醫療")) == ["智能医疗"]


def test_mixed_script_numbers_and_model_names(analyzer):
    tokens = terms(analyzer.words("AI 芯片 ChatGPT 5nm 14 纳米 L4 AIGC"))
    assert tokens == ["ai", "芯片", "chatgpt", "5nm", "14", "纳米", "l4", "aigc"]


def test_english_is_case_insensitive_with_light_stemming(analyzer):
    assert terms(analyzer.words("Smart Cities")) == ["smart", "city"]
    assert terms(analyzer.words("robots chips")) == ["robot", "chip"]
    assert terms(analyzer.words("PFLOPS EOPS")) == ["pflops", "eops"]  # acronyms
    assert stem("analysis") == "analysis" and stem("status") == "status"


def test_word_positions_are_sequential(analyzer):
    tokens = analyzer.words("数字孪生工厂是以数字化工厂为基础", subwords=True)
    positions = sorted({t.pos for t in tokens})
    assert positions == list(range(len(positions)))
    main = analyzer.words("数字孪生工厂是以数字化工厂为基础")
    assert [t.pos for t in main] == list(range(len(main)))


def test_subwords_share_the_position_of_their_word(analyzer):
    tokens = analyzer.words("智能机器人", subwords=True)
    assert tokens[0].term == "智能机器人"
    assert {t.pos for t in tokens} == {0}
    spans = {t.term: (t.start, t.end) for t in tokens}
    assert (spans["智能"], spans["机器人"]) == ((0, 2), (2, 5))
    assert [t.term for t in analyzer.words("智能机器人")] == ["智能机器人"]


def test_offsets_point_into_the_original_text(analyzer):
    text = "以 ChatGPT 为代表的人工智能大模型"
    for tok in analyzer.words(text):
        assert normalize(text[tok.start:tok.end]).text == tok.term


def test_bigrams_are_sequential_and_exact(analyzer):
    grams = analyzer.grams("数字孪生 AI")
    assert [(g.term, g.pos) for g in grams] == [("数字", 0), ("字孪", 1), ("孪生", 2), ("ai", 3)]
    assert terms(analyzer.grams("芯")) == ["芯"]


def test_glossary_size_and_entries(glossary):
    assert len(glossary.entries) >= 300
    by_key = glossary.by_key
    assert by_key[english_key("computer vision")].chinese == ("计算机视觉",)
    for english, chinese in [("SenseTime", "商汤科技"), ("iFlytek", "科大讯飞"),
                             ("DJI", "大疆创新"), ("Cambricon", "寒武纪"),
                             ("smart city", "智慧城市"), ("Yangtze River Delta", "长三角")]:
        assert chinese in by_key[english_key(english)].chinese


def test_glossary_names_every_policy_in_english(report, glossary):
    chinese = {term for entry in glossary.entries for term in entry.chinese}
    unnamed = [p.name for p in report.policies()
               if not any(term in p.name for term in chinese if len(term) >= 4)]
    assert unnamed == []


def test_glossary_longest_match(glossary):
    words = list(english_key("Shenzhen smart city financing"))
    spans = [(a, b, e.chinese if e else None) for a, b, e in glossary.match(words)]
    assert spans == [(0, 1, ("深圳",)), (1, 3, ("智慧城市",)), (3, 4, ("融资",))]


def test_malformed_glossary_names_the_line():
    with pytest.raises(CorpusError) as error:
        parse_glossary("# comment\ncomputer vision\t计算机视觉\nno tab here\n", "g.tsv")
    assert (error.value.path, error.value.line) == ("g.tsv", 3)
    with pytest.raises(CorpusError, match="repeats line 1"):
        parse_glossary("robot\t机器人\nrobots\t机器人\n", "g.tsv")
