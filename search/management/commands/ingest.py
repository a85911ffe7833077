"""Turn a document into a corpus text and a metadata stub (issue #15)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.document.ingest import prepare, write
from search.document.ingest.summary import describe
from search.document.model import PRESETS, CorpusError

# a converted .docx or PDF that did not parse: its text, for the error to point into
FAILED_TEXT_DIR = Path(settings.BASE_DIR) / "var" / "ingest"


class Command(BaseCommand):
    help = ("Read a document (.md, .txt, .docx, .pdf) with the preset its headings call for, "
            "print the outline found and every line set aside, and write a normalised "
            "corpus text plus a metadata stub into the corpus folder.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--corpus", type=Path, default=settings.CORPUS_DIR)
        parser.add_argument("--slug", help="the document's slug (default: from the file name)")
        parser.add_argument("--preset", choices=PRESETS,
                            help="how the text is structured (default: detected)")
        parser.add_argument("--strict", action="store_true",
                            help="fail, writing nothing, when any line is set aside")
        parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
        parser.add_argument("--force", action="store_true",
                            help="replace a document of the corpus with the same slug")

    def handle(self, *args, file: Path, corpus: Path, slug: str | None, preset: str | None,
               strict: bool, dry_run: bool, force: bool, **options) -> None:
        try:
            ingested = prepare(file, corpus, slug=slug, preset=preset, force=force,
                               failed_text_dir=None if dry_run else FAILED_TEXT_DIR)
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        for line in describe(ingested):
            self.stdout.write(line)
        if strict and ingested.aside:
            raise CommandError(f"{file}: {len(ingested.aside)} lines set aside (--strict): "
                               "nothing written")
        if dry_run:
            self.stdout.write("Dry run: nothing written.")
            return
        try:
            write(ingested)
        except OSError as exc:
            raise CommandError(f"cannot write into {corpus}: {exc.strerror or exc}") from None
        todo = (f"; fill in {', '.join(ingested.stub.missing)} in {ingested.metadata_path}"
                if ingested.stub.missing else "")
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {ingested.text_path} and {ingested.metadata_path}{todo}; then "
            "`make index`."))
