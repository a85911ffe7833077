"""How much a document may make ingest read, unpack, parse and hold (issue 19).

A size limit on the file alone does not bound memory: a 1 MB .docx unpacked a 1 GB
member, a 1 MB PDF a 1 GB stream, and a 357 KB .docx held three million paragraphs. Every
bound below is checked before or while the work it bounds is done, and exceeding one is a
CorpusError naming the file and the bound, never a traceback. Together they keep
``manage.py ingest`` under ~300 MB of memory whatever the file (tests/test_ingest_limits.py
measures the hostile files). A real document is far below all of them: the white paper
is ~150 KB of text, ~100 pages, ~2,000 paragraphs.
"""

from __future__ import annotations

MAX_SOURCE_BYTES = 100 * 1024 * 1024  # the file: a PDF with images is large; its text is not
MAX_TEXT_CHARS = 5_000_000  # characters a document's text may have once read (a book: ~1 M)

# .docx: a zip of XML parts; python-docx reads every part it knows into memory
MAX_MEMBERS = 1_000  # files in the zip (a real .docx has 10–100)
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # any one member, unpacked (as the zip declares it:
MAX_UNPACKED_BYTES = 128 * 1024 * 1024  # zipfile never returns more than declared)
MAX_XML_ELEMENTS = 750_000  # elements of all XML parts together (~170 bytes each parsed)
MAX_XML_DEPTH = 100  # nesting (tables in tables in Word stay far below)
MAX_PARAGRAPHS = 100_000  # w:p elements, in tables too

# PDF (pdfminer through pdfplumber)
MAX_PAGES = 2_000
MAX_STREAM_BYTES = 16 * 1024 * 1024  # one stream decoded (a page's content, a font, …)
MAX_DECODED_BYTES = 128 * 1024 * 1024  # all streams decoded (pdfminer keeps them)
MAX_PAGE_OBJECTS = 100_000  # characters, paths and images drawn on one page


def megabytes(count: int) -> str:
    return f"{count / (1024 * 1024):,.0f} MB"
