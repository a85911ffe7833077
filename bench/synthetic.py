"""A synthetic corpus of many reports: the white paper re-slugged and varied (the numbers
in its prose shifted per copy), to measure how building and searching grow."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "corpus"
SLUG = "ai-whitepaper-2023"
_NUMBER = re.compile(r"(?<![\d.])(\d{2,5})(?![\d.])")


def progress_bar(label: str, done: int, total: int, width: int = 30) -> None:
    filled = round(width * done / total) if total else width
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r  {label:<22} [{'#' * filled}{'.' * (width - filled)}] "
                     f"{done}/{total}{end}")
    sys.stderr.flush()


def vary(text: str, copy: int) -> str:
    """Shift the numbers of the prose (lines ending a sentence) by ``copy``; headings,
    tables and the contents keep theirs, so every copy parses like the original."""
    if copy == 0:
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.rstrip().endswith("。") and not line.startswith("|"):
            lines[i] = _NUMBER.sub(lambda m: str(int(m.group(1)) + copy), line)
    return "\n".join(lines)


def make_corpus(target: Path, copies: int) -> Path:
    """``copies`` reports side by side in ``target`` (the original is copy 0)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("glossary.tsv",):
        if (SOURCE / name).exists():
            shutil.copy(SOURCE / name, target / name)
    for copy in range(copies):
        write_copy(target, copy)
        progress_bar("writing reports", copy + 1, copies)
    return target


def write_copy(target: Path, copy: int) -> str:
    """Copy ``copy`` of the report (its text, English edition and metadata) into
    ``target``; returns its slug."""
    metadata = (SOURCE / f"{SLUG}.toml").read_text(encoding="utf-8")
    text = (SOURCE / "2023-ai-whitepaper.txt").read_text(encoding="utf-8")
    english = _english(SOURCE / f"{SLUG}.en")
    slug = SLUG if copy == 0 else f"{SLUG}-copy-{copy:03d}"
    varied = vary(text, copy)
    (target / f"{slug}.txt").write_text(varied, encoding="utf-8")
    _write_edition(target / f"{slug}.en", varied, english)
    toml = metadata.replace(f'slug = "{SLUG}"', f'slug = "{slug}"')
    toml = toml.replace('text = "2023-ai-whitepaper.txt"', f'text = "{slug}.txt"')
    if copy:
        toml = toml.replace('title = "2023 人工智能发展白皮书"',
                            f'title = "2023 人工智能发展白皮书（样本 {copy}）"')
    (target / f"{slug}.toml").write_text(toml, encoding="utf-8")
    return slug


def _english(folder: Path) -> dict[str, str]:
    from search.language.edition import load_edition

    return {key: entry.en for key, entry in load_edition(folder).items()}


def _write_edition(folder: Path, text: str, english: dict[str, str]) -> None:
    """The white paper's English edition for a varied copy: the same English, with the
    fingerprints of the copy's Chinese (the numbers differ; the speed does not)."""
    from search.document.model import ReportMeta
    from search.document.parser import parse_report
    from search.language.edition import format_line, source_texts

    meta = ReportMeta("copy", "t", "t", "p", "p", "p", "p", "2023-03", "zh", "http://x/",
                      ("美国", "英国", "日本", "印度", "中国", "深圳", "珠三角", "长三角",
                       "京津冀"))
    folder.mkdir()
    lines = [format_line(source, english[source.id])
             for source in source_texts(parse_report(text, meta)) if source.id in english]
    (folder / "all.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
