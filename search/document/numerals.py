"""Chinese numerals, the one parser every layer uses: headings (第二十一条, 三、),
go-to (第三章), query understanding (五年 → 5年)."""

from __future__ import annotations

import re

DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "零〇一二三四五六七八九十百千两"  # for character classes in patterns
NUMERAL = re.compile(f"[{NUMERAL_CHARS}]+")


def chinese_number(numeral: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百零一 → 101, 一千二百六十 → 1260,
    两百三十 → 230, 八千 → 8000; Arabic digits as they are (a law may write 第21条);
    None for what is not one number: an empty string, another character, two digits
    in a row (十四五 is "14, 5", the five-year plan), zeros alone but 零 itself."""
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in DIGITS and c not in UNITS for c in numeral):
        return None
    total = digit = 0
    previous = ""
    for char in numeral:
        if char in UNITS:
            total += (digit or 1) * UNITS[char]
            digit = 0
        elif previous in DIGITS and previous not in "零〇":
            return None  # 四五 is two numbers (十四五: the 14th five-year plan), not one
        else:
            digit = DIGITS[char]
        previous = char
    value = total + digit
    return value if value or numeral in ("零", "〇") else None


def with_arabic_numerals(word: str) -> str | None:
    """五年 → 5年, 八千家 → 8000家; None when ``word`` has no Chinese numeral to convert."""
    if len(word) < 2 or not NUMERAL.search(word):
        return None

    def arabic(match: re.Match) -> str:
        value = chinese_number(match.group())
        return match.group() if value is None else str(value)

    converted = NUMERAL.sub(arabic, word)
    return converted if converted != word else None
