"""The index's life while serving: rebuilt under load without a failed request, missing
or corrupt answered with a clear 503, a failed build leaving the old index in place."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
import urllib.request

import pytest
from django.test import override_settings

from search.engine.writer import build_index
from tests.conftest import ROOT, line_of


@pytest.fixture
def own_index(tiny_index):
    corpus, index, _ = tiny_index
    with override_settings(SEARCH_INDEX_DIR=index):
        yield corpus, index


def test_rebuilding_three_times_under_load_loses_no_request(own_index, live_url):
    corpus, index = own_index
    failures: list[str] = []
    answers: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        url = f"{live_url}/api/search?q=%E9%87%8F%E5%AD%90%E6%9C%BA%E5%99%A8%E5%AD%A6%E4%B9%A0"
        while not stop.is_set():
            try:
                with urllib.request.urlopen(url, timeout=10) as response:
                    data = json.load(response)
                if data["total"] < 1 or data["results"][0]["id"] != "1":
                    failures.append(f"wrong answer {data['total']}")
                answers.append(data["total"])
            except Exception as exc:  # any failure at all counts
                failures.append(repr(exc))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    targets = []
    try:
        for thread in threads:
            thread.start()
        for _ in range(3):  # as an operator would: another process, while this one serves
            subprocess.run([sys.executable, "manage.py", "build_index", "--corpus",
                            str(corpus), "--index", str(index)], cwd=ROOT, check=True,
                           capture_output=True, timeout=120)
            targets.append(index.resolve())
    finally:  # whatever failed above, the hammers stop: a hung thread would hang CI
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
    assert failures == []
    assert len(answers) > 20
    assert len(set(targets)) == 3  # three builds, each swapped in


def test_missing_index_is_a_503_page_naming_the_command(client, tmp_path):
    with override_settings(SEARCH_INDEX_DIR=tmp_path / "nothing"):
        for url in ("/", "/search/?q=智能", "/ai-whitepaper-2023/3.1.1.3/"):
            response = client.get(url)
            assert response.status_code == 503
            page = response.content.decode()
            assert "python manage.py build_index" in page and "Traceback" not in page


def test_corrupt_index_is_a_503(client, tiny_index):
    _, index, result = tiny_index
    for segment in result.path.glob("*.seg"):
        segment.write_bytes(b"not a segment")
    with override_settings(SEARCH_INDEX_DIR=index):
        assert client.get("/search/?q=智能").status_code == 503
        assert client.get("/api/search?q=智能").status_code == 503


def test_failed_build_exits_non_zero_naming_file_and_line_and_keeps_the_old_index(own_index):
    corpus, index = own_index
    before = index.resolve()
    text = corpus / "tiny-report.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("| 乙公司 | 2 |",
                                                            "| 乙公司 | 2 | 多余的格 |"),
                    encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "manage.py", "build_index", "--corpus", str(corpus), "--index",
         str(index)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert f"{text}:{line_of(text, '多余的格')}: 图表 1: ragged table row" in run.stderr
    assert "Traceback" not in run.stderr
    assert index.resolve() == before
    assert json.loads((before / "manifest.json").read_text())["counts"]


def test_a_served_snapshot_outlives_the_next_build(own_index):
    from search.web.serving import current_snapshot

    corpus, index = own_index
    before = current_snapshot()
    build_index(corpus, index)
    after = current_snapshot()
    assert after is not before
    # the old one still answers (its files stay until two more builds)
    assert before.document_count() == after.document_count()
    shutil.rmtree(index.parent / "index.builds", ignore_errors=True)


def test_a_build_damaged_under_a_running_process_is_a_503_then_the_previous_build(
        client, tiny_index):
    """A segment truncated while being served: the request that trips on it gets the
    503 page (never a 500 or a crashed worker), the next ones the previous build."""
    corpus, index, first = tiny_index
    second = build_index(corpus, index)
    with override_settings(SEARCH_INDEX_DIR=index):
        assert client.get("/search/?q=第一章").status_code == 200
        for segment in second.path.glob("*.seg"):
            with segment.open("r+b") as f:
                f.truncate(64)
        tripped = client.get("/api/search?q=细节")  # posting lists not read before
        assert tripped.status_code == 503
        assert "build_index" in tripped.json()["error"]
        after = client.get("/api/search?q=细节")
        assert after.status_code == 200 and after.json()["total"] >= 1
        from search.web.serving import current_snapshot

        assert current_snapshot().path == first.path
