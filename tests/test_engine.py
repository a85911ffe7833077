"""The engine's interface (``search/engine/plan.py``): what a plan matches, how its parts
score, term statistics and more-like-this — on the session's index of the real report."""

from __future__ import annotations

import pytest

from search.engine.plan import AllOf, AnyOf, BestOf, Near, Phrase, Term, WithBonus, terms_of
from search.engine.spans import near


def docs_with(snapshot, field, text):
    return snapshot.matching(Term(field, text))


def test_a_term_matches_the_documents_that_have_it(snapshot):
    found = docs_with(snapshot, "body", "芯片")
    assert found
    assert all("芯片" in snapshot.records[d].text for d in found)
    assert len(found) == snapshot.doc_frequency("body", "芯片")


def test_all_any_and_best_are_intersection_and_union(snapshot):
    chips, quantum = docs_with(snapshot, "body", "芯片"), docs_with(snapshot, "body", "量子")
    both = (Term("body", "芯片"), Term("body", "量子"))
    assert snapshot.matching(AllOf(both)) == chips & quantum
    assert snapshot.matching(AnyOf(both)) == chips | quantum
    assert snapshot.matching(BestOf(both)) == chips | quantum


def test_a_bonus_never_adds_a_document(snapshot):
    required, bonus = Term("body", "量子"), Term("body", "芯片")
    node = WithBonus(required, bonus)
    assert snapshot.matching(node) == snapshot.matching(required)
    docs = sorted(snapshot.matching(AnyOf((required, bonus))))
    assert set(snapshot.score(node, docs)) == snapshot.matching(required)


def test_best_of_scores_the_best_part_any_of_adds_them(snapshot):
    parts = (Term("body", "人工智能"), Term("title", "人工智能", 3.0))
    docs = sorted(snapshot.matching(AllOf(parts)))
    assert docs, "some section has 人工智能 in its heading and its text"
    best, added = snapshot.score(BestOf(parts), docs), snapshot.score(AnyOf(parts), docs)
    alone = [snapshot.score(part, docs) for part in parts]
    for doc in docs:
        assert best[doc] == pytest.approx(max(a[doc] for a in alone))
        assert added[doc] == pytest.approx(sum(a[doc] for a in alone))


def test_best_of_never_scores_a_part_a_document_lacks(snapshot):
    """Whoosh's DisjunctionMax scored a passage with a title it doesn't have."""
    title_only = Term("title", "量子机器学习", 3.0)
    body = Term("body", "芯片")
    docs = sorted(snapshot.matching(body) - snapshot.matching(title_only))[:20]
    exact = snapshot.rescore(BestOf((body, title_only)), docs)
    plain = snapshot.rescore(body, docs)
    assert exact and exact == pytest.approx(plain)


def test_a_phrase_of_bigrams_is_an_exact_substring(snapshot):
    grams = tuple(t.term for t in snapshot.analyzer.grams("数字孪生"))
    found = snapshot.matching(Phrase("grams", grams))
    assert found
    assert all("数字孪生" in snapshot.records[d].text for d in found)
    scrambled = snapshot.matching(Phrase("grams", tuple(reversed(grams))))
    assert not scrambled


def test_rescoring_adds_what_positions_tell(snapshot):
    words = ("人工智能", "芯片")
    base = AllOf(tuple(Term("body", w) for w in words))
    near = WithBonus(base, Near("body", words, 5, 1.0))
    docs = sorted(snapshot.matching(base))[:30]
    plain, exact = snapshot.score(base, docs), snapshot.rescore(near, docs)
    assert set(exact) == set(docs)
    assert all(exact[d] >= plain[d] - 1e-9 for d in docs)
    assert any(exact[d] > plain[d] + 1e-9 for d in docs)


@pytest.mark.parametrize("part", [
    Near("body", ("人工智能", "芯片"), 5, 1.0),
    Near("body", ("芯片", "人工智能", "产业"), 5, 1.0),  # any order, a chain of three
    Near("body", ("人工智能", "人工智能"), 1, 1.0),  # a word next to itself
    Phrase("grams", ("数字", "字孪", "孪生"), 0.5),
    Phrase("grams", ("生数", "数字"), 1.5),  # rarely in this order
    Phrase("body_en", ("artifici", "intellig"), 1.5),
    Phrase("body", ("人工智能", "人工智能"), 2.0),  # the same word twice in a row
], ids=repr)
def test_phrase_and_proximity_bonuses_are_what_whoosh_span_queries_score(snapshot, part):
    """The bonuses are computed from positions read once (``engine.spans``), not with
    Whoosh's span matchers: the same documents get the same scores."""
    base = AnyOf(tuple(Term(part.field, t) for t in part.terms))
    docs = sorted(snapshot.matching(base))[:300]
    ours = snapshot.positional(WithBonus(base, part), docs)
    whoosh = snapshot.rescore(part, docs)
    assert ours.keys() == whoosh.keys()
    assert ours == pytest.approx(whoosh, rel=1e-12)


def test_several_bonuses_add_up_in_the_documents_that_have_them(snapshot):
    grams = tuple(t.term for t in snapshot.analyzer.grams("人工智能芯片"))
    phrase, nearby = Phrase("grams", grams), Near("body", ("芯片", "产业"), 5, 1.0)
    base = Term("body", "芯片")
    docs = sorted(snapshot.matching(base))
    ours = snapshot.positional(WithBonus(WithBonus(base, phrase), nearby), docs)
    alone = [snapshot.rescore(part, docs) for part in (phrase, nearby)]
    assert alone[0] and alone[1] and set(alone[0]) != set(alone[1])
    assert ours.keys() == alone[0].keys() | alone[1].keys()
    assert ours == pytest.approx({d: sum(a.get(d, 0.0) for a in alone) for d in ours})


def test_the_positions_kept_for_phrases_are_bounded(snapshot, monkeypatch):
    from search.engine import spans

    monkeypatch.setattr(spans, "POSITIONS_KEPT", 40)
    part = Near("body", ("人工智能", "发展"), 5, 1.0)
    base = AnyOf(tuple(Term("body", t) for t in part.terms))
    docs = sorted(snapshot.matching(base))[:200]
    first = snapshot.positional(WithBonus(base, part), docs)
    again = snapshot.positional(WithBonus(base, part), docs)
    assert first and first == again == snapshot.rescore(part, docs)
    kept = snapshot.statistics.positions
    assert snapshot.statistics.positions_held == sum(map(len, kept.values()))
    assert snapshot.statistics.positions_held <= 40 or len(kept) == 1


@pytest.mark.parametrize(("lists", "slop", "ordered", "expected"), [
    ([[3], [4]], 1, True, True),  # next to each other
    ([[4], [3]], 1, True, False),  # …but in the other order
    ([[4], [3]], 1, False, True),  # which proximity allows
    ([[3], [3]], 5, False, False),  # the same position is not near (distance 0)
    ([[1], [6]], 5, False, True),  # five apart: within the slop
    ([[1], [7]], 5, False, False),  # six apart: not
    ([[1, 20], [21], [22]], 1, True, True),  # the chain starts at the second position
    ([[1], [2], [9]], 5, False, False),  # the third too far from the first two
    ([[5], [1], [9]], 4, False, True),  # on both sides of the first
    ([[], [1]], 5, False, False),
])
def test_near_is_spans_one_to_slop_apart(lists, slop, ordered, expected):
    assert near(lists, slop, ordered) is expected


def test_term_statistics(snapshot):
    terms = dict(snapshot.terms("body"))
    assert terms["芯片"] == snapshot.doc_frequency("body", "芯片")
    assert snapshot.terms("no such field") == []
    assert snapshot.has_field("body_en") and not snapshot.has_field("nope")
    prefixed = snapshot.expand_prefix("title_grams", "人", 3)
    assert 0 < len(prefixed) <= 3 and all(t.startswith("人") for t in prefixed)
    assert prefixed == sorted(prefixed)


def test_more_like_this_stays_within(snapshot):
    record = snapshot.record("ai-whitepaper-2023", "7.2")
    within = AllOf((Term("kind", "section"), Term("report", "ai-whitepaper-2023")))
    found = snapshot.more_like(snapshot.by_key[record.key], "body", record.text, 5, within)
    assert 0 < len(found) <= 5
    assert all(snapshot.records[d].kind == "section" for d in found)


def test_a_plan_tells_how_many_terms_it_names():
    plan = WithBonus(AllOf((Term("body", "a"), Term("body", "b"))),
                     AnyOf((Phrase("grams", ("ab", "bc")), Near("body", ("a", "b"), 5))))
    assert terms_of(plan) == 6
