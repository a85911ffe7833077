"""Run judged queries through the search engine: hit@k and MRR@10 per language group."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from search.document.model import CorpusError
from search.engine.snapshot import IndexUnavailable
from search.query.evaluation import Ran, Result, evaluate, load_judgments, scores
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

        def run(q: str, english: bool) -> Ran:
            with translation.override("en" if english else "zh-hans"):
                results = search(snapshot, q, per_page=10, english=english)
            return Ran(tuple(Result(h.title, h.breadcrumbs, h.snippet) for h in results.hits),
                       results.total, results.partial)

        outcomes = evaluate(queries, run)
        for outcome in outcomes:
            hit = outcome.hit(k) if outcome.said_absent is None else outcome.said_absent
            if verbose or not hit or outcome.answered is False:
                extra = "" if outcome.answered is None else \
                    f" answer@1={'yes' if outcome.answered else 'no'}"
                self.stdout.write(f"{'ok  ' if hit else 'MISS'} {outcome.query.id} "
                                  f"{outcome.query.q!r} rank={outcome.rank} top: "
                                  f"{' | '.join(outcome.top)}{extra}")
        for line in scores(outcomes, k):
            parts = [f"hit@{k} {line.hit_at_k:.2f} mrr {line.mrr:.2f} ({line.queries} "
                     "queries)"] if line.queries else []
            if line.answers[1]:
                parts.append(f"answer@1 {line.answers[0] / line.answers[1]:.2f} "
                             f"({line.answers[1]})")
            if line.absent[1]:
                parts.append(f"absent-ok {line.absent[0] / line.absent[1]:.2f} "
                             f"({line.absent[1]})")
            if line.lang == "all":
                if line.chinese[1] and (line.answers[1] or line.absent[1]):
                    parts.append(f"zh-snippets {line.chinese[0] / line.chinese[1]:.2f} "
                                 f"({line.chinese[1]})")
                self.stdout.write(" · ".join(parts))
            else:
                self.stdout.write(f"{line.lang:8} " + " · ".join(parts))
