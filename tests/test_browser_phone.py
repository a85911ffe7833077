"""Phones in a real browser: every kind of page fits the screen at 320 and 390 px (WCAG
1.4.10 Reflow: a table or a timeline scrolls inside its own box, never the page), the
header, the help text and the ¶ links leave room for the text. Screenshots of a
chapter, a table and the timeline go to test-artifacts/."""

from __future__ import annotations

import pytest

from tests.browsing import SLUG, needs_chromium, screenshot

pytestmark = needs_chromium

# one of each kind of page (the session's index serves two documents: a library)
PAGES = {
    "search": "/search/?q=智慧城市",
    "zero-results": "/search/?q=zzqqxx",
    "chapter": f"/{SLUG}/3/",
    "long-chapter": f"/{SLUG}/4/",
    "section": f"/{SLUG}/3.1.1.3/",
    "table": f"/{SLUG}/fig-15/",
    "policy": f"/{SLUG}/fig-15-p3/",
    "timeline": f"/{SLUG}/policies/",
    "contents": f"/{SLUG}/",
    "library-home": "/",
    "not-found": f"/{SLUG}/9.9.9/",
}


@pytest.fixture(scope="module", params=[320, 390], ids=lambda width: f"{width}px")
def phone(request, browser, live_url):
    context = browser.new_context(base_url=live_url, has_touch=True, is_mobile=True,
                                  viewport={"width": request.param, "height": 740})
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("language", ["", "/en"], ids=["zh", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_page_is_wider_than_a_phone(phone, name, language):
    phone.goto(language + PAGES[name])
    width = phone.viewport_size["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width

