"""The metadata stub written beside an ingested text: what the document says about itself
(its title, date, publisher), what its preset implies (its kind), and the rest left for a
person to fill in — commented out, never invented."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass

from search.document.conventions import MAX_HEADING, ends_sentence, markdown_heading, unmark
from search.document.model import CONTROL_OR_BREAK, ReportMeta

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_ADOPTED_BY = re.compile(r"(?:第[一二三四五六七八九十百]+届)?(\S+?(?:委员会|代表大会))"
                         r"(?:第[一二三四五六七八九十百]+次)?(?:全体)?会议(?:审议)?通过")
# "国家市场监督管理总局 2020年3月6日发布"
_ISSUED_BY = re.compile(r"^(\S{2,30}?)\s*\d{4}\s*年.{0,12}(?:发布|印发)$")
_ORGANISATION = re.compile(r"(?:委员会|协会|学会|研究院|研究所|研究中心|办公厅|办公室|人民政府|"
                           r"国务院|部|局|署|联盟|大学|学院|公司)$")
_POLICY_WORDS = ("通知", "意见", "规划", "方案", "办法", "决定", "行动计划", "指南", "纲要")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_LATIN_CHAR = re.compile(r"[A-Za-z]")
_COLUMN_GAP = re.compile(r"\s{3,}")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
           "dec"]
_ENGLISH_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|"
                           r"September|October|November|December)\s+(?:(\d{1,2}),?\s+)?"
                           r"(\d{4})\b", re.I)
_ENGLISH_BODY = re.compile(r"\b(?:Task Force|Institute|Association|Organi[sz]ation|"
                           r"Committee|Council|Agency|Ministry|Consortium|Commission|"
                           r"Foundation|Society|Board|Office)\b")
_EDGE = 15  # lines at the end of a document where a signature and date stand
KIND_OF_PRESET = {"law": "law", "markdown": "article", "decimal": "report", "report": "report"}


@dataclass(frozen=True)
class Stub:
    meta: ReportMeta
    text_name: str  # the corpus text file's name
    missing: tuple[str, ...]  # required keys the document did not give


def guess_metadata(lines: Sequence[str], slug: str, preset: str, text_name: str,
                   first_heading: int, title_hint: str = "") -> Stub:
    """Metadata from the lines around the text: before its first heading (a cover, a
    law's 题注) and at its end (a notice's signature and date)."""
    head = [line.strip() for line in lines[:first_heading] if line.strip()]
    language = detect_language(lines)
    tail = [line.strip() for line in lines[-_EDGE:]
            if line.strip() and not line.lstrip().startswith("|")]  # not a table's rows
    title = (_centred_title(lines[:first_heading]) if language == "en" else "") \
        or _title(head) or CONTROL_OR_BREAK.sub("", " ".join(title_hint.split()))
    date = next((d for d in map(_date, [*head, *tail]) if d), "")
    publisher = next((p for p in map(_publisher, [*head, *tail]) if p and p != title), "")
    if language == "en":
        columns = [part for line in lines[:first_heading]
                   for part in _COLUMN_GAP.split(line.strip()) if part]
        date = date or next((d for d in map(_english_date, columns) if d), "")
        publisher = publisher or next((p for p in columns if _ENGLISH_BODY.search(p)), "")
    kind = KIND_OF_PRESET[preset]
    if kind == "report" and any(word in title for word in _POLICY_WORDS):
        kind = "policy"
    meta = ReportMeta(slug=slug, title=title or slug, publisher=publisher, date=date,
                      language=language, preset=preset, kind=kind)
    missing = tuple(key for key, value in (("title", title), ("publisher", publisher),
                                           ("date", date)) if not value)
    return Stub(meta, text_name, missing)


def detect_language(lines: Sequence[str]) -> str:
    """"en" for a document whose letters are (almost) all Latin, else "zh" (issue 25: an
    RFC's stub said ``language = "zh"``)."""
    cjk = latin = 0
    for line in lines:
        cjk += len(_CJK_CHAR.findall(line))
        latin += len(_LATIN_CHAR.findall(line))
    return "en" if latin > 20 * max(cjk, 1) else "zh"


def _centred_title(lines: Sequence[str]) -> str:
    """An English cover's title: a line set in the middle, alone ("   The WebSocket
    Protocol"), not a column of the header block beside it."""
    for line in lines:
        text = line.strip()
        indent = len(line) - len(line.lstrip())
        if text and indent >= 8 and not _COLUMN_GAP.search(text) \
                and not _english_date(text) and len(text) <= 120:
            return text
    return ""


def _english_date(text: str) -> str:
    match = _ENGLISH_DATE.search(text)
    if not match:
        return ""
    month = _MONTHS.index(match.group(1).lower()[:3]) + 1
    day = match.group(2)
    return f"{match.group(3)}-{month:02d}" + (f"-{int(day):02d}" if day else "")


def _title(head: Sequence[str]) -> str:
    for line in head:
        found = markdown_heading(line)
        if found and found[0] == 1:
            return found[1]
    first = unmark(head[0]) if head else ""
    if first and len(first) <= MAX_HEADING + 20 and not ends_sentence(first):
        return first
    return ""


def _date(line: str) -> str:
    match = _DATE.search(line)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return ""
    year, month, day = match.group(1), int(match.group(2)), match.group(3)
    if day and 1 <= int(day) <= 31:
        return f"{year}-{month:02d}-{int(day):02d}"
    return f"{year}-{month:02d}"


def _publisher(line: str) -> str:
    found = _ADOPTED_BY.search(line) or _ISSUED_BY.match(line)
    if found:
        return found.group(1)
    text = unmark(line)
    if len(text) <= 30 and _ORGANISATION.search(text) and not ends_sentence(text):
        return text
    return ""


def stub_toml(stub: Stub, source_name: str) -> str:
    """The stub as TOML: what was found as keys, what was not as comments to fill in."""
    meta = stub.meta

    def value(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)  # a TOML basic string

    lines = [f"# Written by `python manage.py ingest` from {source_name}: check it, fill in",
             "# what is commented out, then `make index`.",
             f"slug = {value(meta.slug)}", f"text = {value(stub.text_name)}"]
    for key in ("title", "publisher", "date"):
        if key in stub.missing:
            lines.append(f"# {key} = \"\"  # not found in the document")
        else:
            lines.append(f"{key} = {value(getattr(meta, key))}")
    lines += [f"language = {value(meta.language)}", f"kind = {value(meta.kind)}",
              f"preset = {value(meta.preset)}",
              '# title_en = ""', '# publisher_en = ""', '# place = ""', '# place_en = ""',
              '# site = "https://…"']
    return "\n".join(lines) + "\n"
