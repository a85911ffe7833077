"""A report as flat records — one per section, table, figure and policy — and back.

The index stores one record per searchable unit with everything browsing needs (ids,
titles, ancestry, order, pages, content, table rows, policy fields). ``rebuild_report``
turns the stored records back into the very tree that was indexed, so the app serves
browsing from the index alone and never re-reads the corpus.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from search.document.model import (
    Block,
    Figure,
    Footnote,
    Paragraph,
    Policy,
    Report,
    ReportMeta,
    Section,
    Table,
    footnote_id,
    join_heading,
    paragraph_id,
)

KINDS = ("section", "article", "table", "figure", "policy")
# Units with paragraphs of their own: a section, or a law's article (第X条), which is cited
# and found on its own rather than as a section of its chapter (issue #15).
SECTION_KINDS = ("section", "article")


@dataclass(frozen=True)
class Record:
    report: str  # slug
    id: str
    kind: str  # one of KINDS
    order: int  # document order within the report
    parent: str  # enclosing section (or table, for a policy); "" at the top
    number: str
    title: str
    breadcrumbs: tuple[tuple[str, str], ...]  # (id, title) of the ancestors, outermost first
    chapter: str  # "1"…"7", "front", "back"
    regions: tuple[str, ...]
    date: str  # policies: "2016.10"
    pages: tuple[int, int] | None
    text: str  # what is searched besides the title, and where snippets come from
    data: dict[str, Any]  # the unit's own fields, to rebuild the tree
    english: dict[str, str] = field(default_factory=dict)  # its English edition, by id
    # (the unit's title under its own id, paragraphs p-…, footnotes fn-…, cells …r1.c2)

    @property
    def key(self) -> str:
        return f"{self.report}/{self.id}"

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def title_en(self) -> str:
        """The English title ("" where the English edition has none)."""
        if self.kind == "policy":
            return self.english.get("name", "")
        return self.english.get(self.id, "")

    @property
    def text_en(self) -> str:
        """What is searched in English besides the title: the English counterpart of
        ``text``."""
        return english_text(self.kind, self.id, self.data, self.english)

    @property
    def heading(self) -> str:
        """As printed: "（3）人工智能专项政策文件密集发布", "图表 15 美国人工智能政策文件",
        "第一章 总则", "第二十一条" (an article's title is its number when it has no label)."""
        if self.kind == "section":
            return join_heading(self.number, self.title)
        if self.kind == "article":
            return join_heading(self.number, self.data.get("label", ""))
        return f"{self.number} {self.title}".strip()


def record_text(kind: str, data: dict[str, Any]) -> str:
    """What is searched in a unit besides its title, made from its data — so the index
    need not store the text twice."""
    if kind in SECTION_KINDS:
        paragraphs = [b for b in data["blocks"] if b["type"] == "paragraph"]
        parts = [p["text"] for p in paragraphs]
        parts += [f"{marker} {text}" for p in paragraphs for marker, text in p["footnotes"]]
        return "\n".join(parts)
    if kind == "table":
        return "\n".join(" ".join(row) for row in [data["header"], *data["rows"]])
    if kind == "figure":
        return " ".join(data["labels"])
    return data["content"]


def english_text(kind: str, unit_id: str, data: dict[str, Any],
                 english: dict[str, str]) -> str:
    """The English edition's counterpart of ``record_text``."""
    if kind in SECTION_KINDS:
        return "\n".join(text for key, text in english.items() if key.startswith(("p-", "fn-")))
    if kind == "table":
        return "\n".join(text for key, text in english.items()
                         if key.startswith(f"{unit_id}.h") or key.startswith(f"{unit_id}.r"))
    if kind == "figure":
        return " ".join(text for key, text in english.items()
                        if key.startswith(f"{unit_id}.label"))
    return english.get("content", "")


def report_records(report: Report, edition: Mapping[str, str] | None = None) -> list[Record]:
    """Every unit of the report in document order, with its part of the English
    ``edition`` (id → English) when there is one."""
    slug = report.meta.slug
    records: list[Record] = []
    edition = edition or (own_english(report) if report.meta.english else {})

    def add(kind: str, data: dict[str, Any], **fields: Any) -> None:
        unit_id = fields["id"]
        records.append(Record(report=slug, order=len(records), kind=kind, data=data,
                              text=record_text(kind, data),
                              english=_english_of(kind, unit_id, data, edition, fields),
                              **fields))

    for section, ancestors in report.walk():
        crumbs = tuple((a.id, a.display_title) for a in ancestors)
        here = (*crumbs, (section.id, section.display_title))
        # the chapter a unit is in is its outermost section's (an article's is the 章 around
        # it: its own id names no chapter)
        chapter = ancestors[0].chapter if ancestors else section.chapter
        add(section.kind, _section_data(section), id=section.id,
            parent=ancestors[-1].id if ancestors else "", number=section.number,
            title=section.display_title, breadcrumbs=crumbs, chapter=chapter,
            regions=_regions(section.region), date="", pages=section.pages)
        for block in section.blocks:
            if isinstance(block, Figure):
                add("figure", _figure_data(block), id=block.id, parent=section.id,
                    number=f"图表 {block.number}", title=block.title, breadcrumbs=here,
                    chapter=chapter, regions=_regions(section.region), date="",
                    pages=section.pages)
            elif isinstance(block, Table):
                add("table", _table_data(block), id=block.id, parent=section.id,
                    number=f"图表 {block.number}", title=block.title, breadcrumbs=here,
                    chapter=chapter, regions=_regions(section.region), date="",
                    pages=section.pages)
                for row, policy in enumerate(block.policies, start=1):
                    add("policy", _policy_data(policy, block, row), id=policy.id,
                        parent=block.id,
                        number="", title=policy.name,
                        breadcrumbs=(*here, (block.id, block.title)), chapter=chapter,
                        regions=_regions(policy.region, section.region), date=policy.date,
                        pages=section.pages)
    return records


def own_english(report: Report) -> dict[str, str]:
    """An English document's own text keyed as an English edition is (issue 25): its
    words are then analysed by the English analyzer (stemmed, matched by English
    queries) and shown as English on /en/ — it is the original, not a translation."""
    own: dict[str, str] = {}
    for section, _ in report.walk():
        own[section.id] = section.display_title
        number = 0
        for block in section.blocks:
            if isinstance(block, Paragraph):
                number += 1
                own[paragraph_id(section.id, number)] = block.text
                for k, note in enumerate(block.footnotes, start=1):
                    own[footnote_id(section.id, number, k)] = note.text
    return own


def _english_of(kind: str, unit_id: str, data: dict[str, Any], edition: Mapping[str, str],
                fields: dict[str, Any]) -> dict[str, str]:
    """The entries of the English edition that belong to one unit."""
    if not edition:
        return {}
    if kind in SECTION_KINDS:
        wanted = [unit_id]
        number = 0
        for block in data["blocks"]:
            if block["type"] == "paragraph":
                number += 1
                wanted.append(paragraph_id(unit_id, number))
                wanted += [footnote_id(unit_id, number, k)
                           for k in range(1, len(block["footnotes"]) + 1)]
        return {key: edition[key] for key in wanted if key in edition}
    if kind == "policy":
        return _policy_english(data, edition, fields)
    prefix = f"{unit_id}."
    return {key: text for key, text in edition.items()
            if key == unit_id or key.startswith(prefix)}


def _policy_english(data: dict[str, Any], edition: Mapping[str, str],
                    fields: dict[str, Any]) -> dict[str, str]:
    """A policy's name and content in English: the cells of its row that hold them."""
    table_id, row = data["table"], data["row"]
    found = {}
    for column, key in ((data["name_column"], "name"), (data["content_column"], "content"),
                        (data["region_column"], "region")):
        if column is not None:
            text = edition.get(f"{table_id}.r{row}.c{column + 1}")
            if text:
                found[key] = text.strip("《》")
    return found


def _regions(*names: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n))


def _section_data(section: Section) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    for block in section.blocks:
        if isinstance(block, Paragraph):
            blocks.append({
                "type": "paragraph",
                "text": block.text,
                "emphasis": [list(span) for span in block.emphasis],
                "footnotes": [[f.marker, f.text] for f in block.footnotes],
                **({"pre": True} if block.preformatted else {}),  # a diagram (issue 25)
            })
        else:
            blocks.append({"type": "table" if isinstance(block, Table) else "figure",
                           "id": block.id})
    data = {"level": section.level, "part": section.part, "region": section.region,
            "blocks": blocks}
    if section.kind == "article":
        data["label"] = section.title  # the record's title is the number when this is ""
    return data


def _figure_data(figure: Figure) -> dict[str, Any]:
    return {"number": figure.number, "unit": figure.unit, "source": figure.source,
            "labels": list(figure.labels)}


def _table_data(table: Table) -> dict[str, Any]:
    return {"number": table.number, "unit": table.unit, "source": table.source,
            "header": list(table.header), "rows": [list(r) for r in table.rows]}


def _policy_data(policy: Policy, table: Table, row: int) -> dict[str, Any]:
    cells = table.rows[row - 1]

    def column(value: str, skip: tuple[int | None, ...] = ()) -> int | None:
        return next((c for c, cell in enumerate(cells) if cell == value and c not in skip),
                    None)

    name, content = column(policy.name), column(policy.content)
    return {"region": policy.region, "content": policy.content, "table": table.id,
            "row": row, "name_column": name, "content_column": content,
            "region_column": column(policy.region, (name, content))}


# --------------------------------------------------------------------------- rebuilding


def rebuild_report(meta: ReportMeta, records: Iterable[Record]) -> Report:
    """The tree that ``report_records`` flattened."""
    ordered = sorted(records, key=lambda r: r.order)
    children: dict[str, list[Record]] = {}
    by_id: dict[str, Record] = {}
    for record in ordered:
        by_id[record.id] = record
        children.setdefault(record.parent, []).append(record)

    def policies(table: Record) -> tuple[Policy, ...]:
        return tuple(
            Policy(id=r.id, table_id=table.id, region=r.data["region"], date=r.date,
                   name=r.title, content=r.data["content"])
            for r in children.get(table.id, ())
        )

    def block(spec: dict[str, Any]) -> Block:
        if spec["type"] == "paragraph":
            return Paragraph(
                spec["text"],
                tuple(tuple(span) for span in spec["emphasis"]),
                tuple(Footnote(m, t) for m, t in spec["footnotes"]),
                bool(spec.get("pre")),
            )
        record = by_id[spec["id"]]
        data = record.data
        if spec["type"] == "figure":
            return Figure(record.id, data["number"], record.title, data["unit"],
                          data["source"], tuple(data["labels"]))
        return Table(record.id, data["number"], record.title, data["unit"], data["source"],
                     tuple(data["header"]), tuple(tuple(r) for r in data["rows"]),
                     policies(record))

    def section(record: Record) -> Section:
        data = record.data
        return Section(
            id=record.id,
            level=data["level"],
            number=record.number,
            title=data.get("label", record.title),
            part=data["part"],
            blocks=tuple(block(spec) for spec in data["blocks"]),
            children=tuple(section(c) for c in children.get(record.id, ())
                           if c.kind in SECTION_KINDS),
            pages=(record.pages[0], record.pages[1]) if record.pages else None,
            region=data["region"],
            kind=record.kind,
        )

    top = tuple(section(r) for r in children.get("", ()) if r.kind in SECTION_KINDS)
    return Report(meta=meta, sections=top)
