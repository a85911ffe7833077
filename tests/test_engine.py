"""The engine's interface (``search/engine/plan.py``): what a plan matches, how its parts
score, term statistics and more-like-this — on the session's index of the real report."""

from __future__ import annotations

import pytest

from search.engine.plan import AllOf, AnyOf, BestOf, Near, Phrase, Term, WithBonus, terms_of


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
