"""Take one document out of the library: its corpus files, then its records from the index
(issue 25: an incremental build, which re-indexes nothing else)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.document.corpus import remove_document
from search.document.model import CorpusError
from search.engine.writer import build_index


class Command(BaseCommand):
    help = ("Remove a document from the corpus folder (its metadata, its text and its "
            "English edition) and from the search index, re-indexing no other document.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--corpus", type=Path, default=settings.CORPUS_DIR)
        parser.add_argument("--index", type=Path, default=settings.SEARCH_INDEX_DIR)

    def handle(self, *args, slug: str, corpus: Path, index: Path, **options) -> None:
        try:
            removed = remove_document(corpus, slug)
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        for path in removed:
            self.stdout.write(f"removed {path}")
        try:
            result = build_index(corpus, index)
        except CorpusError as exc:
            raise CommandError(f"{exc} (the previous index, if any, is still served)") \
                from None
        self.stdout.write(self.style.SUCCESS(
            f"Took {slug} out of the index in {result.seconds:.2f} s → {index} "
            f"({result.documents} documents)"))
