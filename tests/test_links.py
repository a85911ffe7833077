"""Links that change a search: they keep the rest of it and start again at page 1."""

from __future__ import annotations

from django.http import QueryDict
from hypothesis import given
from hypothesis import strategies as st

from search.web.links import with_params


def test_a_link_replaces_what_it_changes_and_keeps_the_rest():
    params = QueryDict("q=芯片&kind=table&page=3")
    assert with_params(params, kind=["policy", "table"]) == \
        "?q=%E8%8A%AF%E7%89%87&kind=policy&kind=table"
    assert with_params(params, kind=None) == "?q=%E8%8A%AF%E7%89%87"


def test_a_link_starts_again_at_page_one_unless_it_is_the_page():
    params = QueryDict("q=x&page=3")
    assert "page" not in with_params(params, sort="date")
    assert with_params(params, page="4") == "?q=x&page=4"
    assert with_params(QueryDict(""), q=None) == "?"


@given(st.lists(st.tuples(st.sampled_from(["q", "kind", "page", "sort", "region", "年"]),
                          st.text(max_size=8)), max_size=6),
       st.dictionaries(st.sampled_from(["q", "kind", "page", "sort", "chapter"]),
                       st.none() | st.text(max_size=6) | st.lists(st.text(max_size=6),
                                                                  max_size=3), max_size=3))
def test_a_link_is_encoded_as_django_encodes_the_query(pairs, changes):
    params = QueryDict(mutable=True)
    for key, value in pairs:
        params.appendlist(key, value)
    django = params.copy()  # what the link used to be built from
    django.pop("page", None)
    for key, value in changes.items():
        django.pop(key, None)
        if value:
            django.setlist(key, value if isinstance(value, list) else [value])
    assert with_params(params, **changes) == f"?{django.urlencode()}"
