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


@pytest.fixture
def phone_page(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844},
                                  has_touch=True, is_mobile=True, locale="zh-CN")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["", "/en"], ids=["zh", "en"])
def test_the_header_is_two_rows_at_most(phone_page, language):
    phone_page.goto(f"{language}/{SLUG}/3.1.1.3/")
    header = phone_page.locator(".site-header").bounding_box()
    brand = phone_page.locator(".brand").bounding_box()
    switch = phone_page.locator(".language").bounding_box()
    assert header is not None and brand is not None and switch is not None
    assert abs(brand["y"] + brand["height"] / 2 - (switch["y"] + switch["height"] / 2)) < 8
    assert header["height"] <= 110


def test_the_first_result_is_near_the_top(phone_page):
    phone_page.goto("/search/?q=智慧城市")
    assert phone_page.locator("#search-help").is_hidden()  # the results take its place
    first = phone_page.locator(".hit-list > .hit").first.bounding_box()
    assert first is not None and first["y"] < 420
    # the help is still there for a search that finds nothing
    phone_page.goto("/search/?q=zzqqxx")
    assert phone_page.locator("#search-help").is_visible()


def test_a_paragraph_link_ends_the_paragraph_instead_of_a_line_of_its_own(phone_page):
    phone_page.goto(f"/{SLUG}/3.1.1.3/")
    for paragraph in phone_page.locator(".para").all()[:5]:
        text = paragraph.locator("p").last.bounding_box()
        pilcrow = paragraph.locator(".pilcrow").bounding_box()
        assert text is not None and pilcrow is not None
        assert pilcrow["y"] + pilcrow["height"] / 2 < text["y"] + text["height"]


def test_screenshots_of_a_chapter_a_table_and_the_timeline(phone_page):
    for name, path in (("chapter-phone", f"/{SLUG}/3/"), ("table-phone", f"/{SLUG}/fig-15/"),
                       ("timeline-phone-page", f"/{SLUG}/policies/")):
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(phone_page, name)
