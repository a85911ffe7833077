"""Chinese numerals: one parser for headings, go-to and query understanding."""

from __future__ import annotations

import pytest

from search.document.numerals import chinese_number, with_arabic_numerals


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十三", 23), ("一百", 100), ("一百零一", 101),
    ("一千二百六十", 1260), ("两百三十", 230), ("八千", 8000), ("21", 21), ("零", 0),
    ("〇", 0)])
def test_numerals_read_as_numbers(numeral, value):
    assert chinese_number(numeral) == value


@pytest.mark.parametrize("text", ["", "年", "一a", "零零", "十四五", "四五"])
def test_what_is_not_a_number_is_none(text):
    assert chinese_number(text) is None


def test_words_get_arabic_numerals_where_they_have_chinese_ones():
    assert with_arabic_numerals("五年") == "5年"
    assert with_arabic_numerals("八千家") == "8000家"
    assert with_arabic_numerals("十四五规划") is None  # the plan's name, not 15
    assert with_arabic_numerals("人工智能") is None
    assert with_arabic_numerals("五") is None  # one character is no word to rewrite
