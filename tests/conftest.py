"""Shared fixtures: the real report, the tiny hand-made one, and an index built once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

from search.document.corpus import ReportSource, find_reports, load_report
from search.document.model import Report
from search.engine.writer import build_index

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TINY = Path(__file__).resolve().parent / "fixtures" / "tiny"


@pytest.fixture(scope="session", autouse=True)
def static_files(tmp_path_factory):
    """collectstatic into a temporary folder, as `make run` does into var/static: pages
    link the hashed, compressed files the way they are served."""
    from django.core.management import call_command

    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield root


@pytest.fixture(autouse=True)
def fresh_results_cache():
    """Each test searches afresh: a result kept by an earlier test under the same key
    (same build, same code) would hide what this one changes (a budget, a setting)."""
    from django.core.cache import cache

    cache.clear()
    yield


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


@pytest.fixture
def tiny_corpus(tmp_path) -> Path:
    """A writable corpus holding only the tiny report (and the real glossary): builds in
    a fraction of a second, for the mechanics of building, swapping and serving."""
    target = tmp_path / "tiny-corpus"
    shutil.copytree(TINY, target)
    shutil.copy(CORPUS / "glossary.tsv", target)
    return target


@pytest.fixture
def tiny_index(tiny_corpus, tmp_path):
    """The tiny corpus built into its own index folder: (corpus, index, BuildResult)."""
    index = tmp_path / "var" / "index"
    return tiny_corpus, index, build_index(tiny_corpus, index)


def xpath(page: str, path: str) -> list:
    """Elements, attributes or texts of an HTML page, selected by XPath (lxml)."""
    import lxml.html

    return lxml.html.fromstring(page).xpath(path)


def texts(page: str, path: str) -> list[str]:
    """The whitespace-normalised text of each element ``path`` selects."""
    return [" ".join(element.text_content().split()) for element in xpath(page, path)]


def line_of(path: Path, needle: str) -> int:
    """The 1-based number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory) -> Iterator[Path]:
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


@pytest.fixture
def get(client, index_dir):
    """GET a page of the session's index with Django's test client (headers by name:
    ``get(url, HX_Request="true")``)."""
    def fetch(url, **headers):
        return client.get(url, headers=headers)

    return fetch


@pytest.fixture(scope="session")
def snapshot(index_dir):
    from search.engine.snapshot import open_snapshot

    return open_snapshot(index_dir)


@pytest.fixture(scope="session")
def live_url(index_dir):
    """The app served over HTTP from a thread, on the session's index (no database, so
    not pytest-django's live_server, whose teardown flushes one)."""
    from django.test.testcases import LiveServerThread

    # served as in production: whitenoise, from the collected files
    thread = LiveServerThread("localhost", static_handler=lambda app: app)  # type: ignore[arg-type]
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://localhost:{thread.port}"
    thread.terminate()


# --------------------------------------------------------------------------- browsers


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, driven by Playwright (its own download does not work
    here); the tests that use it are marked ``needs_chromium``."""
    from playwright.sync_api import sync_playwright

    from tests.browsing import ARGS, CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_url):
    """A desktop page in Chinese on the live server; fails the test on any JavaScript
    error or blocked resource."""
    from tests.browsing import DESKTOP

    context = browser.new_context(locale="zh-CN", base_url=live_url, viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == []  # no JavaScript error, no blocked resource, on any page
