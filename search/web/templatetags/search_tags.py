"""Template filters for the report's own conventions."""

import re

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def page_span(pages) -> str:
    """(20, 25) → "pp. 20–25"; (101, 101) → "p. 101"; nothing when pages are unknown."""
    if not pages:
        return ""
    first, last = pages
    if first == last:
        return _("p. %(page)s") % {"page": first}
    return _("pp. %(first)s–%(last)s") % {"first": first, "last": last}


@register.filter
def localized(meta, field: str) -> str:
    """A report's ``field`` in the interface's language: ``publisher_en`` in English
    (when the metadata has it), else the original."""
    from search.web.labels import english_ui

    if english_ui():
        return getattr(meta, f"{field}_en", "") or getattr(meta, field)
    return getattr(meta, field)


@register.simple_tag(takes_context=True)
def caption_label(context, block) -> str:
    """"图表 15：" — or, on a page in English, "Table 15: " / "Figure 15: "."""
    if context.get("english_labels"):
        if block.table is not None:
            return f"Table {block.table.number}: "
        return f"Figure {block.figure.number}: "
    unit = block.table if block.table is not None else block.figure
    return f"图表 {unit.number}："


@register.filter
def section_number(section, english: bool) -> str:
    """The number a heading shows: the report's own (（三）, 1.) in Chinese, the id's
    followed by a space in English ("3.1.1.3 " — else it runs into the title when the
    heading is copied or read aloud); nothing for the front and back matter."""
    if english:
        return f"{section.id} " if section.id[:1].isdigit() else ""
    return section.number


@register.filter
def heading_level(depth: int) -> int:
    """An inline subsection's heading level: depth 1 is an h2, capped at h6."""
    return min(int(depth) + 1, 6)


@register.filter
def html_lang(language: str) -> str:
    """A hit's language ("zh", "en") as an HTML ``lang`` value."""
    return "en" if language == "en" else "zh-Hans"


@register.filter
def lang_of(text: str) -> str:
    """``lang`` for a word of either language: Chinese if it has a Chinese character."""
    from search.language.analysis import is_cjk

    return "zh-Hans" if is_cjk(text) else "en"


# Chinese characters and Chinese punctuation (、（）《》：)
_CHINESE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _other_lang(text: str) -> str:
    """``text``'s language when it is not the page's ("zh-Hans" on an English page, "en"
    on a Chinese one), else "" (the same, or no words: 2019)."""
    from search.web.labels import english_ui

    if _CHINESE.search(text):
        return "" if not english_ui() else "zh-Hans"
    if any(c.isascii() and c.isalpha() for c in text):
        return "" if english_ui() else "en"
    return ""


@register.filter
def in_lang(text) -> SafeString:
    """``text`` (a title, a query, a label), in a span saying its language when that is
    not the page's: "Source: <span lang="zh-Hans">2023 人工智能发展白皮书</span>"."""
    lang = _other_lang(str(text))
    if not lang:
        return format_html("{}", text)
    return format_html('<span lang="{}">{}</span>', lang, text)


_CJK_CLASS = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
# a run of Chinese, with the digits and spaces inside it ("2023 人工智能发展白皮书")
_CHINESE_RUN = re.compile(f"[{_CJK_CLASS}](?:[{_CJK_CLASS}\\d ]*[{_CJK_CLASS}])?")


@register.filter
def chinese_runs(text) -> SafeString:
    """Mixed text (an English citation quoting a Chinese title), escaped, each run of
    Chinese in a span saying so; as it is on a Chinese page."""
    from search.web.labels import english_ui

    text = str(text)
    if not english_ui():
        return format_html("{}", text)
    out, at = [], 0
    for match in _CHINESE_RUN.finditer(text):
        out.append(escape(text[at:match.start()]))
        out.append(format_html('<span lang="zh-Hans">{}</span>', match.group()))
        at = match.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # built here from escaped pieces


@register.filter
def lang_attr(text) -> SafeString:
    """`` lang="…"`` for an element holding ``text``, when its language is not the
    page's; nothing otherwise."""
    lang = _other_lang(str(text))
    return format_html(' lang="{}"', lang) if lang else mark_safe("")


@register.filter
def document_kind(meta) -> str:
    """What a document is, in the interface's language: 报告, 法律 …"""
    from search.web.labels import DOCUMENT_KIND_LABELS

    return str(DOCUMENT_KIND_LABELS.get(meta.kind, meta.kind))


# --------------------------------------------------------------------------- kept markup

KEPT_FRAGMENTS = 256  # (a few fragments × languages × builds; emptied when full)
_kept: dict[tuple, SafeString] = {}


class KeptNode(template.Node):
    def __init__(self, name: str, nodelist: template.NodeList) -> None:
        self.name = name
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        from django.urls import get_script_prefix
        from django.utils.translation import get_language

        from search.engine.snapshot import IndexUnavailable
        from search.web.serving import current_snapshot, release

        try:
            build = current_snapshot().path.name
        except IndexUnavailable:
            return self.nodelist.render(context)
        key = (self.name, get_language(), get_script_prefix(), build, release())
        found = _kept.get(key)
        if found is None:
            if len(_kept) >= KEPT_FRAGMENTS:
                _kept.clear()
            found = _kept[key] = mark_safe(self.nodelist.render(context))  # rendered here
        return found


@register.tag
def kept(parser: template.base.Parser, token: template.base.Token) -> KeptNode:
    """``{% kept "name" %}…{% endkept %}``: markup that is the same for every request in
    one language, under one script prefix, of one release and index build (a page's
    head, its footer), rendered once per process. What it holds must not read the
    request or the query — a test renders five different pages in both languages and
    finds the same kept markup."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("{% kept %} takes one quoted name")
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(bits[1][1:-1], nodelist)
