"""What a snapshot's searches consult, prepared once per snapshot, before any search's
budget starts counting."""

from __future__ import annotations

from search.query.budget import Budget
from search.query.prepared import prepared
from search.query.searching import search


def test_a_snapshot_is_prepared_once(snapshot):
    assert prepared(snapshot) is prepared(snapshot)


def test_what_is_prepared(snapshot):
    prep = prepared(snapshot)
    assert prep.resources.lexicon.known("人工智能")
    assert prep.resources.english.known("strategi")
    assert "上海" in prep.resources.places
    assert prep.titles["量子机器学习推动机器学习更进一步"] == (("ai-whitepaper-2023", "7.2"),)
    assert "policy" in prep.known_values["kind"]
    assert prep.doc_sets.everything == frozenset(range(len(snapshot.records)))


def test_suggestions_are_built_on_first_use_for_each_language(snapshot):
    prep = prepared(snapshot)
    chinese, english = prep.suggestions(False), prep.suggestions(True)
    assert chinese is prep.suggestions(False)
    assert {s.text for s in chinese} == {s.text for s in english}
    notes = {s.text: s.note for s in english}
    assert notes["量子机器学习推动机器学习更进一步"] == \
        "Quantum Machine Learning Takes Machine Learning a Step Further"
    assert {s.text: s.note for s in chinese}["量子机器学习推动机器学习更进一步"] == ""


def test_a_first_search_spends_its_budget_on_itself(tiny_index):
    from search.engine.snapshot import open_snapshot

    _corpus, index, _result = tiny_index
    fresh = open_snapshot(index)
    budget = Budget()
    search(fresh, "人工智能 政策", budget=budget)
    assert not budget.spent
    assert budget.steps < 100
