"""Ingest bounded in memory (issue 19): each hostile file (tests/hostile_files.py) is
refused by ``python manage.py ingest`` with a message naming the file and the bound —
never a traceback — while the whole command stays under 300 MB at its peak, as
``/usr/bin/time -v`` measures it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import hostile_files
from tests.conftest import ROOT

PEAK_MB = 300
TIME = Path("/usr/bin/time")

HOSTILE = {
    "docx, a 1 GB member": (hostile_files.docx_with_a_huge_member, "huge-member.docx",
                            "docProps/thumbnail.jpeg unpacks to 1,024 MB"),
    "docx, a 1 GB text node": (hostile_files.docx_with_one_huge_text_node, "text-node.docx",
                               "word/document.xml unpacks to 1,024 MB"),
    "docx, 3 million paragraphs": (hostile_files.docx_with_many_paragraphs,
                                   "paragraphs.docx", "more than 100,000 paragraphs"),
    "docx, nested entities": (hostile_files.docx_with_nested_entities, "entities.docx",
                              "declares a DTD"),
    "docx, nested 5,000 deep": (hostile_files.docx_nested_deep, "deep.docx",
                                "nests elements more than 100 deep"),
    "pdf, a 1 GB stream": (hostile_files.pdf_with_a_huge_stream, "huge-stream.pdf",
                           "a stream unpacks to more than 16 MB"),
    "pdf, 20,000 pages": (hostile_files.pdf_with_many_pages, "pages.pdf",
                          "more than 2,000 pages"),
    "pdf, 300,000 characters on a page": (hostile_files.pdf_with_a_busy_page, "busy.pdf",
                                          "page 1 draws more than 100,000 characters"),
}


def peak_ingest(path: Path, corpus: Path) -> tuple[subprocess.CompletedProcess, int]:
    """Run the ingest command under ``/usr/bin/time -v``: (the run, peak memory in KB)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    run = subprocess.run([str(TIME), "-v", sys.executable, "manage.py", "ingest", str(path),
                          "--corpus", str(corpus)], cwd=ROOT, capture_output=True,
                         text=True, env=env, timeout=600)
    found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr)
    assert found, run.stderr[-2000:]
    return run, int(found.group(1))


@pytest.mark.skipif(not TIME.exists(), reason="needs GNU time (apt-get install time)")
@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_file_is_refused_clearly_within_300_mb(tmp_path, name):
    make, file_name, message = HOSTILE[name]
    path = make(tmp_path / file_name)
    assert path.stat().st_size < 4 * 1024 * 1024  # small on disk
    corpus = tmp_path / "corpus"
    run, peak_kb = peak_ingest(path, corpus)
    assert run.returncode == 1, run.stdout + run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    error = run.stderr.split("\tCommand being timed")[0]
    assert f"CommandError: {path}:" in error and message in error, error
    assert not corpus.exists() or not any(corpus.iterdir())  # nothing left in the corpus
    print(f"{name}: peak {peak_kb / 1024:.0f} MB")
    assert peak_kb < PEAK_MB * 1024, f"{name}: peak {peak_kb / 1024:.0f} MB"


def test_word_styles_are_looked_up_once_not_per_paragraph(tmp_path, monkeypatch):
    """python-docx searches the style list for every paragraph's style: three million
    paragraphs took over ten minutes. Styles are read once."""
    import docx
    from docx.parts.document import DocumentPart

    from search.document.ingest.word import read_docx

    document = docx.Document()
    document.add_heading("一、总则", level=1)
    for n in range(500):
        document.add_paragraph(f"第{n}段。")
    document.save(str(tmp_path / "many.docx"))
    lookups: list[tuple] = []
    original = DocumentPart.get_style

    def counting(self, *args):
        lookups.append(args)
        return original(self, *args)

    monkeypatch.setattr(DocumentPart, "get_style", counting)
    source = read_docx(tmp_path / "many.docx")
    assert "## 一、总则" in source.lines and "第499段。" in source.lines
    assert len(lookups) < 10


def test_pdfminer_is_itself_again_after_a_pdf_is_read(tmp_path):
    import zlib

    import pdfminer.pdftypes
    import pdfplumber.page

    from search.document.ingest.pdf import read_pdf

    device = pdfplumber.page.PDFPageAggregatorWithMarkedContent
    path = hostile_files.pdf_with_many_pages(tmp_path / "three.pdf", pages=3)
    assert read_pdf(path).lines
    assert pdfminer.pdftypes.zlib is zlib
    assert pdfplumber.page.PDFPageAggregatorWithMarkedContent is device
