"""Reading and citing in a real browser: the match bar, paragraph and quote citations, the
contents sidebar, sticky table headers, print and dark mode (screenshots and a PDF go to
test-artifacts/)."""

from __future__ import annotations

import re
from urllib.parse import unquote

from playwright.sync_api import expect

from tests.browsing import ARTIFACTS, SLUG, needs_chromium, screenshot

pytestmark = needs_chromium


def test_copying_a_citation(page):
    page.goto(f"/{SLUG}/3.1.1.3/")
    page.locator('button[data-copy="#cite-gbt"]').click()
    page.wait_for_selector('button[data-copy="#cite-gbt"][data-state="copied"]')
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("深圳市人工智能行业协会. 人工智能专项政策文件密集发布[R/OL]//")
    assert copied.endswith(f"/{SLUG}/3.1.1.3/.") and ": 20-25[" in copied


def test_the_match_bar_steps_through_matches_by_keyboard(page):
    page.goto(f"/{SLUG}/3.1/?q=政策#first-match")
    position = page.locator("[data-match-position]")
    total = page.locator("mark[id]").count()
    assert total > 5
    assert position.inner_text() == f"1 / {total}"
    assert page.locator("mark.current").get_attribute("id") == "first-match"
    page.keyboard.press("n")
    page.keyboard.press("n")
    assert position.inner_text() == f"3 / {total}"
    current = page.locator("mark.current")
    assert current.get_attribute("id") == "m-3"
    page.wait_for_timeout(600)  # smooth scrolling
    box = current.bounding_box()
    assert box is not None and 0 < box["y"] < page.viewport_size["height"]
    page.keyboard.press("Shift+N")
    assert position.inner_text() == f"2 / {total}"
    page.keyboard.press("Shift+N")
    page.keyboard.press("Shift+N")
    assert position.inner_text() == f"{total} / {total}"  # wraps around
    page.locator("[data-match-step='1']").click()
    assert position.inner_text() == f"1 / {total}"
    # the match list is for readers without JavaScript
    assert not page.locator(".match-list").is_visible()


def test_the_first_match_is_shown_with_its_heading(page):
    page.goto(f"/{SLUG}/5/?q=孪生#first-match")
    page.wait_for_timeout(300)
    mark = page.locator("mark#first-match").bounding_box()
    heading = page.evaluate("""() => {
        const mark = document.getElementById('first-match');
        const part = mark.closest('section.part');
        return part.querySelector('h2, h3, h4, h5, h6').getBoundingClientRect().top;
    }""")
    assert mark is not None and 0 <= heading < mark["y"] < page.viewport_size["height"]
    screenshot(page, "matches")


def test_a_paragraph_link_retargets_the_citation(page):
    page.goto(f"/{SLUG}/3.1.1.1/")
    page.locator('[id="p-3.1.1.1-2"]').hover()
    page.locator('[id="p-3.1.1.1-2"] .pilcrow').click()
    page.wait_for_url("**#p-3.1.1.1-2")
    expect(page.locator("#permalink")).to_have_value(
        re.compile(rf"/{SLUG}/3\.1\.1\.1/#p-3\.1\.1\.1-2$"))
    expect(page.locator("#cite-gbt")).to_have_text(re.compile(r"#p-3\.1\.1\.1-2\.$"))
    ris = page.locator("a[data-export]").first.get_attribute("href")
    assert ris == f"/{SLUG}/3.1.1.1/cite.ris?paragraph=p-3.1.1.1-2"
    page.locator("[data-cite-whole]").click()
    expect(page.locator("#permalink")).to_have_value(re.compile(r"/3\.1\.1\.1/$"))


def test_a_paragraph_of_a_chapter_page_is_cited_through_its_section(page):
    """/3/ reads the whole chapter: its paragraph p-3.2.1.3-1 is cited as a part of
    section 3.2.1.3 (its title and pages), with files that exist (issue #24)."""
    page.goto(f"/{SLUG}/3/#p-3.2.1.3-1")
    expect(page.locator("#permalink")).to_have_value(
        re.compile(r"/3\.2\.1\.3/#p-3\.2\.1\.3-1$"))
    gbt = page.locator("#cite-gbt").inner_text()
    assert "[R/OL]//" in gbt and ": 19-52[" not in gbt
    hrefs = [a.get_attribute("href") for a in page.locator("a[data-export]").all()]
    assert hrefs[0] == f"/{SLUG}/3.2.1.3/cite.ris?paragraph=p-3.2.1.3-1"
    for href in hrefs:
        assert page.request.get(href).status == 200


SELECT = """([id, start, end]) => {
    const p = document.getElementById(id).querySelector('p');
    const text = p.firstChild;
    const from = typeof start === 'number' ? start : text.data.indexOf(start);
    const to = typeof end === 'number' ? end : text.data.indexOf(end, from) + end.length;
    const range = document.createRange();
    range.setStart(text, from);
    range.setEnd(text, to);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
}"""


def copied_text(page, button) -> str:
    """Click a quote-menu button and read what it put on the clipboard."""
    button.click()
    expect(button).to_have_text("已复制")
    return unquote(page.evaluate("navigator.clipboard.readText()"))


def test_selecting_text_offers_a_link_to_the_quote(page):
    page.goto(f"/{SLUG}/3.1.1.1/")
    page.evaluate(SELECT, ["p-3.1.1.1-1", 0, 12])
    menu = page.locator(".quote-menu")
    menu.wait_for(state="visible")
    link = copied_text(page, menu.locator("[data-quote=link]"))
    assert link.endswith(f"/{SLUG}/3.1.1.1/#p-3.1.1.1-1:~:text=基于强大的技术创新、丰富")
    quoted = copied_text(page, menu.locator("[data-quote=cite]"))
    assert quoted.startswith("“基于强大的技术创新、丰富” "
                             "深圳市人工智能行业协会. 泛人工智能企业数量居世界首位")
    assert "#p-3.1.1.1-1:~:text=" in quoted


def test_a_quote_ending_mid_word_links_to_its_paragraph_by_whole_words(page):
    """Chrome finds a text fragment only on word boundaries: the quote is widened to whole
    words (Intl.Segmenter), and the paragraph's anchor comes first, so that the link lands
    on the paragraph even where the text is not found — not at the top of a long chapter."""
    page.goto(f"/{SLUG}/3/")
    page.evaluate(SELECT, ["p-3.2.2.1-1", "速了人工", "人工智"])  # both ends mid-word
    menu = page.locator(".quote-menu")
    menu.wait_for(state="visible")
    link = copied_text(page, menu.locator("[data-quote=link]"))
    anchor, _, quote = link.partition(":~:text=")
    assert anchor.endswith(f"/{SLUG}/3/#p-3.2.2.1-1")
    assert quote.startswith("加速") and quote.endswith("人工智能")
    boundaries = page.evaluate("""([id, quote]) => {
        const text = document.getElementById(id).querySelector('p').textContent;
        const start = text.indexOf(quote), end = start + quote.length;
        const words = new Intl.Segmenter('zh', {granularity: 'word'}).segment(text);
        const edges = new Set([text.length]);
        for (const word of words) edges.add(word.index);
        return [start >= 0, edges.has(start), edges.has(end)];
    }""", ["p-3.2.2.1-1", quote])
    assert boundaries == [True, True, True]
    page.goto(link)  # a reader following the link
    paragraph = page.locator('[id="p-3.2.2.1-1"]')
    expect(paragraph).to_be_in_viewport()


def test_the_quote_menu_says_copied_only_when_the_clipboard_took_it(page):
    page.add_init_script("""navigator.clipboard.writeText =
        () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));""")
    page.goto(f"/{SLUG}/3.1.1.1/")
    page.evaluate(SELECT, ["p-3.1.1.1-1", 0, 12])
    menu = page.locator(".quote-menu")
    menu.wait_for(state="visible")
    button = menu.locator("[data-quote=link]")
    button.click()
    expect(button).to_have_text("无法复制")
    # the link is offered to copy by hand instead, selected
    manual = menu.locator("input[readonly]")
    expect(manual).to_be_visible()
    assert manual.input_value().endswith("#p-3.1.1.1-1:~:text=%E5%9F%BA%E4%BA%8E%E5%BC%BA"
                                         "%E5%A4%A7%E7%9A%84%E6%8A%80%E6%9C%AF%E5%88%9B"
                                         "%E6%96%B0%E3%80%81%E4%B8%B0%E5%AF%8C")


def test_switching_language_keeps_the_paragraph(page):
    page.goto(f"/{SLUG}/3.1.1.1/")
    page.locator('[id="p-3.1.1.1-2"]').hover()
    page.locator('[id="p-3.1.1.1-2"] .pilcrow').click()
    page.locator('.language a[hreflang="en"]').click()
    page.wait_for_url(f"**/en/{SLUG}/3.1.1.1/#p-3.1.1.1-2")
    expect(page.locator('[id="p-3.1.1.1-2"]')).to_be_in_viewport()


def test_switching_language_keeps_the_place_of_the_current_match(page):
    page.goto(f"/{SLUG}/3.1/?q=policy#first-match")  # 政策 in Chinese, policy in English
    for _ in range(5):
        page.keyboard.press("n")
    position = page.locator("[data-match-position]")
    expect(position).to_contain_text("6 / ")
    where = page.evaluate("document.querySelector('mark.current')"
                          ".closest('.para, figure, tr[id], .part-heading').id")
    page.locator('.language a[hreflang="en"]').click()
    page.wait_for_url(f"**/en/{SLUG}/3.1/?q=policy#{where}")
    expect(page.locator(f'[id="{where}"]')).to_be_in_viewport()
    # the match bar goes on from there: the next match is in or after that place
    page.keyboard.press("n")
    after = page.evaluate("""id => {
        const place = document.getElementById(id);
        const current = document.querySelector('mark.current');
        return place.contains(current) ||
            !!(place.compareDocumentPosition(current) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""", where)
    assert after


def test_the_contents_follow_the_reader(page):
    page.goto(f"/{SLUG}/3.1.1/")
    page.evaluate("document.getElementById('3.1.1.3').scrollIntoView()")
    page.wait_for_timeout(300)
    current = page.locator("[data-page-contents] a[aria-current]")
    assert current.get_attribute("href") == "#3.1.1.3"
    assert page.locator("[data-page-contents]").is_visible()


def test_the_contents_keep_the_current_section_in_view(page):
    page.goto(f"/{SLUG}/3/")
    page.evaluate("window.scrollTo(0, 11000)")
    page.wait_for_function("""() => {
        const nav = document.querySelector('[data-page-contents]');
        const current = nav.querySelector('a[aria-current]');
        if (!current) return false;
        const inner = nav.getBoundingClientRect(), item = current.getBoundingClientRect();
        return item.top >= inner.top && item.bottom <= inner.bottom
            && item.bottom <= window.innerHeight;
    }""")


def test_english_headings_have_a_space_after_their_number(page):
    page.goto(f"/en/{SLUG}/3.1.1/")
    heading = page.locator('[id="3.1.1.1"]')
    assert heading.inner_text().startswith("3.1.1.1 The Largest Number of Pan-AI Companies")
    assert page.locator("h1").inner_text().startswith("3.1.1 AI Development in the United")


def test_print_and_dark_mode(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport={"width": 1280, "height": 900},
                                  color_scheme="dark")
    page = context.new_page()
    page.goto(f"/{SLUG}/3.1.1.3/?q=人工智能")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 24, 29)"
    screenshot(page, "section-dark")
    page.emulate_media(media="print", color_scheme="light")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".match-bar").is_visible()
    assert page.locator(".citation.primary").is_visible()
    assert page.locator(".citation:not(.primary)").count() == 2
    assert not page.locator(".citation:not(.primary)").first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "section-print.pdf"), format="A4")
    screenshot(page, "section-print")
    context.close()


def test_a_long_table_keeps_its_header_in_view(page):
    page.goto(f"/{SLUG}/fig-15/")
    page.locator("#fig-15 .table-scroll").evaluate("element => element.scrollTop = 600")
    header = page.locator("#fig-15 thead th").first.bounding_box()
    box = page.locator("#fig-15 .table-scroll").bounding_box()
    assert header is not None and box is not None and abs(header["y"] - box["y"]) < 3


