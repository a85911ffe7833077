"""Shared fixtures: the real report, the tiny hand-made one, and an index built once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import override_settings

from search.corpus import ReportSource, find_reports, load_report
from search.index import build_index
from search.model import Report

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


@pytest.fixture(scope="session")
def real_source() -> ReportSource:
    [source] = find_reports(CORPUS)
    return source


@pytest.fixture(scope="session")
def report(real_source) -> Report:
    return load_report(real_source)


@pytest.fixture(scope="session")
def tiny() -> Report:
    [source] = find_reports(TINY)
    return load_report(source)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the real corpus, to break on purpose."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Path:
    """The real corpus plus the tiny report, indexed once for the whole session and
    served by every view under test."""
    corpus = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CORPUS, corpus, dirs_exist_ok=True)
    shutil.copy(TINY / "tiny-report.toml", corpus)
    shutil.copy(TINY / "tiny-report.txt", corpus)
    index = tmp_path_factory.mktemp("var") / "index"
    build_index(corpus, index)
    with override_settings(SEARCH_INDEX_DIR=index, CORPUS_DIR=corpus):
        yield index


@pytest.fixture(scope="session")
def snapshot(index_dir):
    from search.index import open_snapshot

    return open_snapshot(index_dir)


@pytest.fixture(scope="session")
def live_url(index_dir):
    """The app served over HTTP from a thread, on the session's index (no database, so
    not pytest-django's live_server, whose teardown flushes one)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.test.testcases import LiveServerThread

    thread = LiveServerThread("localhost", StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()
