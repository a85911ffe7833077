"""The policies page in a real browser: the timeline fits the page, its marks are 24 px
targets that do not overlap (WCAG 2.5.8), each says what it is when focused, a skip link
passes it, and the keyboard reaches it by one tab stop per year (arrow keys within)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browsing import PHONE, SLUG, needs_chromium, screenshot

pytestmark = needs_chromium

MARKS = ".timeline a[data-policy]"


def test_the_timeline_uses_the_width_of_the_page(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"/{SLUG}/policies/")
    timeline = page.locator(".timeline").bounding_box()
    drawn = page.locator(".timeline-grid").bounding_box()
    assert timeline is not None and drawn is not None
    assert drawn["width"] > 0.95 * timeline["width"] > 900
    context.close()


def test_every_mark_is_a_24px_target_apart_from_the_others(page):
    page.goto(f"/{SLUG}/policies/")
    boxes = page.locator(MARKS).evaluate_all(
        "marks => marks.map(m => { const r = m.getBoundingClientRect();"
        " return [r.left, r.top, r.right, r.bottom]; })")
    assert len(boxes) == 63
    assert all(right - left >= 24 and bottom - top >= 24
               for left, top, right, bottom in boxes)
    overlapping = [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                   if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5
                   and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5]
    assert overlapping == []


def test_a_focused_mark_says_which_policy_it_is(page):
    page.goto(f"/{SLUG}/policies/")
    mark = page.locator(MARKS).first
    mark.focus()
    label = page.locator(".timeline [data-mark-label]:visible")
    expect(label).to_have_count(1)
    name = mark.get_attribute("aria-label")
    assert name and label.inner_text() == name


def test_a_skip_link_passes_the_timeline(page):
    page.goto(f"/{SLUG}/policies/")
    skip = page.locator(".timeline a.skip-timeline")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("""() => {
        const timeline = document.querySelector('.timeline');
        const target = document.getElementById(location.hash.slice(1));
        return !!target &&
            !!(timeline.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('.timeline')")


def test_one_tab_stop_per_year_and_arrow_keys_within_it(page):
    page.goto(f"/{SLUG}/policies/")
    years = page.locator(MARKS).evaluate_all(
        "marks => [...new Set(marks.map(m => m.dataset.year))]")
    assert len(years) > 3
    page.locator(".timeline a.skip-timeline").focus()
    stops: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        year = page.evaluate("document.activeElement.matches('a[data-policy]') ?"
                             " document.activeElement.dataset.year : null")
        if year is None and stops:
            break
        if year is not None:
            stops.append(year)
    assert stops == years  # one stop each, in the order the page lists them
    first = page.locator(f"{MARKS}[data-year='{years[0]}']")
    if first.count() < 2:
        first = page.locator(f"{MARKS}[data-year='{years[-1]}']")
    first.first.focus()
    before = page.evaluate("document.activeElement.dataset.policy")
    page.keyboard.press("ArrowDown")
    after = page.evaluate("[document.activeElement.dataset.policy,"
                          " document.activeElement.dataset.year]")
    assert after[0] != before and after[1] == first.first.get_attribute("data-year")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.dataset.policy") == before


def test_on_a_phone_the_timeline_scrolls_and_its_rows_stay_named(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport=PHONE, is_mobile=True,
                                  has_touch=True, locale="zh-CN")
    page = context.new_page()
    page.goto(f"/{SLUG}/policies/")
    scroller = page.locator(".timeline-scroll")
    scroller.evaluate("element => element.scrollLeft = element.scrollWidth")
    assert scroller.evaluate("element => element.scrollLeft") > 0
    label = page.locator(".timeline-grid th[scope=row]").first.bounding_box()
    box = scroller.bounding_box()
    assert label is not None and box is not None and label["x"] >= box["x"] - 1
    scroller.evaluate("element => element.scrollLeft = 0")
    page.locator(".timeline").scroll_into_view_if_needed()
    screenshot(page, "timeline-phone")
    context.close()


def test_filter_values_with_nothing_to_show_are_not_links(page):
    page.goto(f"/{SLUG}/policies/?region=日本")
    empty = page.locator(".policy-filters li",
                         has=page.locator(".count", has_text=re.compile(r"^0$")))
    assert empty.count() > 0
    assert empty.locator("a").count() == 0
