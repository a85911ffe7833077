"""A search's budget (issue 19): the work a query costs is bounded whatever its text —
linear pinyin splitting, a step count and a CPU deadline, and the best answer found by
then, marked incomplete."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search.language.lexicon import LONGEST_SYLLABLE, MAX_PINYIN_CHARS, split_syllables, syllables
from search.query.budget import Budget
from search.query.searching import search

AMBIGUOUS = ["xian", "xi", "an", "fang", "fan", "gan", "ang", "e", "ne", "ng", "n", "g",
             "q", "v", "zhuang", "shuang", "a", "o"]
PINYINISH = st.lists(st.sampled_from(AMBIGUOUS) | st.text("aeinoughxz", max_size=3),
                     max_size=40).map("".join).map(lambda s: s[:MAX_PINYIN_CHARS])


def backtracking_split(text: str) -> list[str] | None:
    """The split as a reader makes it — longest syllable first, backtracking — written
    the obvious way (memoised, so it may be used as the reference)."""
    known = syllables()

    @cache
    def split(at: int) -> tuple[str, ...] | None:
        if at == len(text):
            return ()
        for size in range(min(LONGEST_SYLLABLE, len(text) - at), 0, -1):
            rest = split(at + size) if text[at:at + size] in known else None
            if rest is not None:
                return (text[at:at + size], *rest)
        return None

    found = split(0)
    return None if found is None else list(found)


@settings(max_examples=400, deadline=None)
@given(PINYINISH)
def test_splitting_pinyin_takes_linear_work(text):
    steps = [0]
    found = split_syllables(text, steps)
    assert steps[0] <= 2 * LONGEST_SYLLABLE * len(text)
    assert found == (backtracking_split(text) if text else None)


def test_the_ambiguous_run_that_took_40_seconds():
    text = "xian" * 12 + "q"
    steps = [0]
    assert split_syllables(text, steps) is None
    assert steps[0] <= 2 * LONGEST_SYLLABLE * len(text)
    assert split_syllables("xian" * 12) == ["xian"] * 12
    assert split_syllables("fangan") == ["fang", "an"]


def test_a_run_longer_than_any_word_is_not_pinyin():
    assert split_syllables("zhong" * 20) is None
    assert split_syllables("zhongguo") == ["zhong", "guo"]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PINYINISH.filter(bool), min_size=1, max_size=12).map(" ".join))
def test_a_search_of_pinyin_stays_within_its_steps(snapshot, text):
    budget = Budget(cpu_seconds=float("inf"))
    search(snapshot, text, budget=budget)
    assert not budget.spent
    assert budget.steps <= 2_000


def test_the_hostile_query_costs_few_steps(snapshot):
    budget = Budget(cpu_seconds=float("inf"))
    results = search(snapshot, "xian" * 12 + "q", budget=budget)
    assert budget.steps < 500
    assert not results.incomplete


def test_a_spent_budget_returns_the_best_so_far_marked(snapshot):
    full = search(snapshot, "人工智能 企业 融资 深圳 芯片 政策")
    cut = search(snapshot, "人工智能 企业 融资 深圳 芯片 政策", budget=Budget(max_steps=3))
    assert not full.incomplete
    assert cut.incomplete
    assert cut.hits, "a spent budget still answers"
    assert len(cut.words) < len(full.words)  # the concepts not reached were left out
    assert any("<mark>" in hit.snippet for hit in cut.hits)


def test_a_budget_is_spent_by_time_as_well_as_steps():
    budget = Budget(cpu_seconds=0.0)
    total = sum(range(100_000))  # some CPU time passes
    assert total and not budget.allows()
    assert budget.spent and not budget.allows()


def test_the_api_says_when_a_search_was_cut_short(client, index_dir, monkeypatch):
    import search.query.searching as query

    monkeypatch.setattr(query, "Budget", lambda: Budget(max_steps=2))
    payload = client.get("/api/search", {"q": "人工智能 企业 融资 深圳"}).json()
    assert payload["incomplete"] is True
    assert payload["results"]
    page = client.get("/search/", {"q": "人工智能 企业 融资 深圳"}).content.decode()
    assert "未能完整搜索" in page
    monkeypatch.undo()
    payload = client.get("/api/search", {"q": "人工智能"}).json()
    assert payload["incomplete"] is False
