"""What the browser tests share: Debian's chromium (or a visible skip naming the install
command; CI installs it and must not skip), where screenshots go, small page helpers. The
``browser`` and ``page`` fixtures are in conftest.py."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
SLUG = "ai-whitepaper-2023"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
MISSING = "Debian's chromium is not installed (apt-get install -y chromium)"

if CHROMIUM is None and os.environ.get("CI") == "true":
    raise RuntimeError(f"{MISSING}; .ci/run installs it, so CI must not skip these tests")

needs_chromium = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason=MISSING)]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def mark_page(page) -> None:
    """Tag the document: the tag survives htmx swaps but not a reload."""
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


class InputMethod:
    """A Chinese input method as Chromium sees one (CDP ``Input.imeSetComposition``): the
    pinyin is composed letter by letter (compositionstart, compositionupdate, input with
    isComposing), then the chosen characters are committed (compositionend)."""

    def __init__(self, page) -> None:
        self.page = page
        self.cdp = page.context.new_cdp_session(page)

    def compose(self, pinyin: str) -> None:
        for end in range(1, len(pinyin) + 1):
            self.cdp.send("Input.imeSetComposition", {
                "text": pinyin[:end], "selectionStart": end, "selectionEnd": end})

    def commit(self, characters: str) -> None:
        self.cdp.send("Input.insertText", {"text": characters})

    def type(self, pinyin: str, characters: str) -> None:
        self.compose(pinyin)
        self.commit(characters)
