"""English readers first on /en/: the English titles are the links and the labels, the
Chinese comes second and is marked as Chinese (lang="zh-Hans"), so that a screen reader
switches voice and a reader knows which text is the original."""

from __future__ import annotations

import pytest

from tests.browsing import SLUG, needs_chromium

pytestmark = needs_chromium

ENGLISH_PAGES = {
    "library-home": "/en/",
    "results": "/en/search/?q=智慧城市",
    "also-searched": "/en/search/?q=量子计算",
    "policy-results": "/en/search/?q=policy&kind=policy",
    "zero-results": "/en/search/?q=zzqqxx",
    "page-past-the-end": "/en/search/?q=人工智能&page=999",
    "contents": f"/en/{SLUG}/",
    "chapter": f"/en/{SLUG}/3/",
    "section": f"/en/{SLUG}/3.1.1.3/?q=政策",
    "side-by-side": f"/en/{SLUG}/3.1.1/?text=both",
    "chinese-original": f"/en/{SLUG}/3.1.1/?text=zh",
    "table": f"/en/{SLUG}/fig-15/",
    "table-side-by-side": f"/en/{SLUG}/fig-15/?text=both",
    "policy": f"/en/{SLUG}/fig-15-p3/",
    "policies": f"/en/{SLUG}/policies/",
    "not-found": f"/en/{SLUG}/9.9.9/",
}

# Every text node of the page with a Chinese character (or Chinese punctuation) that no
# element marked lang="zh…" holds. <noscript> is not rendered with a script on.
UNMARKED_CHINESE = r"""() => {
  const chinese = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!chinese.test(node.data)) continue;
    const element = node.parentElement;
    if (element.closest('noscript, script, style')) continue;
    const marked = element.closest('[lang]');
    if (marked && /^zh/i.test(marked.getAttribute('lang'))) continue;
    found.push(element.tagName.toLowerCase() + '.' + element.getAttribute('class') + ': '
               + node.data.trim().slice(0, 60));
  }
  return found;
}"""


@pytest.fixture(scope="module")
def reader(browser, live_url):
    """A page of its own: the 404 pages log their status as a console error."""
    context = browser.new_context(base_url=live_url, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", list(ENGLISH_PAGES))
def test_chinese_on_english_pages_is_always_marked_as_chinese(reader, name):
    reader.goto(ENGLISH_PAGES[name])
    assert reader.evaluate(UNMARKED_CHINESE) == []


def chinese_in(page, selector: str) -> list[str]:
    """The texts of the elements ``selector`` matches that contain a Chinese character."""
    return page.evaluate(r"""selector => Array.from(document.querySelectorAll(selector))
        .map(element => element.textContent.trim())
        .filter(text => /[\u3400-\u9fff]/.test(text))""", selector)


def test_the_english_contents_link_the_english_titles(page):
    page.goto(f"/en/{SLUG}/")
    heading = page.locator("h1")
    assert heading.inner_text() == "The White Book on the Development of Artificial " \
                                   "Intelligence in 2023"
    assert chinese_in(page, ".toc a") == []
    assert page.locator(".toc a").first.inner_text() == "Preface"
    # the Chinese title is there, second, for a reader holding the printed report
    chinese = page.locator(".toc a >> xpath=following-sibling::*[@lang='zh-Hans']").first
    assert chinese.inner_text() == "前言"


def test_english_breadcrumbs_and_neighbours_are_english_links(page):
    page.goto(f"/en/{SLUG}/3.1.1.3/")
    assert chinese_in(page, ".crumbs a") == []
    assert page.locator(".crumbs a").first.inner_text().startswith("The White Book")
    assert chinese_in(page, ".prev-next a") == []


def test_the_side_by_side_contents_are_english_on_english_pages(page):
    page.goto(f"/en/{SLUG}/3.1.1/?text=both")
    assert chinese_in(page, "[data-page-contents] a") == []
    assert page.locator("[data-page-contents] a").nth(1).inner_text() \
        == "3.1.1.1 The Largest Number of Pan-AI Companies in the World"


def test_english_labels_on_the_search_page(page):
    page.goto("/en/search/?q=policy&kind=policy")
    regions = page.locator("[aria-labelledby=facet-region] a")
    assert regions.count() > 5
    assert chinese_in(page, "[aria-labelledby=facet-region] .label") == []
    # "United States", then the report's own name, marked as Chinese
    assert regions.first.locator(".label").inner_text() == "United States"
    assert regions.first.locator("[lang=zh-Hans]").inner_text() == "美国"
    assert page.locator("#q").get_attribute("placeholder") == \
        "e.g. quantum machine learning, computer vision, smart healthcare"
    assert chinese_in(page, "#search-help") == []
    assert chinese_in(page, ".site-footer") == []


def test_english_breadcrumbs_that_wrap_stay_24px_targets(page):
    """English crumbs are shorter links on more lines: the lines stay 24 px apart (WCAG
    2.5.8), as Lighthouse's target-size audit checks."""
    page.goto(f"/en/{SLUG}/fig-15-p3/")
    heights = page.locator(".crumbs a").evaluate_all(
        "links => links.map(a => parseFloat(getComputedStyle(a).lineHeight))")
    assert heights and min(heights) >= 24
