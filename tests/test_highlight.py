"""Marking text: ``render`` escapes a passage and wraps what the spans cover."""

from __future__ import annotations

from html import escape

from hypothesis import given
from hypothesis import strategies as st

from search.query.highlight import render


def covered(spans, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def by_definition(text: str, marks, emphasis, answers) -> str:
    """Every span edge cuts the text; a piece is emphasised, an answer or a match when a
    span of that kind covers it (an answer's mark wins over a match's)."""
    points = sorted({0, len(text)} | {p for s, e in (*marks, *emphasis, *answers)
                                      for p in (s, e) if 0 <= p <= len(text)})
    out = []
    for start, end in zip(points, points[1:], strict=False):
        piece = escape(text[start:end])
        if covered(emphasis, start, end):
            piece = f"<strong>{piece}</strong>"
        if covered(answers, start, end):
            piece = f'<mark class="answer">{piece}</mark>'
        elif covered(marks, start, end):
            piece = f"<mark>{piece}</mark>"
        out.append(piece)
    return "".join(out)


spans = st.lists(st.tuples(st.integers(-3, 20), st.integers(-3, 20)), max_size=4)


@given(st.text(alphabet="ab <&\"人工", max_size=16), spans, spans, spans)
def test_render_marks_what_the_spans_cover(text, marks, emphasis, answers):
    assert render(text, marks, emphasis, answers) == \
        by_definition(text, marks, emphasis, answers)


def test_render_escapes_and_marks():
    assert render("a<b>人工智能", [(3, 7)], answers=[(5, 7)]) == \
        'a&lt;b<mark>&gt;人</mark><mark class="answer">工智</mark>能'
