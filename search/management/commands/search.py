"""Search the index from a terminal, with the same engine and output as /api/search."""

import json
import re

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from search.engine.snapshot import IndexUnavailable
from search.query.facets import FILTERS
from search.web.api import search_payload
from search.web.forms import SearchForm
from search.web.serving import current_snapshot

_MARK = re.compile(r"<mark>(.*?)</mark>")
_TAG = re.compile(r"<[^>]+>")


class Command(BaseCommand):
    help = 'Search the report: python manage.py search "量子机器学习" [--kind policy] [--json]'

    def add_arguments(self, parser) -> None:
        parser.add_argument("q", nargs="?", default="")
        for facet in FILTERS:
            parser.add_argument(f"--{facet}", action="append", default=[])
        parser.add_argument("--sort", default="")
        parser.add_argument("--page", default="1")
        parser.add_argument("--per-page", default="10")
        parser.add_argument("--json", action="store_true", help="print the API's JSON")

    def handle(self, *args, **options) -> None:
        try:
            snapshot = current_snapshot()
        except IndexUnavailable as exc:
            raise CommandError(f"{exc}. Run `python manage.py build_index` first.") from None
        data = QueryDict(mutable=True)
        for facet in FILTERS:
            data.setlist(facet, options[facet])
        data.update({"q": options["q"], "sort": options["sort"], "page": options["page"],
                     "per_page": options["per_page"]})
        form = SearchForm(data, snapshot)
        outcome = form.outcome("command")
        results = outcome.results
        if results is None:
            raise CommandError(outcome.api_error(form.page_number))
        if options["json"]:
            self.stdout.write(json.dumps(search_payload(snapshot, results), ensure_ascii=False,
                                         indent=2))
            return
        self.print_results(results)

    def print_results(self, results) -> None:
        noun = "result" if results.total == 1 else "results"
        head = f"{results.total} {noun} for {results.query!r}" if results.query else \
            f"{results.total} {noun}"
        if results.expanded:
            head += f" (also searched: {', '.join(results.expanded)})"
        if results.fallback:
            head += " — no result has every word; showing results with any of them"
        self.stdout.write(head)
        first = (results.page - 1) * results.per_page
        for rank, hit in enumerate(results.hits, start=first + 1):
            crumbs = " › ".join(hit.breadcrumbs)
            self.stdout.write(self.style.SUCCESS(f"\n{rank}. {hit.title}") +
                              f"  [{hit.kind} {hit.report}/{hit.id}]")
            if crumbs:
                self.stdout.write(f"   {crumbs}")
            if hit.snippet:
                self.stdout.write(f"   {_terminal(hit.snippet)}")
        if results.pages > 1:
            self.stdout.write(f"\npage {results.page} of {results.pages}")


def _terminal(snippet: str) -> str:
    from html import unescape

    return unescape(_TAG.sub("", _MARK.sub(r"【\1】", snippet)))
