"""A text PDF as lines of text (pdfplumber).

Print artefacts are found and listed, not kept: a line repeated at the top or the bottom
of most pages is a running header or footer, a bare number there is a page number.
Paragraphs are put back together: a line that reaches the right margin and does not end a
sentence runs on into the next, across a page break too. Ruled tables become ``|`` rows
where they stood. A scanned PDF has no text to read and is refused.

What a PDF can make pdfminer do is bounded by ``limits`` (issue 19): its pages are counted
before any is read, every stream is decoded with a cap on what it unpacks to (one and all
together), each page's drawing is cut off past a number of characters, paths and images,
and a page's layout is let go of once its lines are taken. pdfminer has no such settings:
its decoders and pdfplumber's drawing device are swapped for bounded ones while a PDF is
read (``_bounded``), in this process only, one PDF at a time.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from search.document.conventions import join_broken
from search.document.ingest.layout import (
    Line,
    Word,
    is_bold_font,
    is_box,
    page_lines,
    reflow,
    remove_artefacts,
)
from search.document.ingest.limits import (
    MAX_DECODED_BYTES,
    MAX_PAGE_OBJECTS,
    MAX_PAGES,
    MAX_STREAM_BYTES,
    MAX_TEXT_CHARS,
    megabytes,
)
from search.document.ingest.source import Source, normalise
from search.document.model import CorpusError


def read_pdf(path: Path) -> Source:
    import pdfplumber

    try:
        with _bounded(path), pdfplumber.open(str(path)) as pdf:
            _count_pages(pdf, path)
            pages = []
            characters = 0
            for number, page in enumerate(pdf.pages, start=1):
                pages.append(_page_lines(page, number))
                page.close()  # its layout and objects: one page at a time in memory
                characters += sum(len(line.text) for line in pages[-1])
                if characters > MAX_TEXT_CHARS:
                    raise CorpusError(str(path), 0, f"more than {MAX_TEXT_CHARS:,} "
                                      f"characters of text by page {number}: more than a "
                                      "document may have")
            title = " ".join(str((pdf.metadata or {}).get("Title") or "").split())
    except CorpusError:
        raise
    except Exception as exc:  # pdfminer's many errors for a damaged or encrypted file
        refused = _cause(exc)
        if refused is not None:
            raise refused from None
        raise CorpusError(str(path), 0, f"not a PDF that can be read: "
                          f"{type(exc).__name__}: {exc}"[:300]) from None
    if not any(line.text.strip() or line.table for page in pages for line in page):
        raise CorpusError(str(path), 0, "no text in the PDF (a scan? it needs OCR first)")
    aside = remove_artefacts(pages)
    return Source(path, "pdf", normalise("\n".join(reflow(pages))), aside, title)


def _cause(exc: BaseException) -> CorpusError | None:
    """A limit's CorpusError that pdfminer or pdfplumber wrapped in one of theirs."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, CorpusError):
            return seen
        wrapped = next((arg for arg in getattr(seen, "args", ())
                        if isinstance(arg, BaseException)), None)
        seen = wrapped or seen.__cause__ or seen.__context__
    return None


def _count_pages(pdf, path: Path) -> None:
    """Refuse a PDF of more than MAX_PAGES pages, counting no further than that."""
    from pdfminer.pdfpage import PDFPage

    found = sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if found > MAX_PAGES:
        raise CorpusError(str(path), 0, f"more than {MAX_PAGES:,} pages: more than a "
                          "document may have")


# --------------------------------------------------------------------------- bounds

_reading = threading.Lock()  # the swap below is process-wide: one PDF at a time


class _Decoded:
    """What the streams of one PDF have unpacked to so far."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.total = 0

    def take(self, size: int) -> None:
        if size > MAX_STREAM_BYTES:
            raise CorpusError(str(self.path), 0, f"a stream unpacks to more than "
                              f"{megabytes(MAX_STREAM_BYTES)}, more than a PDF's text needs "
                              "(a compression bomb?)")
        self.total += size
        if self.total > MAX_DECODED_BYTES:
            raise CorpusError(str(self.path), 0, f"its streams unpack to more than "
                              f"{megabytes(MAX_DECODED_BYTES)} in all")


class _BoundedInflater:
    """zlib's decompressor, refusing past MAX_STREAM_BYTES (pdfminer feeds a damaged
    stream to it a byte at a time)."""

    def __init__(self, decoded: _Decoded) -> None:
        self._inflater = zlib.decompressobj()
        self._decoded = decoded
        self._out = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inflater.decompress(data, MAX_STREAM_BYTES + 1 - self._out)
        self._out += len(out)
        if self._out > MAX_STREAM_BYTES or self._inflater.unconsumed_tail:
            self._decoded.take(MAX_STREAM_BYTES + 1)
        return out

    def flush(self) -> bytes:
        return self._inflater.flush()


class _BoundedZlib:
    """What pdfminer's stream decoder sees as ``zlib``."""

    error = zlib.error

    def __init__(self, decoded: _Decoded) -> None:
        self._decoded = decoded

    def decompressobj(self) -> _BoundedInflater:
        return _BoundedInflater(self._decoded)

    def decompress(self, data: bytes) -> bytes:
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, MAX_STREAM_BYTES + 1)
        if len(out) > MAX_STREAM_BYTES or inflater.unconsumed_tail:
            self._decoded.take(MAX_STREAM_BYTES + 1)
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress says
        self._decoded.take(len(out))
        return out


def _bounded_lzw(decoded: _Decoded):
    from pdfminer.lzw import LZWDecoder

    def lzwdecode(data: bytes) -> bytes:
        import io

        out = bytearray()
        for chunk in LZWDecoder(io.BytesIO(data)).run():
            out += chunk
            if len(out) > MAX_STREAM_BYTES:
                decoded.take(len(out))
        decoded.take(len(out))
        return bytes(out)

    return lzwdecode


def _bounded_runlength(decoded: _Decoded, rldecode):
    def bounded(data: bytes) -> bytes:
        size = index = 0
        while index < len(data):  # the output's length, from the run lengths alone
            length = data[index]
            if length == 128:
                break
            size += length + 1 if length < 128 else 257 - length
            index += length + 2 if length < 128 else 2
        decoded.take(size)
        return rldecode(data)

    return bounded


def _bounded_ascii85(decoded: _Decoded, ascii85decode):
    def bounded(data: bytes) -> bytes:
        decoded.take(len(data) + 4 * data.count(b"z"))  # "z" is four zero bytes
        return ascii85decode(data)

    return bounded


def _bounded_device(path: Path, device_class):
    class BoundedDevice(device_class):
        """pdfplumber's page device, refusing a page that draws too much."""

        drawn = 0

        def _count(self) -> None:
            self.drawn += 1
            if self.drawn > MAX_PAGE_OBJECTS:
                raise CorpusError(str(path), 0, f"page {self.pageno} draws more than "
                                  f"{MAX_PAGE_OBJECTS:,} characters, lines and images")

        def render_char(self, *args: Any, **kwargs: Any) -> Any:
            self._count()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args: Any, **kwargs: Any) -> Any:
            self._count()
            return super().paint_path(*args, **kwargs)

        def render_image(self, *args: Any, **kwargs: Any) -> Any:
            self._count()
            return super().render_image(*args, **kwargs)

    return BoundedDevice


@contextmanager
def _bounded(path: Path) -> Iterator[None]:
    """pdfminer's decoders and pdfplumber's page device, bounded, while ``path`` is read."""
    import pdfminer.pdftypes as types
    import pdfplumber.page as page

    decoded = _Decoded(path)
    swaps = {
        (types, "zlib"): _BoundedZlib(decoded),
        (types, "lzwdecode"): _bounded_lzw(decoded),
        (types, "rldecode"): _bounded_runlength(decoded, types.rldecode),
        (types, "ascii85decode"): _bounded_ascii85(decoded, types.ascii85decode),
        (page, "PDFPageAggregatorWithMarkedContent"):
            _bounded_device(path, page.PDFPageAggregatorWithMarkedContent),
    }
    with _reading:
        saved = {key: getattr(*key) for key in swaps}
        try:
            for (module, name), value in swaps.items():
                setattr(module, name, value)
            yield
        finally:
            for (module, name), value in saved.items():
                setattr(module, name, value)


def _page_lines(page, number: int) -> list[Line]:
    """The page's lines in reading order, its ruled tables where they stand."""
    # ruled cells are a table when they have rows and columns; a box around text (a
    # boxed list, a sidebar) is read as the text it holds
    extracted = [(table, [[_cell(cell) for cell in row] for row in table.extract()])
                 for table in page.find_tables()]
    tables = [(table, rows) for table, rows in extracted if not is_box(rows)]
    boxes = [table.bbox for table, _ in tables]
    words = []
    for found in page.extract_words(extra_attrs=["size", "fontname"]):
        middle = (found["top"] + found["bottom"]) / 2
        if any(x0 <= found["x0"] <= x1 and top <= middle <= bottom
               for x0, top, x1, bottom in boxes):
            continue  # text of a table, read with its table
        words.append(Word(found["text"], found["x0"], found["x1"], found["top"],
                          found["bottom"], float(found["size"]),
                          is_bold_font(str(found["fontname"]))))
    ruled = tuple((table.bbox, rows) for table, rows in tables)
    return page_lines(words, number, ruled)


def _cell(text: str | None) -> str:
    parts = [part.strip() for part in (text or "").split("\n") if part.strip()]
    joined = ""
    for part in parts:
        joined = join_broken(joined, part)
    return joined.replace("|", "｜")
