"""How complete and how faithful the English edition is, per chapter; and worksheets for
translators (the lines still to translate, with the Chinese in place of the English).

Fails (exit status 1) when a translation breaks one term, one rendering (a *variant*) or
another check (a number, a direction, a name): the edition is done when both are 0."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search.document.corpus import find_reports, load_report
from search.document.model import CorpusError
from search.language.edition import edition_status, fingerprint, load_edition, source_texts
from search.language.fidelity import check, glossary_names, load_renderings
from search.language.glossary import load_glossary


class Command(BaseCommand):
    help = "English edition coverage per chapter, stale entries and faithfulness checks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--corpus", type=Path, default=settings.CORPUS_DIR)
        parser.add_argument("--report", help="only the report with this slug")
        parser.add_argument("--todo", metavar="SECTION",
                            help="print a worksheet: the untranslated or stale lines of this "
                                 "section (and below), Chinese in the English column")
        parser.add_argument("--verbose", action="store_true", help="list every problem")

    def handle(self, *args, corpus: Path, report: str | None, todo: str | None,
               verbose: bool, **options) -> None:
        try:
            sources = [s for s in find_reports(corpus) if report in (None, s.meta.slug)]
            glossary = load_glossary(corpus / "glossary.tsv")
            renderings = load_renderings(corpus / "glossary.tsv")
            loaded = [(s, load_report(s), load_edition(s.edition_path)) for s in sources]
        except CorpusError as exc:
            raise CommandError(str(exc)) from None
        if not loaded:
            raise CommandError(f"no report {report!r} in {corpus}")
        names = glossary_names(glossary)
        failing = 0
        for source, parsed, edition in loaded:
            if todo is not None:
                self.worksheet(parsed, edition, todo)
                continue
            status = edition_status(parsed, edition)
            checked = check(parsed, edition, names, renderings)
            problems, variants = checked.problems, checked.variants
            failing += len(problems) + len(variants)
            self.stdout.write(f"{parsed.meta.slug}: English edition "
                              f"{source.edition_path or '(none)'}")
            for chapter in status.chapters:
                self.stdout.write(f"  {chapter.chapter:>6}  {chapter.translated:5}/"
                                  f"{chapter.total:<5} {chapter.share:7.1%}"
                                  f"{f'  ({chapter.stale} stale)' if chapter.stale else ''}")
            self.stdout.write(f"  {'all':>6}  {status.translated:5}/{status.total:<5} "
                              f"{status.share:7.1%}")
            self.stdout.write(f"  missing {len(status.missing)}, stale {len(status.stale)}, "
                              f"unknown ids {len(status.unknown)}, "
                              f"variants {len(variants)}, failing checks {len(problems)}")
            shown = [*variants, *problems][: None if verbose else 40]
            for _source, entry, found in shown:
                self.stdout.write(f"  {entry.path}:{entry.line}: {entry.id}: "
                                  f"{'; '.join(found)}")
            for entry in status.unknown[: None if verbose else 20]:
                self.stdout.write(f"  {entry.path}:{entry.line}: {entry.id}: no such id in "
                                  "the report")
            for stale_source, entry in status.stale[: None if verbose else 20]:
                self.stdout.write(f"  {entry.path}:{entry.line}: {entry.id}: stale, the "
                                  f"Chinese is now: {stale_source.zh[:60]}")

        if failing:
            raise CommandError(f"{failing} translations break a check (--verbose lists "
                               "every one)")

    def worksheet(self, parsed, edition, prefix: str) -> None:
        for source in source_texts(parsed):
            if source.section != prefix and not source.section.startswith(f"{prefix}."):
                continue
            entry = edition.get(source.id)
            if entry is not None and entry.fingerprint == fingerprint(source.zh):
                continue
            zh = " ".join(source.zh.split())
            self.stdout.write(f"{source.id}\t{fingerprint(source.zh)}\t{zh}")

