"""What a query asks *for*: the properties it names — places, times, kinds of unit,
documents — recognised from the corpus's own facet values and metadata, and comparisons.

- Places: a region value (上海市) or the name it is known by (上海, 江苏, Shanghai, UK …
  through the glossary's places); a cluster (长三角) with its members, and a city with the
  region its policies are filed under (杭州 → 浙江省), both read off the records.
- Times: 2022年, 2017年以来 / since 2020, 2016—2018, 近三年, 去年 (relative to the newest
  document's date), as year values of the corpus.
- Kinds: the words for policies (政策, 规划, 条例, strategy …), for tables (图表, 表格).
- Documents: a document's title or short name (数据安全法), when the library has several.

The search applies them (``searching``) as filters where the intent is unambiguous — a
kind of policy together with a place or a time — and otherwise as a tier that ranks first;
the reader sees what was understood and can take each away.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from search.document.model import Report
from search.document.numerals import chinese_number
from search.engine.records import Record
from search.language.glossary import Glossary
from search.query.concepts import Comparison, Concept, Intent

# Words that name a kind of unit. A generic one (政策, 文件) only says "policies": it is
# taken out of the words to match when the kind is applied; a specific one (规划, 条例)
# also tells policies apart, and stays a word to match.
GENERIC_POLICY_WORDS = frozenset({
    "政策", "文件", "政策文件", "法规", "法律法规", "政策法规", "相关政策", "policy",
    "policies", "document", "documents", "regulation", "regulations",
})
POLICY_WORDS = GENERIC_POLICY_WORDS | frozenset({
    "规划", "指南", "条例", "行动计划", "计划", "战略", "措施", "方案", "意见", "指导意见",
    "法案", "倡议", "办法", "规定", "决定", "通知", "准则", "路线图", "行动", "纲要",
    "strategy", "strategies", "plan", "plans", "guideline", "guidelines", "guidance",
    "roadmap", "act", "bill", "initiative", "measures", "principles",
})
# a word ending in one of these names a policy too (十四五规划, 发展战略, 行动计划)
_POLICY_ENDINGS = ("规划", "计划", "战略", "条例", "指南", "方案", "措施", "意见", "法案",
                   "办法", "规定", "纲要", "路线图")
TABLE_WORDS = frozenset({"图表", "表格", "统计表", "数据表", "一览表", "table", "tables",
                         "chart", "charts"})
# The reader speaking of the document itself ("报告里收录的…"): no word to match
META = re.compile(r"(?:本|这份|这个|该)?(?:报告|白皮书)(?:里|中|内|里面)?"
                  r"(?:收录|提到|提及|列出|列举|所列)(?:的|了)?"
                  r"|(?:本|这份|该)(?:报告|白皮书)(?:里|中|内)?")
META_WORDS = frozenset({"收录", "提及", "列出", "列举", "所列", "类"})
COMPARISON = re.compile(r"对比|比较|相比|区别|差距|差异|不同|优劣|异同|vs\.?|versus|"
                        r"\bcompar\w*|\bdifferen\w*", re.IGNORECASE)
CONNECTORS = re.compile(r"和|与|跟|同|及|以及|对比|相比|vs\.?|versus|\band\b|\bwith\b",
                        re.IGNORECASE)
_YEAR = r"((?:19|20)\d{2})"
_SINCE = re.compile(_YEAR + r"\s*年?\s*(?:以来|至今|之后|以后|起)|(?:since|after|from)\s+"
                    + _YEAR, re.IGNORECASE)
_UNTIL = re.compile(_YEAR + r"\s*年?\s*(?:以前|之前)|(?:before|until)\s+" + _YEAR,
                    re.IGNORECASE)
_RANGE = re.compile(_YEAR + r"\s*年?\s*(?:-|–|—|~|到|至|to)\s*" + _YEAR + r"\s*年?",
                    re.IGNORECASE)
_ONE_YEAR = re.compile(r"(?<!\d)" + _YEAR + r"(?!\d)")
_RECENT = re.compile(r"(?:近|最近|过去)\s*([一二两三四五六七八九十\d]{1,2})\s*年|"
                     r"(?:last|past)\s+(\d{1,2}|two|three|four|five|ten)\s+years",
                     re.IGNORECASE)
_RELATIVE = {"去年": -1, "今年": 0, "前年": -2, "last year": -1, "this year": 0}
_ENGLISH_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_SUFFIXES = ("特别行政区", "自治区", "地区", "省", "市")


@dataclass
class IntentTables:
    """What intents are recognised from, read off one snapshot."""

    places: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name → regions
    clusters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # member → clusters
    # regions introduced side by side under one heading (美国, 英国, 日本 under 国外…): a
    # passage about one of them answers another question than one about its sibling
    siblings: dict[str, tuple[str, ...]] = field(default_factory=dict)
    years: frozenset[int] = frozenset()  # the year facet's values
    now: int = 0  # the newest document's year: 去年, 近三年 are relative to it
    documents: dict[str, str] = field(default_factory=dict)  # name → slug

    @classmethod
    def build(cls, records: Iterable[Record], glossary: Glossary,
              documents: Iterable[tuple[str, str, str, str]],
              trees: Iterable[Report] = ()) -> IntentTables:
        """``documents``: (slug, title, English title, date) of every document;
        ``trees``: the documents, whose sections say which regions are siblings."""
        records = list(records)
        regions = Counter(r for record in records for r in record.regions)
        places: dict[str, set[str]] = {}

        def add(name: str, region: str) -> None:
            name = _norm(name)
            if len(name) >= 2:
                places.setdefault(name, set()).add(region)

        members: dict[str, set[str]] = {}
        for record in records:
            if len(record.regions) > 1:  # (浙江省, 长三角): a member and its cluster
                own, *groups = record.regions
                for group in groups:
                    members.setdefault(group, set()).add(own)
        for region in regions:
            add(region, region)
            for member in members.get(region, ()):
                add(region, member)
            for suffix in _SUFFIXES:
                if region.endswith(suffix) and len(region) > len(suffix) + 1:
                    add(region.removesuffix(suffix), region)
        known = dict(places)
        # the glossary's places: English names, and cities whose policies are filed under
        # a region (杭州's plans are 浙江省's rows)
        for entry in glossary.entries:
            if not entry.section.startswith("Places"):
                continue
            found = {r for zh in entry.chinese for r in known.get(_norm(zh), ())}
            if found:
                for region in found:
                    add(entry.english, region)
                continue
            for zh in entry.chinese:
                filed = Counter(record.regions[0] for record in records
                                if record.regions and record.kind == "policy"
                                and zh in record.title)
                if filed:
                    region = filed.most_common(1)[0][0]
                    add(zh, region)
                    add(entry.english, region)
        years = frozenset(int(r.year) for r in records if r.year.isdigit())
        dated = [int(date[:4]) for *_, date in documents if date[:4].isdigit()]
        names: dict[str, str] = {}
        for slug, title, title_en, _date in documents:
            for name in (title, title_en, title.removeprefix("中华人民共和国")):
                if name and len(name) >= 4:
                    names[_norm(name)] = slug
        clusters: dict[str, set[str]] = {}
        for cluster, inside in members.items():
            for member in inside:
                clusters.setdefault(member, set()).add(cluster)
        side_by_side: dict[str, set[str]] = {}
        for tree in trees:
            for section, ancestors in tree.walk():
                parent = ancestors[-1] if ancestors else None
                if section.region and (parent is None or parent.region != section.region):
                    key = f"{tree.meta.slug}/{parent.id if parent else ''}"
                    side_by_side.setdefault(key, set()).add(section.region)
        siblings: dict[str, set[str]] = {}
        for beside in side_by_side.values():
            for place in beside:
                siblings.setdefault(place, set()).update(beside - {place})
        return cls({k: tuple(sorted(v)) for k, v in places.items()},
                   {k: tuple(sorted(v)) for k, v in clusters.items()},
                   {k: tuple(sorted(v)) for k, v in siblings.items()}, years,
                   max(dated, default=0), names)

    def elsewhere(self, regions: Iterable[str]) -> frozenset[str]:
        """The regions beside ``regions`` (their siblings), not the places themselves nor
        the clusters they belong to."""
        around = self.around(regions)
        return frozenset(s for r in around for s in self.siblings.get(r, ())) - around

    def around(self, regions: Iterable[str]) -> frozenset[str]:
        """``regions`` and the clusters they are members of (浙江省 → 长三角): a passage
        about either is about the place."""
        regions = set(regions)
        return frozenset(regions.union(*(self.clusters.get(r, ()) for r in regions)))


def _norm(text: str) -> str:
    """NFKC, lower case, single spaces (none between Chinese characters)."""
    text = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    return _CJK_SPACE.sub("", text)


_CJK_SPACE = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")


# --------------------------------------------------------------------------- detection


def detect(text: str, concepts: Iterable[Concept], tables: IntentTables,
           original: str = "") -> tuple[tuple[Intent, ...], Comparison | None, frozenset[str]]:
    """The intents of a query (its cleaned, simplified ``text``, as typed ``original``, and
    its ``concepts``), a comparison if it asks for one, and the words that only refer to
    the document itself (报告里收录的)."""
    concepts = list(concepts)
    norm = _norm(text)
    intents: list[Intent] = []
    places = _places(norm, concepts, tables, original or text)
    if places:
        values = tuple(sorted({v for _, regions in places for v in regions}))
        names = [_norm(name) for name, _ in places]
        intents.append(Intent("region", values, "、".join(name for name, _ in places),
                              tuple(c.label for c in concepts
                                    if any(_norm(c.label).startswith(n) for n in names))))
    years = _years(text, tables)
    if years:
        label, values = years
        intents.append(Intent("year", values, label, tuple(
            c.label for c in concepts if re.fullmatch(r"(?:19|20)\d{2}年?|年|以来|至今", c.label))))
    kind = _kind(concepts)
    if kind:
        intents.append(kind)
    document = _document(norm, tables)
    if document:
        intents.append(document)
    spans = [m.span() for m in META.finditer(text)]
    meta = frozenset(c.label for c in concepts if c.label in META_WORDS or any(
        s <= text.find(c.label) and text.find(c.label) + len(c.label) <= e
        for s, e in spans))
    return tuple(intents), _comparison(text, concepts), meta


def _places(norm: str, concepts: list[Concept], tables: IntentTables, text: str = ""
            ) -> list[tuple[str, tuple[str, ...]]]:
    """Places named in the text (longest names first, none inside another), and in the
    concepts' glossary forms (an English name: UK → 英国)."""
    found: list[tuple[str, tuple[str, ...]]] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(tables.places, key=len, reverse=True):
        at = norm.find(name)
        if at < 0 or (name.isascii() and not re.search(rf"\b{re.escape(name)}\b", norm)):
            continue
        end = at + len(name)
        if any(s < end and at < e for s, e in taken):
            continue
        taken.append((at, end))
        typed = name
        if name.isascii():  # as the reader wrote it: UK, Shanghai
            where = text.lower().find(name)
            typed = text[where:where + len(name)] if where >= 0 else name
        found.append((typed, tables.places[name]))
    for concept in concepts:
        for form in concept.forms:
            regions = tables.places.get(_norm(form.text), ())
            if form.how == "glossary" and regions and not any(
                    set(regions) <= set(known) for _, known in found):
                found.append((concept.label, regions))
    return found


def _years(text: str, tables: IntentTables) -> tuple[str, tuple[str, ...]] | None:
    """The years asked for, as year values the corpus has."""
    norm = unicodedata.normalize("NFKC", text).lower()
    wanted: set[int] = set()
    label = ""
    if match := _RANGE.search(norm):
        first, last = sorted((int(match.group(1)), int(match.group(2))))
        wanted, label = set(range(first, last + 1)), match.group()
    elif match := _SINCE.search(norm):
        year = int(match.group(1) or match.group(2))
        wanted, label = {y for y in tables.years if y >= year}, match.group()
    elif match := _UNTIL.search(norm):
        year = int(match.group(1) or match.group(2))
        wanted, label = {y for y in tables.years if y <= year}, match.group()
    elif match := _RECENT.search(norm):
        raw = match.group(1) or match.group(2)
        count = int(raw) if raw.isdigit() else (chinese_number(raw) or
                                                _ENGLISH_NUMBERS.get(raw, 0))
        if tables.now and count:
            wanted, label = set(range(tables.now - count + 1, tables.now + 1)), match.group()
    else:
        years = {int(y) for y in _ONE_YEAR.findall(norm)}
        if years:
            wanted, label = years, "、".join(f"{y}年" for y in sorted(years))
        else:
            for word, offset in _RELATIVE.items():
                if word in norm and tables.now:
                    wanted, label = {tables.now + offset}, word
                    break
    values = tuple(str(y) for y in sorted(wanted & tables.years))
    return (label.strip(), values) if values else None


def _kind(concepts: list[Concept]) -> Intent | None:
    words = {c.label: _norm(c.label) for c in concepts}
    policy = tuple(label for label, norm in words.items()
                   if norm in POLICY_WORDS or _stem(norm) in POLICY_WORDS
                   or any(norm.endswith(w) for w in _POLICY_ENDINGS)
                   # an English phrase naming one: "AI strategy", "action plans"
                   or (" " in norm and any(_stem(w) in POLICY_WORDS
                                           for w in norm.split()[1:])))
    if policy:
        generic = tuple(label for label in policy
                        if words[label] in GENERIC_POLICY_WORDS
                        or _stem(words[label]) in GENERIC_POLICY_WORDS)
        return Intent("kind", ("policy",), policy[0], generic)
    table = tuple(label for label, norm in words.items() if norm in TABLE_WORDS)
    if table:
        return Intent("kind", ("table",), table[0], table)
    return None


def _stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _document(norm: str, tables: IntentTables) -> Intent | None:
    if len(set(tables.documents.values())) < 2:
        return None
    for name in sorted(tables.documents, key=len, reverse=True):
        if name in norm:
            return Intent("report", (tables.documents[name],), name)
    return None


def _comparison(text: str, concepts: list[Concept]) -> Comparison | None:
    """The two sides of "A 和 B 对比", "A vs B", "compare A and B": the concepts nearest
    before and after the word that joins them."""
    if not COMPARISON.search(text) or len(concepts) < 2:
        return None
    lowered = text.lower()
    positions = []
    for concept in concepts:
        at = lowered.find(concept.label.lower())
        if at >= 0:
            positions.append((at, at + len(concept.label), concept.label))
    positions.sort()
    for joint in CONNECTORS.finditer(lowered):
        before = [p for p in positions if p[1] <= joint.start()]
        after = [p for p in positions if p[0] >= joint.end()]
        if before and after:
            return Comparison((before[-1][2], after[0][2]))
    return None
