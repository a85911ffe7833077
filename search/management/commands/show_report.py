"""Print the parsed tree of each report in corpus/, for inspection."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.document.corpus import find_reports, load_report
from search.document.model import CorpusError
from search.engine.records import report_records


class Command(BaseCommand):
    help = "Show each report's tree (id, kind, title) as parsed from corpus/."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--corpus", type=Path, default=settings.CORPUS_DIR)
        parser.add_argument("--report", help="only the report with this slug")
        parser.add_argument("--json", action="store_true", help="one JSON document")

    def handle(self, *args, corpus: Path, report: str | None, json: bool, **options) -> None:
        try:
            sources = [s for s in find_reports(corpus) if report in (None, s.meta.slug)]
            reports = [load_report(source) for source in sources]
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        if not reports:
            raise CommandError(f"no report {report!r} in {corpus}" if report
                               else f"no reports in {corpus}")
        if json:
            self.stdout.write(_dump([_tree(r) for r in reports]))
            return
        for parsed in reports:
            self.stdout.write(f"{parsed.meta.slug}  {parsed.meta.title}")
            for record in report_records(parsed):
                depth = len(record.breadcrumbs) + 1
                pages = f"  p.{record.pages[0]}-{record.pages[1]}" if record.pages else ""
                label = f"{record.number}{record.title}" if record.kind == "section" else (
                    f"{record.number} {record.title}".strip())
                self.stdout.write(f"{'  ' * depth}{record.id:<12} {record.kind:<8} {label}"
                                  f"{pages if record.kind == 'section' else ''}")
            counts = parsed.counts()
            self.stdout.write("  " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def _tree(parsed) -> dict:
    nodes: dict[str, dict] = {}
    roots: list[dict] = []
    for record in report_records(parsed):
        node: dict = {"id": record.id, "kind": record.kind, "title": record.title,
                "number": record.number, "pages": record.pages, "children": []}
        nodes[record.id] = node
        (nodes[record.parent]["children"] if record.parent else roots).append(node)
    return {"slug": parsed.meta.slug, "title": parsed.meta.title, "counts": parsed.counts(),
            "sections": roots}


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
