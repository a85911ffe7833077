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
    metadata = (SOURCE / f"{SLUG}.toml").read_text(encoding="utf-8")
    text = (SOURCE / "2023-ai-whitepaper.txt").read_text(encoding="utf-8")
    titles = (SOURCE / f"{SLUG}.headings.en.tsv").read_text(encoding="utf-8")
    for copy in range(copies):
        slug = SLUG if copy == 0 else f"{SLUG}-copy-{copy:03d}"
        (target / f"{slug}.txt").write_text(vary(text, copy), encoding="utf-8")
        (target / f"{slug}.headings.en.tsv").write_text(titles, encoding="utf-8")
        toml = metadata.replace(f'slug = "{SLUG}"', f'slug = "{slug}"')
        toml = toml.replace('text = "2023-ai-whitepaper.txt"', f'text = "{slug}.txt"')
        toml = toml.replace(f'headings_en = "{SLUG}.headings.en.tsv"',
                            f'headings_en = "{slug}.headings.en.tsv"')
        if copy:
            toml = toml.replace('title = "2023 人工智能发展白皮书"',
                                f'title = "2023 人工智能发展白皮书（样本 {copy}）"')
        (target / f"{slug}.toml").write_text(toml, encoding="utf-8")
        progress_bar("writing reports", copy + 1, copies)
    return target
