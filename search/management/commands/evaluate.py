"""Run judged queries through the search engine: hit@k and MRR@10 per language group."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.document.model import CorpusError
from search.engine.snapshot import IndexUnavailable
from search.query.evaluation import evaluate, load_judgments, scores
from search.query.searching import search
from search.web.serving import current_snapshot


class Command(BaseCommand):
    help = "Score the engine on judged queries (default: corpus/eval/dev-queries.json)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path,
                            default=Path(settings.CORPUS_DIR) / "eval" / "dev-queries.json")
        parser.add_argument("--k", type=int, default=5)
        parser.add_argument("--verbose", action="store_true", help="a line for every query")

    def handle(self, *args, file: Path, k: int, verbose: bool, **options) -> None:
        try:
            queries = load_judgments(file)
            snapshot = current_snapshot()
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        except IndexUnavailable as exc:
            raise CommandError(f"{exc}. Run `python manage.py build_index` first.") from None

        def run(q: str):
            return [(h.title, h.breadcrumbs) for h in search(snapshot, q, per_page=10).hits]

        outcomes = evaluate(queries, run)
        for outcome in outcomes:
            hit = outcome.hit(k)
            if verbose or not hit:
                self.stdout.write(f"{'ok  ' if hit else 'MISS'} {outcome.query.id} "
                                  f"{outcome.query.q!r} rank={outcome.rank} top: "
                                  f"{' | '.join(outcome.top)}")
        for line in scores(outcomes, k):
            if line.lang == "all":
                self.stdout.write(f"hit@{k} {line.hit_at_k:.2f} mrr {line.mrr:.2f} "
                                  f"({line.queries} queries)")
            else:
                self.stdout.write(f"{line.lang:8} hit@{k} {line.hit_at_k:.2f} "
                                  f"mrr {line.mrr:.2f} ({line.queries} queries)")
