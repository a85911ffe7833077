"""Build the search index from corpus/ and swap it in atomically."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.document.model import CorpusError
from search.engine.writer import build_index, is_stale


class Command(BaseCommand):
    help = "Parse every report in corpus/ and atomically replace the search index."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--corpus", type=Path, default=settings.CORPUS_DIR)
        parser.add_argument("--index", type=Path, default=settings.SEARCH_INDEX_DIR)
        parser.add_argument("--if-stale", action="store_true",
                            help="only build when the index is missing or older than the corpus")
        parser.add_argument("--full", action="store_true",
                            help="index every document again (by default only those added, "
                                 "changed or removed since the build served)")

    def handle(self, *args, corpus: Path, index: Path, if_stale: bool, full: bool,
               **options) -> None:
        if if_stale and not is_stale(corpus, index):
            self.stdout.write(f"Index at {index} is up to date.")
            return
        def progress(stage: str, done: int, total: int) -> None:
            if stage == "wait":
                self.stdout.write("Another build is running; waiting for it to finish…")

        try:
            result = build_index(corpus, index, progress, full=full)
        except CorpusError as exc:
            raise CommandError(f"{exc} (the previous index, if any, is still served)") \
                from None
        except OSError as exc:  # a full disk, a read-only folder: one line, not a traceback
            where = exc.filename or index.parent
            raise CommandError(f"cannot write the index in {where}: {exc.strerror or exc} "
                               "(the previous index, if any, is still served)") from None
        for error in result.skipped:
            self.stderr.write(f"skipped: {error} (fill it in, then build again)")
        if result.incremental:
            self.stdout.write(
                f"Incremental: indexed {', '.join(result.indexed) or 'no document'}"
                + (f"; removed {', '.join(result.removed)}" if result.removed else "")
                + " (the others as they were; --full to index every one again)")
        for slug, counts in result.counts.items():
            if result.incremental and slug not in result.indexed:
                continue
            self.stdout.write(
                f"{slug}: {counts['sections']} sections ({counts['chapters']} chapters), "
                f"{counts['tables']} tables, {counts['figures']} figures, "
                f"{counts['policies']} policies"
                + (f", {counts['articles']} articles" if counts.get("articles") else "")
            )
            edition = result.editions.get(slug)
            if edition is not None and edition.translated:
                self.stdout.write(
                    f"  English edition: {edition.translated} of {edition.total} pieces "
                    f"({edition.share:.0%}); {len(edition.missing)} missing, "
                    f"{len(edition.stale)} stale (Chinese changed since translated), "
                    f"{len(edition.unknown)} unknown ids")
                for _source, entry in edition.stale[:10]:
                    self.stdout.write(f"    stale: {entry.path}:{entry.line}: {entry.id}")
        self.stdout.write(self.style.SUCCESS(
            f"Indexed {result.documents} documents in {result.seconds:.2f} s → {index}"
        ))
