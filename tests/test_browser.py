"""The search page in a real browser: Playwright driving Debian's chromium headless against
a live server — typing, history, suggestions, filters, languages, phones, no JavaScript.
Screenshots go to test-artifacts/."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from playwright.sync_api import expect

from tests.browsing import (
    PHONE,
    SLUG,
    InputMethod,
    mark_page,
    needs_chromium,
    same_document,
    screenshot,
)

pytestmark = needs_chromium


def path_of(url: str) -> str:
    """``/search/?q=量子`` of a URL, decoded."""
    parts = urlsplit(url)
    return unquote(parts.path + (f"?{parts.query}" if parts.query else ""))


def test_typing_a_chinese_query_shows_highlighted_results_without_a_reload(page):
    page.goto("/")
    mark_page(page)
    page.locator("#q").press_sequentially("量子机器学习", delay=20)
    page.wait_for_selector("#results mark")
    assert page.locator("#results mark").first.inner_text() == "量子机器学习"
    assert same_document(page)
    assert "q=%E9%87%8F%E5%AD%90" in page.url  # the URL follows the search
    screenshot(page, "search")


def test_nothing_is_sent_while_an_input_method_composes(page):
    """A Chinese IME through real composition events (CDP): the pinyin being composed is
    never searched or suggested, even when the next composition starts before the
    debounce would fire; the search goes out once the last characters are committed."""
    page.goto("/")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(path_of(r.url))
            if "/search/" in r.url or "/api/suggest" in r.url else None)
    page.clock.install()  # the debounce runs on a clock the test moves
    page.locator("#q").focus()
    ime = InputMethod(page)
    ime.type("chengli", "成立")
    page.clock.run_for(100)  # the next word starts within the debounce…
    ime.type("budao", "不到")
    page.clock.run_for(100)
    ime.compose("wun")  # …and a third is still being composed, long after it
    page.clock.run_for(1500)
    assert sent == []
    assert "q=" not in page.url
    ime.commit("问")
    page.clock.run_for(400)
    page.wait_for_url("**q=*")
    expect(page.locator("#summary")).to_contain_text("成立不到问")
    assert sorted(sent) == ["/api/suggest?q=成立不到问", "/search/?q=成立不到问"]
    assert page.locator("#q").input_value() == "成立不到问"


def test_toggling_a_facet_updates_results_in_place_and_back_restores(page):
    page.goto("/search/?q=人工智能路线图")
    mark_page(page)
    first_url = page.url
    page.locator(".facets a", has_text="政策").first.click()
    page.wait_for_selector('.facets a[aria-current="true"]')
    assert "kind=policy" in page.url and same_document(page)
    assert all(badge == "政策" for badge in page.locator(".hit .badge").all_inner_texts())
    page.go_back()
    page.wait_for_url(lambda url: "kind=policy" not in url)
    assert page.url == first_url
    page.wait_for_selector(".hit .badge:text('章节'), .hit .badge:text('表格')")


def test_opening_a_result_lands_on_the_highlighted_section(page):
    page.goto("/search/?q=柔性生产线")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(f"**/{SLUG}/5.1.2/**")
    first = page.locator("#first-match")
    # the word, or its synonym in the report's own list (产线柔性配置 即为柔性生产线)
    assert first.inner_text() in {"柔性生产线", "柔性", "产线柔性配置"}
    assert first.is_visible()
    assert page.evaluate("document.getElementById('first-match').getBoundingClientRect().top") \
        < page.viewport_size["height"]
    screenshot(page, "section")


def test_switching_language(page):
    page.goto(f"/{SLUG}/3.1.1.3/")
    page.locator('.language a[hreflang="en"]').click()
    page.wait_for_selector("text=A Wave of Dedicated AI Policy Documents")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.url.endswith(f"/en/{SLUG}/3.1.1.3/")
    page.locator('.language a[hreflang="zh-Hans"]').click()
    page.wait_for_selector("text=白皮书搜索")
    assert page.url.endswith(f"/{SLUG}/3.1.1.3/") and "/en/" not in page.url


def test_slash_focuses_the_search_box(page):
    page.goto(f"/{SLUG}/")
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "header-q"


def test_everything_works_with_javascript_off(browser, live_url):
    context = browser.new_context(locale="zh-CN", base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/")
    page.locator("#q").fill("智能客服")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert page.locator("#results mark").first.inner_text() == "智能客服"
    page.locator(".facets a", has_text="章节").first.click()
    page.wait_for_url("**kind=section**")
    page.locator(".hit h3 a").first.click()
    page.wait_for_url(f"**/{SLUG}/5.4.1/**")
    assert page.locator("mark").count() >= 2
    assert page.locator("#cite-gbt").inner_text().startswith("深圳市人工智能行业协会.")
    context.close()


def test_readable_on_a_phone(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844},
                                  locale="zh-CN")
    page = context.new_page()
    page.goto("/search/?q=智慧城市")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow
    screenshot(page, "search-phone")
    context.close()


# --------------------------------------------------------------------------- history


def history_length(page) -> int:
    return page.evaluate("history.length")


def test_typing_adds_one_history_entry_and_back_restores_box_and_results(page):
    page.goto("/")
    start = history_length(page)
    box = page.locator("#q")
    box.press_sequentially("vision", delay=380)  # slower than the 300 ms debounce:
    expect(page.locator("#summary")).to_contain_text("vision")  # a request per key
    assert history_length(page) == start + 1
    box.press("Enter")  # submitting what was typed does not add another entry
    page.wait_for_timeout(500)
    assert history_length(page) == start + 1
    typed_url = page.url
    page.locator(".facets a", has_text="章节").first.click()  # a filter does
    page.wait_for_selector('.facets a[aria-current="true"]')
    assert history_length(page) == start + 2
    assert page.title() == "vision · 白皮书搜索"
    page.go_back()
    page.wait_for_url(lambda url: "kind=" not in url)
    assert page.url == typed_url
    assert box.input_value() == "vision"
    assert "vision" in page.locator("#summary").inner_text()
    page.go_back()
    page.wait_for_url(lambda url: url.endswith("/") and "?" not in url)
    assert page.locator("#q").input_value() == ""


def test_back_and_forward_keep_box_results_and_address_together(page):
    page.goto("/search/?q=量子计算")
    summary, box = page.locator("#summary"), page.locator("#q")
    box.fill("机器人")
    box.press("Enter")
    page.wait_for_url("**q=%E6%9C%BA%E5%99%A8%E4%BA%BA")
    expect(summary).to_contain_text("机器人")
    for step, query in ((page.go_back, "量子计算"), (page.go_forward, "机器人"),
                        (page.go_back, "量子计算"), (page.go_forward, "机器人")):
        step()
        expect(summary).to_contain_text(f"“{query}”")
        assert unquote(page.url).endswith(f"?q={query}")
        expect(box).to_have_value(query)


def test_back_from_a_result_returns_to_where_the_reader_was(page):
    page.goto("/search/?q=人工智能")
    seventh = page.locator(".hit-list > .hit h3 a").nth(6)
    seventh.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 200)")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 600
    seventh.click()
    page.wait_for_url(f"**/{SLUG}/**")
    page.go_back()
    page.wait_for_url("**/search/?q=*")
    page.wait_for_function("y => Math.abs(window.scrollY - y) < 40", arg=scrolled)
    assert page.evaluate("document.activeElement.id") != "q"


def test_the_live_region_outside_the_results_announces_the_count(page):
    page.goto("/")
    live = page.locator("#live")
    assert live.get_attribute("role") == "status"
    page.locator("#q").fill("量子机器学习")
    page.locator("#q").press("Enter")
    page.wait_for_selector("#results mark")
    assert live.inner_text() == page.locator("#summary").inner_text().strip()
    assert live.inner_text().startswith("“量子机器学习”的搜索结果共")
    # the live region itself survived the update (a replaced region is not announced)
    assert page.evaluate("document.querySelector('#live').closest('#results') === null")


def test_focus_goes_to_the_result_count_after_a_filter_or_a_page(page):
    page.goto("/search/?q=人工智能")
    page.locator(".facets a", has_text="表格").first.click()
    page.wait_for_selector('.facets a[aria-current="true"]')
    expect(page.locator("#summary")).to_be_focused()
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url("**page=2**")
    expect(page.locator(".pagination .current")).to_have_text("2")
    expect(page.locator("#summary")).to_be_focused()


def test_results_come_before_the_filters_with_a_skip_link(page):
    page.goto("/search/?q=人工智能")
    order = page.evaluate("""() => {
        const hits = document.querySelector('.hits'), filters = document.querySelector('#filters');
        return hits.compareDocumentPosition(filters) & Node.DOCUMENT_POSITION_FOLLOWING;
    }""")
    assert order
    assert page.locator("a.skip-filters").get_attribute("href") == "#filters"
    # tabbing from the box reaches the first result before any filter
    page.locator("#q").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.hit, .facets')"):
            break
    assert page.evaluate("!!document.activeElement.closest('.hit')")


# --------------------------------------------------------------------------- languages


def test_switching_language_keeps_the_query_and_filters(page):
    page.goto("/")
    page.locator("#q").fill("芯片")
    page.locator("#q").press("Enter")
    page.wait_for_selector("#results mark")
    page.locator(".facets a", has_text="表格").first.click()
    page.wait_for_selector('.facets a[aria-current="true"]')
    page.locator('.language a[hreflang="en"]').click()
    page.wait_for_url("**/en/search/**")
    assert "kind=table" in page.url and page.locator("#q").input_value() == "芯片"
    assert page.locator('.facets a[aria-current="true"] .label').inner_text() == "Table"


def test_switching_language_without_javascript(browser, live_url):
    context = browser.new_context(base_url=live_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/search/?q=芯片&kind=table")
    page.locator('.language a[hreflang="en"]').click()
    page.wait_for_url("**/en/search/?q=*")
    assert "kind=table" in page.url and page.locator("#q").input_value() == "芯片"
    context.close()


# --------------------------------------------------------------------------- suggestions


def test_suggestions_by_keyboard(page):
    page.goto("/")
    box = page.locator("#q")
    box.press_sequentially("quantum mach", delay=30)
    listbox = page.locator("#suggestions")
    listbox.wait_for(state="visible")
    assert box.get_attribute("aria-expanded") == "true"
    options = listbox.locator("[role=option]")
    assert options.count() >= 1
    box.press("ArrowDown")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowUp")  # wraps to the last
    assert box.get_attribute("aria-activedescendant") == options.last.get_attribute("id")
    box.press("ArrowDown")
    chosen = first.get_attribute("data-value")
    box.press("Enter")
    page.wait_for_url("**q=**")
    assert box.input_value() == chosen
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"
    page.wait_for_selector("#results mark")
    box.fill("")
    box.press_sequentially("量子", delay=30)
    listbox.wait_for(state="visible")
    box.press("Escape")
    assert listbox.is_hidden()


def test_suggestions_stay_open_after_the_results_swap(page):
    """The results arrive after the suggestions: the list stays open until Escape, a blur
    or a choice (touch users have no arrow key to bring it back), and aria-expanded says
    whether it is open."""
    page.goto("/")
    page.clock.install()
    box, listbox = page.locator("#q"), page.locator("#suggestions")
    box.press_sequentially("quantum mach")
    page.clock.run_for(150)  # the suggestions are asked first…
    listbox.wait_for(state="visible")
    page.clock.run_for(300)  # …then the search
    expect(page.locator("#summary")).to_contain_text("quantum mach")
    page.clock.run_for(1000)
    assert listbox.is_visible() and box.get_attribute("aria-expanded") == "true"
    box.press("Escape")
    assert listbox.is_hidden() and box.get_attribute("aria-expanded") == "false"


def test_a_long_paste_is_cut_at_200_characters_and_says_so(page):
    page.goto("/")
    page.locator("#q").fill("人工智能" * 80)
    assert len(page.locator("#q").input_value()) == 200
    assert page.locator("[data-limit-note]").is_visible()


# --------------------------------------------------------------------------- phones


def test_on_a_phone_a_filters_button_opens_them_on_top(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.goto("/search/?q=人工智能&kind=table")
    filters = page.locator("#filters")
    assert filters.is_hidden()
    toggle = page.locator("[data-filters-toggle]")
    assert toggle.inner_text() == "筛选条件（1）"
    toggle.click()
    assert filters.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    hits = page.locator(".hit-list").bounding_box()
    box = filters.bounding_box()
    assert box is not None and hits is not None and box["y"] < hits["y"]
    # the text starts near the top: one header row, no six lines of breadcrumbs
    page.goto(f"/{SLUG}/3.1.1.3/")
    first = page.locator(".para p").first.bounding_box()
    assert first is not None and first["y"] < 600
    screenshot(page, "section-phone")
    context.close()


# --------------------------------------------------------------------------- the results page


def test_zero_results_say_one_thing_in_the_results_column(page):
    page.goto("/search/?q=zzqqxx")
    message = page.locator(".no-results p").first
    expect(message).to_have_text("报告中没有与“zzqqxx”匹配的内容。")  # a Chinese full stop
    assert page.locator(".results .notice").count() == 0  # not "these contain most of them"
    assert page.locator(".sort").count() == 0  # nothing to sort
    box, results = page.locator("#q").bounding_box(), message.bounding_box()
    assert box is not None and results is not None and abs(results["x"] - box["x"]) < 2


def test_an_unknown_filter_value_is_ignored_and_said(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="zh-CN")
    page = context.new_page()  # before: a 400, which the browser logs as an error
    response = page.goto("/search/?q=芯片&kind=bogus")
    assert response is not None and response.status == 200
    expect(page.locator(".notice.ignored")).to_contain_text("kind=bogus")
    assert page.locator(".hit").count() > 0
    # the links of the page no longer carry it
    assert page.locator("a[href*='bogus']").count() == 0
    context.close()


def test_a_page_past_the_last_links_to_the_last_page(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="zh-CN")
    page = context.new_page()  # a 404: the browser logs its status as an error
    page.goto("/search/?q=人工智能&page=999")
    last = page.locator("a[data-last-page]")
    number = int(last.get_attribute("data-last-page"))
    assert number > 1
    last.click()
    page.wait_for_url(f"**page={number}**")
    expect(page.locator(".pagination .current")).to_have_text(str(number))
    context.close()


def test_the_second_page_says_which_results_it_shows(page):
    page.goto("/search/?q=人工智能")
    total = int(page.locator("#summary strong, #summary").first.inner_text().split("共")[1]
                .split("条")[0].strip())
    page.locator(".pagination a[rel=next]").click()
    page.wait_for_url("**page=2**")
    expect(page.locator("#summary")).to_contain_text(f"第 11–20 条，共 {total} 条")
    page.goto("/en/search/?q=artificial+intelligence&page=2")
    expect(page.locator("#summary")).to_contain_text("11–20 of")


def test_the_policy_date_sort_is_offered_only_when_a_result_is_a_policy(page):
    page.goto("/search/?q=柔性生产线")  # sections only
    assert page.locator(".hit.kind-policy").count() == 0
    assert page.locator(".sort a", has_text="政策发布时间").count() == 0
    page.goto("/search/?q=人工智能+政策")
    assert page.locator(".sort a", has_text="政策发布时间").count() == 1


def test_the_sort_bar_stays_in_place_as_the_summary_changes(page):
    def sort_bar() -> dict:
        """Where its top right corner is on the page (not in the window, which scrolls;
        its width is that of the sorts offered)."""
        return page.locator(".sort").evaluate("""sort => {
            const box = sort.getBoundingClientRect();
            return {right: Math.round(box.right + scrollX), top: Math.round(box.top + scrollY)};
        }""")

    page.goto("/search/?q=芯片")
    short = sort_bar()
    page.goto("/search/?q=自动驾驶+汽车+人工智能芯片+算力+数据中心")  # a summary of two lines
    assert page.locator("#summary").evaluate("h => h.getBoundingClientRect().height") > 40
    assert sort_bar() == short
    page.goto("/search/?q=芯片")
    page.locator(".pagination a[rel=next]").click()  # a summary that says "11–12 of 12"
    page.wait_for_url("**page=2**")
    assert sort_bar() == short


def test_printed_results_use_the_whole_width_without_sort_or_filter_links(page):
    page.goto("/search/?q=人工智能")
    page.emulate_media(media="print")
    hits = page.locator(".hits").bounding_box()
    main = page.locator("main").bounding_box()
    assert hits is not None and main is not None and hits["width"] > 0.9 * main["width"]
    for selector in (".sort", ".facets", ".pagination", ".big-search"):
        assert page.locator(selector).is_hidden(), selector
