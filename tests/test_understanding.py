"""Understanding how people ask: a query's text → concepts, each with its forms, on the
real report's vocabulary (the session index)."""

from __future__ import annotations

import pytest

from search.document.numerals import chinese_number, with_arabic_numerals
from search.query.searching import understand
from search.query.syntax import parse_query


def concepts(snapshot, q):
    return {c.label: [(f.text, f.how) for f in c.forms] for c in understand(snapshot, q).concepts}


# --------------------------------------------------------------------------- the language


def test_plus_makes_a_word_required_and_quotes_an_exact_required_phrase():
    parsed = parse_query('+量子 "数字 孪生" 机器人 -金融')
    assert [(i.text, i.phrase, i.required) for g in parsed.groups for i in g] == [
        ("量子", False, True), ("数字 孪生", True, True), ("机器人", False, False)]
    assert [i.text for i in parsed.excluded] == ["金融"]


# --------------------------------------------------------------------------- questions


def test_an_unspaced_question_is_its_words_without_question_words(snapshot):
    found = understand(snapshot, "英国的人工智能专利有多少件")
    assert [c.label for c in found.concepts] == ["英国", "人工智能", "专利"]
    assert "英国的人工智能专利有多少件" in found.chunks  # verbatim still ranks higher


def test_a_query_of_nothing_but_question_words_still_searches_them(snapshot):
    found = understand(snapshot, "是什么")
    assert found.stop_only and [c.label for c in found.concepts] == ["是", "什么"]


def test_english_function_words_are_left_out(snapshot):
    found = understand(snapshot, "how many robots are there in the factories")
    assert [c.label for c in found.concepts] == ["robots", "factories"]


def test_the_same_word_twice_is_one_concept(snapshot):
    assert len(understand(snapshot, "的" * 200).concepts) == 1
    assert len(understand(snapshot, "智能 " * 50).concepts) == 1


def test_a_long_query_keeps_at_most_twelve_concepts(snapshot):
    words = "量子 芯片 算法 数据 算力 专利 人才 政策 伦理 医疗 金融 交通 制造 城市 机器人"
    assert len(understand(snapshot, words).concepts) == 12


# --------------------------------------------------------------------------- forms


def test_taiwan_vocabulary_is_read_as_mainland_words(snapshot):
    assert ("芯片", "variant") in concepts(snapshot, "晶片")["晶片"]
    assert ("人工智能", "variant") in concepts(snapshot, "人工智慧")["人工智慧"]
    assert ("软件", "variant") in concepts(snapshot, "軟體")["软体"]


def test_chinese_numerals_also_searched_as_digits(snapshot):
    assert with_arabic_numerals("五年") == "5年"
    assert with_arabic_numerals("八千家") == "8000家"
    assert [chinese_number(n) for n in ("十五", "两百三十", "一千")] == [15, 230, 1000]
    assert ("3章", "variant") in concepts(snapshot, "三章")["三章"]


def test_a_synonym_of_the_report_s_list(snapshot):
    # corpus/synonyms.tsv: readers say 堵车, the report 拥堵 / 交通拥堵
    assert ("拥堵", "synonym") in concepts(snapshot, "堵车")["堵车"]


def test_a_synonym_of_the_general_thesaurus_for_a_word_the_report_lacks(snapshot):
    forms = concepts(snapshot, "电脑")["电脑"]  # 词林: 电脑 = 计算机
    assert ("计算机", "synonym") in forms


def test_the_general_thesaurus_leaves_the_report_s_own_words_alone(snapshot):
    # 数量 is the report's word: 词林's 数量 ~ 数据 would only add noise
    assert concepts(snapshot, "数量")["数量"] == [("数量", "typed")]


def test_an_unknown_word_falls_back_to_the_known_words_inside_it(snapshot):
    forms = concepts(snapshot, "制造商")["制造商"]
    assert ("制造", "subword") in forms


def test_single_characters_are_joined_where_the_report_writes_them_so(snapshot):
    assert "占比" in concepts(snapshot, "数量占比")
    # 计祘 (a typo) is nowhere in the report: the characters stay apart
    assert list(concepts(snapshot, "量子计祘")) == ["量子", "计", "祘"]


def test_an_english_word_reaches_chinese_through_the_glossary(snapshot):
    assert concepts(snapshot, "robots")["robots"][:2] == [("robot", "typed"),
                                                          ("机器人", "glossary")]
    assert ("高校", "glossary") in concepts(snapshot, "universities")["universities"]


def test_glossary_phrases_win_over_their_words(snapshot):
    found = concepts(snapshot, "smart city traffic")
    assert ("智慧城市", "glossary") in found["smart city"]
    assert ("交通", "glossary") in found["traffic"]


def test_the_last_english_word_is_completed_while_typing(snapshot):
    forms = concepts(snapshot, "computer vis")["vis"]
    assert ("vision", "prefix") in forms and ("视觉", "prefix") in forms


def test_lower_case_us_is_a_word_not_the_united_states(snapshot):
    assert concepts(snapshot, "tell us about chips") == concepts(snapshot, "about chips")
    assert ("美国", "glossary") in concepts(snapshot, "US chips")["US"]


# --------------------------------------------------------------------------- corrections


def test_a_homophone_typo_is_corrected_in_a_second_reading(snapshot):
    found = understand(snapshot, "深度学系")
    assert [c.label for c in found.concepts] == ["深度", "学系"]
    assert found.correction == "深度学习"
    # the corrected text is understood afresh: one word again
    assert [c.label for c in found.corrections] == ["深度学习"]


def test_toneless_pinyin_is_read_as_the_chinese_it_spells(snapshot):
    found = understand(snapshot, "liangzi jisuan")
    assert found.correction == "量子计算"


def test_a_missing_character_is_put_back(snapshot):
    assert understand(snapshot, "人工能企业").correction == "人工智能企业"


def test_english_words_are_not_read_as_pinyin(snapshot):
    found = understand(snapshot, "data")
    assert not found.corrections and found.concepts[0].label == "data"


@pytest.mark.parametrize("q", ["火星", "量子", "robots", "smart city"])
def test_no_correction_for_what_is_spelled_right(snapshot, q):
    assert understand(snapshot, q).correction == ""


# --------------------------------------------------------------------------- the pipeline


def test_understanding_is_a_pipeline_of_named_steps(snapshot):
    from search.query.prepared import prepared
    from search.query.understanding import Understanding

    understanding = Understanding(prepared(snapshot).resources)
    assert understanding.pipe_names == ("segment", "read", "intents", "chunks",
                                        "stop_words_only", "correct", "question")


def test_segment_reads_runs_of_english_together(snapshot):
    from search.query.prepared import prepared
    from search.query.understanding import Draft, Understanding, segment

    draft = Draft(parse_query('smart city 照明 "数字孪生" 芯片 OR 晶片 ai'))
    segment(Understanding(prepared(snapshot).resources), draft)
    assert [(run.kind, [i.text for i in run.items], run.last) for run in draft.runs] == [
        ("english", ["smart", "city"], False), ("chinese", ["照明"], False),
        ("phrase", ["数字孪生"], False), ("alternatives", ["芯片", "晶片"], False),
        ("english", ["ai"], True)]


def test_a_step_switched_off_is_skipped(snapshot):
    from search.query.prepared import prepared
    from search.query.understanding import STEPS, Understanding, correct

    resources = prepared(snapshot).resources
    with_all = Understanding(resources).understand(parse_query("深度学系"))
    without = Understanding(resources, steps=tuple(s for s in STEPS if s is not correct)
                            ).understand(parse_query("深度学系"))
    assert with_all.correction == "深度学习"
    assert without.correction == "" and without.concepts == with_all.concepts


def test_the_question_step_tells_a_number_is_asked(snapshot):
    assert understand(snapshot, "深圳有多少家人工智能企业").asks_number
    assert understand(snapshot, "how many AI companies").asks_number
    assert not understand(snapshot, "深圳的人工智能企业").asks_number
