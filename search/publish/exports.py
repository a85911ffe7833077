"""Tables as data: a table as CSV or JSON, every policy of a report as one CSV. Pure
functions over the report model and the English edition.

What a spreadsheet needs (issue #24):
- UTF-8 with a byte order mark (Excel reads it as UTF-8 then), cells filled down as the
  page shows them;
- dates as ISO 8601 (``2016-10``): the printed ``2016.10`` is the number 2016.1 to Excel,
  October read as January;
- an amount printed as text (``10.7亿港元``, ``HKD 1.07 billion``) gets two columns beside
  it: its value as a number in the currency's units and the currency's ISO 4217 code, so
  that a column sorts and sums;
- no formulas: a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return and is not a plain number is neutralised with a leading apostrophe (OWASP's rule
  for CSV injection); ``-1`` stays the number -1.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from search.document.model import Report, Table

BOM = "\ufeff"
English = Callable[[str], str]  # an edition id → its English ("" without one)

# --------------------------------------------------------------------------- cells

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:,\d{3})*|\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_PRINTED_MONTH = re.compile(r"^(\d{4})\.(\d{1,2})$")


def neutralise(cell: str) -> str:
    """A cell a spreadsheet reads as text, never as a formula (OWASP CSV injection):
    ``=1+2`` → ``'=1+2``; a plain number (``-1``, ``+3.5``) is left as it is."""
    if cell.startswith(_FORMULA_START) and not (
            _PLAIN_NUMBER.match(cell) and any(c.isdigit() for c in cell)):
        return "'" + cell
    return cell


def iso_month(printed: str) -> str:
    """``2016.10`` → ``2016-10``, ``2019.2`` → ``2019-02``; anything else as it is."""
    match = _PRINTED_MONTH.match(printed.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        return printed
    return f"{match.group(1)}-{int(match.group(2)):02d}"


_CURRENCIES = {"港元": "HKD", "港币": "HKD", "人民币": "CNY", "元": "CNY", "美元": "USD",
               "RMB": "CNY", "CNY": "CNY", "HKD": "HKD", "USD": "USD", "US$": "USD"}
_SCALES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12,
           "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6,
           "billion": Decimal(10) ** 9, "trillion": Decimal(10) ** 12}
_AMOUNT_ZH = re.compile(r"^(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<scale>万亿|亿|万)?\s*"
                        r"(?P<cur>港元|港币|人民币|美元|元)$")
_AMOUNT_EN = re.compile(r"^(?P<cur>RMB|CNY|HKD|USD|US\$)\s*(?P<n>\d+(?:,\d{3})*(?:\.\d+)?)"
                        r"\s*(?P<scale>thousand|million|billion|trillion)?$", re.I)


def amount(printed: str) -> tuple[str, str] | None:
    """An amount of money printed as text → (its value in the currency's units, as a
    plain number; the ISO 4217 code): ``10.7亿港元`` → ("1070000000", "HKD"),
    ``USD 120 million`` → ("120000000", "USD"); None for anything else (未透露, 数亿美元)."""
    text = printed.strip()
    match = _AMOUNT_ZH.match(text) or _AMOUNT_EN.match(text)
    if match is None:
        return None
    try:
        value = Decimal(match.group("n").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    scale = match.group("scale")
    value *= _SCALES[scale.lower() if scale and scale.isascii() else scale] if scale else 1
    currency = _CURRENCIES[match.group("cur").upper() if match.group("cur").isascii()
                           else match.group("cur")]
    return format(value.normalize(), "f"), currency


def _amount_columns(rows: list[list[str]]) -> list[int]:
    """Columns (0-based) where most filled cells are amounts of money."""
    found = []
    width = max((len(r) for r in rows), default=0)
    for column in range(width):
        cells = [r[column] for r in rows if column < len(r) and r[column].strip()]
        parsed = sum(1 for c in cells if amount(c) is not None)
        if cells and parsed * 2 >= len(cells):
            found.append(column)
    return found


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, dialect="excel", lineterminator="\r\n").writerows(
        [[neutralise(cell) for cell in row] for row in rows])
    return BOM + out.getvalue()


# --------------------------------------------------------------------------- tables


def table_rows(table: Table, english: English | None = None) -> list[list[str]]:
    """Header and rows as printed, in Chinese or (``english``) in the English edition's
    words, the Chinese kept where a cell has no translation."""
    if english is None:
        return [list(table.header), *(list(row) for row in table.rows)]
    header = [english(f"{table.id}.h{c}") or cell
              for c, cell in enumerate(table.header, start=1)]
    rows = [[english(f"{table.id}.r{r}.c{c}") or cell for c, cell in enumerate(row, start=1)]
            for r, row in enumerate(table.rows, start=1)]
    return [header, *rows]


def data_rows(table: Table, english: English | None = None) -> list[list[str]]:
    """The table as a spreadsheet reads it: months as ISO dates, and beside each column
    of amounts its value and currency columns."""
    printed = table_rows(table, english)
    header, rows = printed[0], [[iso_month(cell) for cell in row] for row in printed[1:]]
    amounts = _amount_columns([list(r) for r in table.rows])
    if not amounts:
        return [header, *rows]
    value_label, currency_label = (("value", "currency") if english is not None
                                   else ("数值", "币种"))
    wide_header: list[str] = []
    for column, name in enumerate(header):
        wide_header.append(name)
        if column in amounts:
            wide_header += [f"{name} ({value_label})", f"{name} ({currency_label})"]
    wide_rows = []
    for chinese, row in zip(table.rows, rows, strict=True):
        wide: list[str] = []
        for column, cell in enumerate(row):
            wide.append(cell)
            if column in amounts:
                found = amount(chinese[column]) if column < len(chinese) else None
                wide += list(found) if found else ["", ""]
        wide_rows.append(wide)
    return [wide_header, *wide_rows]


def table_csv(table: Table, english: English | None = None) -> str:
    return _csv(data_rows(table, english))


def table_json(table: Table, slug: str, english: English) -> str:
    """The table with its caption, unit and source, in both languages; the printed rows,
    and the amounts found in them as numbers."""
    rows_en = table_rows(table, english)
    amounts = [{"column": column + 1,
                "values": [(found[0] if (found := amount(row[column])) else None)
                           for row in table.rows],
                "currencies": [(found[1] if (found := amount(row[column])) else None)
                               for row in table.rows]}
               for column in _amount_columns([list(r) for r in table.rows])]
    data = {
        "report": slug,
        "id": table.id,
        "number": table.number,
        "title": table.title,
        "title_en": english(table.id) or None,
        "unit": table.unit,
        "unit_en": english(f"{table.id}.unit") or None,
        "source": table.source,
        "columns": list(table.header),
        "columns_en": rows_en[0],
        "rows": [list(row) for row in table.rows],
        "rows_en": rows_en[1:],
        "amounts": amounts,
    }
    return json.dumps(data, ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- policies

POLICY_COLUMNS = ("id", "table", "region", "region_en", "date", "date_printed", "name",
                  "name_en", "content", "content_en", "url")
POLICY_COLUMNS_EN = ("id", "table", "region", "region_zh", "date", "date_printed", "name",
                     "name_zh", "content", "content_zh", "url")


def policies_csv(report: Report, english: Callable[[str], tuple[str, str]],
                 url: Callable[[str], str],
                 region_en: Callable[[str, str], str] = lambda policy_id, region: "",
                 in_english: bool = False) -> str:
    """Every policy of the report, newest first, with ISO dates: ``english`` gives a
    policy's English name and content, ``region_en`` its region's English name, ``url``
    its permalink. ``in_english`` puts the English first (and the Chinese beside)."""
    rows = [list(POLICY_COLUMNS_EN if in_english else POLICY_COLUMNS)]
    for policy in sorted(report.policies(), key=lambda p: (p.iso_date, p.id), reverse=True):
        name_en, content_en = english(policy.id)
        region = [policy.region, region_en(policy.id, policy.region)]
        name = [policy.name.strip("《》"), name_en]
        content = [policy.content, content_en]
        if in_english:
            region, name, content = ([b or a, a] for a, b in (region, name, content))
        rows.append([policy.id, policy.table_id, *region, iso_month(policy.date),
                     policy.date, *name, *content, url(policy.id)])
    return _csv(rows)
