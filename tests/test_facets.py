"""Facets: values of one facet are OR'ed, facets are AND'ed, and each facet's counts
honour the other facets' selections."""

from __future__ import annotations

from search.query.facets import Filters, accepted_values, build_doc_sets, count_facets
from search.query.prepared import prepared

SLUG = "ai-whitepaper-2023"


def test_the_documents_of_each_value(snapshot):
    sets = build_doc_sets(snapshot.records)
    policies = sets.values["kind"]["policy"]
    assert policies and all(snapshot.records[d].kind == "policy" for d in policies)
    assert sets.selection("region", ("英国", "日本")) == \
        sets.values["region"]["英国"] | sets.values["region"]["日本"]


def test_every_kind_is_accepted_even_one_the_corpus_lacks(snapshot):
    known = accepted_values(prepared(snapshot).doc_sets)
    assert "article" in known["kind"] and "bogus" not in known["kind"]


def test_a_facets_counts_ignore_its_own_selection(snapshot):
    sets = prepared(snapshot).doc_sets
    everything = sets.everything
    filters = Filters(kind=("policy",), region=("英国",))
    restrictions = {"kind": sets.selection("kind", filters.kind),
                    "region": sets.selection("region", filters.region)}
    counts = count_facets(sets, everything, filters, restrictions)
    kinds = {v.value: v for v in counts["kind"]}
    # counted within 英国: the policy kind is selected, the others still show
    assert kinds["policy"].selected and kinds["section"].count > 0
    regions = {v.value: v.count for v in counts["region"]}
    assert regions["英国"] == len(sets.values["kind"]["policy"] & sets.values["region"]["英国"])
    assert regions["日本"] > 0  # a sibling value never hidden by the selection


def test_years_newest_first(snapshot):
    counts = count_facets(prepared(snapshot).doc_sets, prepared(snapshot).doc_sets.everything,
                          Filters(), {})
    years = [v.value for v in counts["year"]]
    assert years == sorted(years, reverse=True)
