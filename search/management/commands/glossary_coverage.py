"""How much of the report an English reader reaches through the glossary: the share of
its most frequent Chinese content words that have an English entry."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.document.corpus import find_reports, load_report
from search.document.model import CorpusError
from search.language.analysis import TextAnalyzer
from search.language.glossary import load_glossary
from search.language.vocabulary import domain_words, glossary_coverage


class Command(BaseCommand):
    help = "Glossary coverage of the corpus's most frequent Chinese content words."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--corpus", type=Path, default=settings.CORPUS_DIR)
        parser.add_argument("--top", type=int, default=500)
        parser.add_argument("--missing", action="store_true",
                            help="list the words without an English entry")

    def handle(self, *args, corpus: Path, top: int, missing: bool, **options) -> None:
        try:
            reports = [load_report(s) for s in find_reports(corpus)]
            glossary = load_glossary(corpus / "glossary.tsv")
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        analyzer = TextAnalyzer(domain_words(reports, glossary))
        coverage = glossary_coverage(reports, analyzer, glossary, top)
        self.stdout.write(f"glossary: {len(glossary.entries)} entries; "
                          f"{len(coverage.words) - len(coverage.missing)} of the "
                          f"{len(coverage.words)} most frequent Chinese content words have "
                          f"an English entry ({coverage.share:.1%})")
        if missing:
            for word, count in coverage.missing:
                self.stdout.write(f"  {word}\t{count}")
