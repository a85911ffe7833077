"""Relevance evaluation: the rule of shared/eval, and the judged queries themselves."""

from __future__ import annotations

import re
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command

from search.query.evaluation import Judgment, is_relevant
from tests.conftest import CORPUS

FIXTURES = CORPUS.parent / "tests" / "fixtures"


def test_relevance_rule():
    crumbs = ["人工智能应用场景", "智能金融"]
    assert is_relevant("成熟场景", crumbs, Judgment("成熟场景", under="智能金融"))
    assert not is_relevant("成熟场景", ["人工智能应用场景", "智能制造"],
                           Judgment("成熟场景", under="智能金融"))
    assert is_relevant("人工智能产业链技术层代表企业", [], Judgment("技术层代表企业"))
    assert is_relevant("科大讯飞 x", ["技术层"], Judgment("技术层"))
    assert not is_relevant("科大讯飞", ["技术层"], Judgment("技术层", exact=True))
    assert is_relevant("珠三角 AI 产业集群", [], Judgment("珠三角AI产业集群"))  # whitespace


def evaluate(*args) -> str:
    out = StringIO()
    call_command("evaluate", *args, stdout=out)
    return out.getvalue()


def test_every_dev_query_finds_its_answer_in_the_first_five(index_dir):
    out = evaluate()
    lines = out.splitlines()
    assert "MISS" not in out
    assert lines[-1].startswith("hit@5 1.00 ") and lines[-1].endswith("(18 queries)")
    groups = {line.split()[0]: line for line in lines[:-1]}
    assert set(groups) == {"en", "mixed", "zh", "zh-hant"}
    assert all("hit@5 1.00" in line for line in groups.values())
    # 1.00 on the white paper alone; here the tiny report shares the index and one of its
    # sections may rank above an answer that is still in the first five
    assert float(lines[-1].split()[3]) >= 0.95


def test_the_regression_set_stays_perfect(index_dir):
    """Our own 45 queries written against the whole report: a regression set — a change
    that loses one of them fails here."""
    out = evaluate(str(CORPUS / "eval" / "regression-queries.json"), "--verbose")
    assert out.count("ok  ") == 45
    assert out.splitlines()[-1].startswith("hit@5 1.00 ")


def test_evaluate_reports_a_broken_file(tmp_path, index_dir):
    from django.core.management.base import CommandError

    bad = tmp_path / "q.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        evaluate(str(bad))


def test_evaluate_agrees_with_score_py_over_http(live_url):
    queries = str(CORPUS / "eval" / "dev-queries.json")
    script = subprocess.run(
        [sys.executable, str(FIXTURES / "score.py"), live_url, queries],
        capture_output=True, text=True, timeout=120, check=True,
    )
    assert script.stdout.strip().splitlines() == evaluate().strip().splitlines()


def test_evaluate_agrees_with_score3_py_over_http(live_url):
    """dev3's format: answer@1, absent queries and zh-snippets counted as score3.py does."""
    queries = str(CORPUS / "eval" / "dev3-queries.json")
    script = subprocess.run(
        [sys.executable, str(FIXTURES / "score3.py"), live_url, queries],
        capture_output=True, text=True, timeout=300, check=True,
    )

    def numbers(line: str) -> list[str]:
        return re.findall(r"\d+\.\d+|\(\d+", line)

    ours = evaluate(queries).strip().splitlines()[-1]
    assert numbers(script.stdout.strip().splitlines()[-1]) == numbers(ours)
    assert "answer@1" in ours and "absent-ok" in ours and "zh-snippets" in ours
