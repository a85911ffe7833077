"""axe-core (axe-playwright-python) over every kind of page, in both languages, on a desk
and on a phone: no violation, colour contrast included."""

from __future__ import annotations

import pytest

from tests.browsing import DESKTOP, PHONE, SLUG, needs_chromium

pytestmark = needs_chromium

PAGES = {
    "home": "/",
    "results": "/search/?q=人工智能芯片",
    "zero-results": "/search/?q=zzqqxx",
    # what the query asked for: chips, an answer card, what the report doesn't cover
    "understood": "/search/?q=2019年英国出台的人工智能政策",
    "answer": "/search/?q=2022年日本新成立了多少家泛人工智能企业",
    "missing": "/search/?q=比特币挖矿 人工智能",
    "contents": f"/{SLUG}/",
    "section": f"/{SLUG}/3.1.1/?q=政策",
    "chapter": f"/{SLUG}/3/",
    "side-by-side": f"/{SLUG}/3.1.1/?text=both",
    "page-two": "/search/?q=人工智能&page=2&kind=bogus",
    "table": f"/{SLUG}/fig-15/",
    "policy": f"/{SLUG}/fig-15-p3/",
    "policies": f"/{SLUG}/policies/",
    "styles": f"/{SLUG}/fig-15-p3/cite/?find=chicago&style=chicago-author-date",
    "translator-note": f"/{SLUG}/4.2.1/?text=both",
    "not-found": f"/{SLUG}/9.9.9/",
}


def violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {node['target']} {node['failureSummary'][:160]}"
            for v in found for node in v["nodes"]]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(browser, live_url, name, language, viewport):
    context = browser.new_context(base_url=live_url,
                                  viewport=DESKTOP if viewport == "desktop" else PHONE)
    page = context.new_page()
    page.goto(language + PAGES[name])
    try:
        assert violations(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["dark"])
def test_no_contrast_violations_in_the_dark_theme(browser, live_url, scheme):
    context = browser.new_context(base_url=live_url, viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    for path in (PAGES["results"], PAGES["section"], PAGES["policies"], PAGES["answer"]):
        page.goto(path)
        assert violations(page) == []
    context.close()
