"""Tables as data: a table as CSV or JSON, every policy of a report as one CSV. Pure
functions over the report model and the English edition; the CSV is UTF-8 with a byte
order mark (Excel reads it as UTF-8 then), cells filled down as the page shows them."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable

from search.document.model import Report, Table

BOM = "\ufeff"
English = Callable[[str], str]  # an edition id → its English ("" without one)


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return BOM + out.getvalue()


def table_rows(table: Table, english: English | None = None) -> list[list[str]]:
    """Header and rows, in Chinese or (``english``) in the English edition's words,
    the Chinese kept where a cell has no translation."""
    if english is None:
        return [list(table.header), *(list(row) for row in table.rows)]
    header = [english(f"{table.id}.h{c}") or cell
              for c, cell in enumerate(table.header, start=1)]
    rows = [[english(f"{table.id}.r{r}.c{c}") or cell for c, cell in enumerate(row, start=1)]
            for r, row in enumerate(table.rows, start=1)]
    return [header, *rows]


def table_csv(table: Table, english: English | None = None) -> str:
    return _csv(table_rows(table, english))


def table_json(table: Table, slug: str, english: English) -> str:
    """The table with its caption, unit and source, in both languages."""
    rows_en = table_rows(table, english)
    data = {
        "report": slug,
        "id": table.id,
        "number": table.number,
        "title": table.title,
        "title_en": english(table.id) or None,
        "unit": table.unit,
        "source": table.source,
        "columns": list(table.header),
        "columns_en": rows_en[0],
        "rows": [list(row) for row in table.rows],
        "rows_en": rows_en[1:],
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


POLICY_COLUMNS = ("id", "table", "region", "date", "name", "name_en", "content",
                  "content_en", "url")


def policies_csv(report: Report, english: Callable[[str], tuple[str, str]],
                 url: Callable[[str], str]) -> str:
    """Every policy of the report, newest first: ``english`` gives a policy's English
    name and content, ``url`` its permalink."""
    rows = [list(POLICY_COLUMNS)]
    for policy in sorted(report.policies(), key=lambda p: (p.date, p.id), reverse=True):
        name_en, content_en = english(policy.id)
        rows.append([policy.id, policy.table_id, policy.region, policy.date, policy.name,
                     name_en, policy.content, content_en, url(policy.id)])
    return _csv(rows)
