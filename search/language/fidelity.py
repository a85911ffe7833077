"""How faithful the English edition is: what ``translation_status`` checks of every
translation against the Chinese it translates (issue #24).

- **numbers**: every number of the Chinese is in the English, in any scale (342 亿 →
  34.2 billion), whether written in Arabic figures or in Chinese characters (八千 → 8,000,
  近百 → a hundred, 三分之一 → a third); and no number is in the English only (an
  invented or mistyped figure);
- **direction**: a figure next to 增长/下降 (and their kin) goes the same way in the
  English (up, grew … / down, fell …);
- **Chinese left in** (outside 《》, a quoted original title), untranslated text;
- **names** of the glossary (places, organisations, companies, policies): the English the
  glossary gives them;
- **one term, one rendering**: the renderings the glossary chooses (``#=`` lines of
  ``corpus/glossary.tsv``); a variant of one is counted apart, as a *variant*.

Pure Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from search.document.model import CJK, Report, decode_text
from search.language.analysis import normalize_text
from search.language.edition import SourceText, Translation, source_texts

_CJK = re.compile(f"[{CJK}]")
_QUOTED_ORIGINAL = re.compile(r"《[^》]*》")
_QUOTED = re.compile(r"《([^》]*)》")
_ZH_NUMBER = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万)?")
_EN_NUMBER = re.compile(
    r"(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?", re.I)
_SCALE = {"万": 1e4, "亿": 1e8, "万亿": 1e12, "thousand": 1e3, "million": 1e6,
          "billion": 1e9, "trillion": 1e12}
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = re.compile(r"\b(" + "|".join(m[:3] for m in _MONTHS) + r")[a-z]*\.?", re.I)


def _value(number: str, scale: str | None) -> float:
    return float(number.replace(",", "")) * _SCALE.get((scale or "").lower(), 1.0)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b), 1.0)


def _show(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


# --------------------------------------------------------------------------- Chinese numerals

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
_NUMERAL = re.compile("[零〇一二两三四五六七八九十百千万亿]+")
_FRACTION = re.compile("([一二两三四五六七八九十]+)分之([一二两三四五六七八九十百]+)")
# numerals that are words, not numbers: 一些 一起 统一 万物 千行百业 …; a numeral counts
# when it has a unit (八千, 三十) and stands as a quantity: not an ordinal (第一), not a
# plan's name (十四五), not a vague quantity (数百, 几十)
_APPROXIMATE = ("近", "约", "逾", "超", "超过", "上")
_NOT_A_QUANTITY = re.compile(r"十[一二三四五六七八九]五|[一二三四五六七八九十]五")
_WORDS = {"千行百业", "万物", "亿万", "千方百计", "百花齐放", "千家万户", "万众", "一百八十度"}


def parse_numeral(text: str) -> int | None:
    """A Chinese numeral's value: 八千 → 8000, 三十五 → 35, 一万二千 → 12000, 百 → 100;
    None when it is not one."""
    total, section, digit = 0, 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None:
                return None  # 二三: not a numeral
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        elif char in _BIG:
            section += digit or 0
            total = (total + (section or 1)) * _BIG[char]
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def numerals_zh(text: str) -> set[float]:
    """The quantities written in Chinese characters: 泛人工智能企业数量突破八千家 → 8000,
    近百家 → 100, 三分之一 → 1/3; not 第一, 一些, 十四五, 数百."""
    found: set[float] = set()
    for match in _FRACTION.finditer(text):  # 四分之一: one (part) of four
        denominator, numerator = parse_numeral(match.group(1)), parse_numeral(match.group(2))
        if numerator and denominator:
            found.add(numerator / denominator)
    plain = _FRACTION.sub(" ", text)
    for match in _NUMERAL.finditer(plain):
        run, before = match.group(), plain[max(0, match.start() - 2):match.start()]
        if before.rstrip()[-1:].isdigit():  # 3.5 万亿: the scale of a figure
            continue
        if before.endswith(("第", "数", "几")) or any(w in plain[max(0, match.start() - 2):
                                                           match.end() + 2] for w in _WORDS):
            continue
        if _NOT_A_QUANTITY.fullmatch(run):
            continue
        has_unit = any(c in _UNITS or c in _BIG for c in run)
        approximate = before.endswith(_APPROXIMATE)
        if not has_unit or (len(run) == 1 and not approximate):
            continue
        value = parse_numeral(run)
        if value:
            found.add(float(value))
    return found


_EN_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
             "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
             "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
             "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
             "thousand": 1000, "half": 0.5, "third": 1 / 3, "quarter": 0.25, "fifth": 0.2}
_EN_WORD = re.compile(r"\b(" + "|".join(_EN_WORDS) + r")(?:s|-)?\b", re.I)
_EN_MULTIPLE = re.compile(r"\b(a|one|two|three|four|five|six|seven|eight|nine|ten)[ -]"
                          r"(hundred|thousand)\b", re.I)


def numbers_zh(text: str) -> set[float]:
    """The numbers of Chinese text, 万 and 亿 applied (342 亿 → 34,200,000,000), and the
    quantities written in Chinese characters (八千 → 8,000)."""
    text = _plain(text)
    return {_value(n, scale) for n, scale in _ZH_NUMBER.findall(text)} | numerals_zh(text)


def numbers_en(text: str) -> set[float]:
    """The numbers written in English text, scale words applied (34.2 billion), with
    month names as their numbers (October → 10) and numbers in words (eight thousand,
    a hundred, a third)."""
    text = _plain(text)
    found = {_value(n, scale) for n, scale in _EN_NUMBER.findall(text)}
    found.update(float(_MONTHS.index(next(m for m in _MONTHS if m.startswith(
        match.lower()[:3]))) + 1) for match in _MONTH.findall(text))
    found.update(float(_EN_WORDS[w.lower()]) for w in _EN_WORD.findall(text))
    for count, unit in _EN_MULTIPLE.findall(text):
        found.add(float(_EN_WORDS.get(count.lower(), 1) * _EN_WORDS[unit.lower()]))
    return found


_NAMED_EN = re.compile(r"COVID-19")  # a number that is part of a name the Chinese abbreviates
_SUPERSCRIPTS = str.maketrans("", "", "¹²³⁴⁵⁶⁷⁸⁹⁰")  # footnote markers, not numbers


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text.translate(_SUPERSCRIPTS))


def _digits_en(text: str) -> set[float]:
    """The numbers the English writes in figures (those a reader checks), scales applied."""
    text = _NAMED_EN.sub(" ", _plain(text))
    found: set[float] = set()
    for number, scale in _EN_NUMBER.findall(text):
        found.add(_value(number, scale))
    return found


def _every_number_zh(text: str) -> set[float]:
    """Every number the Chinese could stand for, leniently: figures with and without
    their scale, each Chinese numeral and its digits (第一章 → 1, 十四五 → 14 and 5),
    months and years of dates (2016.10 → 10), fractions and percentages as written."""
    text = unicodedata.normalize("NFKC", text)
    found = numbers_zh(text)
    for number, scale in _ZH_NUMBER.findall(text):
        base = float(number.replace(",", ""))
        found.update({base, base * 1e4, base * 1e8})
        found.update(float(p) for p in re.split(r"[.,]", number) if p)
        if scale == "亿":  # 981.6 亿 = 98.16 billion = 98,160 million
            found.update({base / 10, base * 100})
        if scale == "万":
            found.update({base * 10})
    for run in _NUMERAL.findall(text):
        for start in range(len(run)):
            for end in range(start + 1, min(len(run), start + 6) + 1):
                value = parse_numeral(run[start:end])
                if value is not None:
                    found.add(float(value))
    for match in re.finditer(r"(\d+)\s*分之\s*(\d+)", text):
        found.add(float(match.group(2)) / float(match.group(1)))
    return found


def missing_numbers(zh: str, en: str) -> list[float]:
    """Numbers of the Chinese that the English does not state (in any scale)."""
    english = numbers_en(en)
    return sorted(v for v in numbers_zh(zh) if not any(_same(v, e) for e in english))


# figures an English sentence may add without a number in the Chinese: a thousand's
# separator, the parts of a range the Chinese writes with 至/到, ordinals of a list
_ALLOWED_EN = {0.0}


def english_only_numbers(zh: str, en: str) -> list[float]:
    """Figures of the English that the Chinese has in no form: an invented or mistyped
    number."""
    chinese = _every_number_zh(zh)
    return sorted(v for v in _digits_en(en)
                  if v not in _ALLOWED_EN and not any(_same(v, c) for c in chinese))


# --------------------------------------------------------------------------- direction

_UP_ZH = "增长|增加|上升|提高|提升|上涨|增幅|增速为|增至|增长率为"
_DOWN_ZH = "下降|减少|下滑|回落|降低|下跌|缩减|降幅|减幅|跌幅"
_CHANGE_ZH = re.compile(rf"(?:同比|环比|较上年|比上年)?({_UP_ZH}|{_DOWN_ZH})了?\s*(?:约|近|达)?"
                        r"\s*(\d+(?:\.\d+)?)\s*(%|个百分点|倍)")
_UP_EN = re.compile(r"\b(up|ris(?:e|es|ing)|rose|grow(?:s|n|ing|th)?|grew|increas\w*|"
                    r"higher|gain\w*|climb\w*|jump\w*|surg\w*|expan\w*|boost\w*|rais\w*)\b",
                    re.I)
_DOWN_EN = re.compile(r"\b(down|fall(?:s|en|ing)?|fell|declin\w*|decreas\w*|drop\w*|"
                      r"lower|shr[iu]nk\w*|reduc\w*|slump\w*|contract\w*|plung\w*|"
                      r"los[st]|negative|slow\w*)\b", re.I)


def wrong_directions(zh: str, en: str) -> list[str]:
    """Figures next to 增长/下降 (and kin) whose English says the opposite way: "同比下降
    23.1%" must not become "up 23.1%"."""
    problems = []
    zh = unicodedata.normalize("NFKC", zh)
    for match in _CHANGE_ZH.finditer(zh):
        word, figure = match.group(1), match.group(2)
        up = re.fullmatch(_UP_ZH, word) is not None
        for found in re.finditer(rf"(?<![\d.]){re.escape(figure)}(?![\d])", en):
            window = en[max(0, found.start() - 60):found.end() + 30]
            said_up, said_down = bool(_UP_EN.search(window)), bool(_DOWN_EN.search(window))
            if (up and said_down and not said_up) or (not up and said_up and not said_down):
                problems.append(f"{word} {figure}{match.group(3)}: the English goes "
                                f"{'down' if up else 'up'}")
                break
    return problems


# --------------------------------------------------------------------------- names


def _says(text: str, name: str) -> bool:
    """``name`` appears in ``text`` as words of its own (US in "US policy", not "focus")."""
    return re.search(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", text, re.I) is not None


@dataclass(frozen=True)
class Name:
    """A proper name of the glossary: the English a translation must call it."""

    chinese: str  # normalised, as the analyzer writes it
    english: tuple[str, ...]  # any of these will do
    title: bool = False  # a policy's title: named only when quoted in 《》


def _mentions(zh: str, name: Name) -> bool:
    """Whether ``zh`` names ``name``. A policy's title counts only quoted in 《》: the
    words of 《产业战略》 inside 人工智能产业战略性新兴产业 are not the UK's Industrial
    Strategy."""
    if name.chinese not in zh:
        return False
    return not name.title or any(name.chinese in quoted for quoted in _QUOTED.findall(zh))


def _names_in(zh: str, names: tuple[Name, ...]) -> list[Name]:
    """The glossary names in ``zh``, a name inside a longer one found there left out."""
    present = [name for name in names if _mentions(zh, name)]
    return [name for name in present
            if not any(name.chinese != other.chinese and name.chinese in other.chinese
                       for other in present)]


_NAME_SECTIONS = ("Places", "Organisations", "Companies", "Policies")


def glossary_names(glossary) -> list[Name]:
    """(Chinese name, the English names the glossary gives it) for the proper names of
    the glossary — places, organisations, companies, policies — so that a translation
    calls 商汤科技 SenseTime everywhere. A Chinese term is a name when one of its English
    entries there is capitalised (国内 "domestic" is not)."""
    english: dict[str, list[str]] = {}
    titles: set[str] = set()
    for entry in glossary.entries:
        if not entry.section.startswith(_NAME_SECTIONS):
            continue
        for term in entry.chinese:
            english.setdefault(term, []).append(entry.english)
            if entry.section.startswith("Policies"):
                titles.add(term)
    return sorted(
        (Name(term, tuple(names), term in titles) for term, names in english.items()
         if len(term) >= 2 and any(n[:1].isupper() for n in names)),
        key=lambda name: (-len(name.chinese), name.chinese),
    )


# --------------------------------------------------------------------------- renderings


@dataclass(frozen=True)
class Rendering:
    """One term, one rendering: a ``#=`` line of the glossary.

    ``#= 物联网<TAB>Internet of Things<TAB>internet of things | IoT`` — where the Chinese
    of an entry has 物联网, its English says "Internet of Things" and none of the variants.
    ``*`` for the Chinese is a spelling, checked in every entry (labour → labor); ``re:``
    starts a pattern (``re:\\d\\s*起`` the measure word of deals). Optional columns:
    ``in=fig-27 | 3.1.4`` (ids or sections it is limited to), ``except=…`` (names in which
    a variant is right: the report's own English title)."""

    chinese: str
    english: str
    variants: tuple[str, ...]
    line: int
    where: tuple[str, ...] = ()
    allowed: tuple[str, ...] = ()

    def applies(self, source: SourceText) -> bool:
        if self.where and not any(
                source.id == w or source.id.startswith((f"{w}.", f"p-{w}-", f"fn-{w}-"))
                or source.section == w or source.section.startswith(f"{w}.")
                for w in self.where):
            return False
        if self.chinese == "*":
            return True
        if self.chinese.startswith("re:"):
            return re.search(self.chinese[3:], source.zh) is not None
        return self.chinese in source.zh


def _phrase(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z-]){re.escape(text)}(?![A-Za-z-])")


def parse_renderings(text: str) -> list[Rendering]:
    """The ``#=`` lines of the glossary (comments to its other readers)."""
    found = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.startswith("#= "):
            continue
        columns = [c.strip() for c in raw[3:].split("\t")]
        if len(columns) < 3:
            continue
        options = dict(c.split("=", 1) for c in columns[3:] if "=" in c)
        found.append(Rendering(columns[0], columns[1], _split(columns[2]), lineno,
                               _split(options.get("in", "")),
                               _split(options.get("except", ""))))
    return found


def _split(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def load_renderings(path: Path) -> list[Rendering]:
    if not path.exists():
        return []
    return parse_renderings(decode_text(path.read_bytes(), str(path)))


def variants_in(source: SourceText, en: str, renderings: Iterable[Rendering]) -> list[str]:
    """The renderings ``en`` breaks: a variant where the glossary chose one form, or a
    term of the Chinese without its chosen rendering."""
    problems = []
    for rendering in renderings:
        if not rendering.applies(source):
            continue
        text = en
        for allowed in rendering.allowed:
            text = text.replace(allowed, " ")
        for variant in rendering.variants:
            if _phrase(variant).search(text):
                problems.append(f"“{variant}” is a variant of “{rendering.english}”"
                                f"{'' if rendering.chinese == '*' else f' ({rendering.chinese})'}")
        said = re.compile(_phrase(rendering.english).pattern, re.I).search(en) or any(
            allowed in en for allowed in rendering.allowed)
        if rendering.chinese != "*" and not said and not (
                rendering.chinese.startswith("re:") and problems):
            problems.append(f"{rendering.chinese.removeprefix('re:')} should be rendered "
                            f"“{rendering.english}”")
    return problems


# --------------------------------------------------------------------------- an entry


def entry_problems(source: SourceText, en: str, names: Iterable[Name] = ()) -> list[str]:
    """What is wrong with ``en`` as a translation of ``source``: numbers not carried
    over or only in the English, a change that goes the other way, Chinese left in
    (except inside 《》, a quoted original title), untranslated text, and names that do
    not follow the glossary (``names``: Chinese name → the English names it allows)."""
    problems: list[str] = []
    if not en.strip():
        return ["empty"]
    if en.strip() == source.zh.strip() and _CJK.search(source.zh):
        problems.append("copied untranslated")
    leftover = _CJK.findall(_QUOTED_ORIGINAL.sub("", en))
    if leftover:
        problems.append(f"Chinese left in: {''.join(leftover[:12])}")
    lost = missing_numbers(source.zh, en)
    if lost:
        problems.append("numbers missing: " + ", ".join(_show(v) for v in lost))
    added = english_only_numbers(source.zh, en)
    if added:
        problems.append("numbers only in the English: " + ", ".join(_show(v) for v in added))
    problems += wrong_directions(source.zh, en)
    for name in _names_in(normalize_text(source.zh), tuple(names)):
        if not any(_says(en, e) for e in name.english):
            problems.append(f"{name.chinese} should be {' / '.join(name.english)}")
    return problems


@dataclass(frozen=True)
class Checked:
    """What ``translation_status`` found: entries with a problem, entries with a variant."""

    problems: tuple[tuple[SourceText, Translation, list[str]], ...]
    variants: tuple[tuple[SourceText, Translation, list[str]], ...]


def check_edition(report: Report, edition: dict[str, Translation], names: Iterable[Name] = ()
                  ) -> list[tuple[SourceText, Translation, list[str]]]:
    """Every translation with a problem (variants apart: ``check_renderings``)."""
    names = tuple(names)
    out = []
    for source in source_texts(report):
        entry = edition.get(source.id)
        if entry is None:
            continue
        problems = entry_problems(source, entry.en, names)
        if problems:
            out.append((source, entry, problems))
    return out


def check_renderings(report: Report, edition: dict[str, Translation],
                     renderings: Iterable[Rendering]
                     ) -> list[tuple[SourceText, Translation, list[str]]]:
    """Every translation that breaks one term, one rendering."""
    renderings = tuple(renderings)
    out = []
    for source in source_texts(report):
        entry = edition.get(source.id)
        if entry is None:
            continue
        found = variants_in(source, entry.en, renderings)
        if found:
            out.append((source, entry, found))
    return out


def check(report: Report, edition: dict[str, Translation], names: Iterable[Name] = (),
          renderings: Iterable[Rendering] = ()) -> Checked:
    return Checked(tuple(check_edition(report, edition, names)),
                   tuple(check_renderings(report, edition, renderings)))
