"""Hostile documents for ingest (issue 19), small on disk and huge once unpacked or read:
a .docx with a 1 GB member, one whose 1 GB document.xml is one text node, three million
paragraphs, a DTD of nested entities, deep nesting; a PDF whose one stream inflates to
1 GB, a PDF of 20,000 pages, a page that draws 300,000 characters. Written as streams, so
making them takes little memory."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

GIB = 1024 ** 3
MIB = 1024 ** 2
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _blank_docx() -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("一、总则")
    document.save(out)
    return out.getvalue()


def _docx(path: Path, replace: dict[str, Iterable[bytes]]) -> Path:
    """A real .docx with members replaced or added, each written from chunks."""
    with zipfile.ZipFile(io.BytesIO(_blank_docx())) as blank, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for member in blank.infolist():
            if member.filename not in replace:
                out.writestr(member, blank.read(member))
        for name, chunks in replace.items():
            with out.open(name, "w", force_zip64=True) as target:
                for chunk in chunks:
                    target.write(chunk)
    return path


def _repeat(chunk: bytes, total: int) -> Iterator[bytes]:
    whole, rest = divmod(total, len(chunk))
    for _ in range(whole):
        yield chunk
    yield chunk[:rest]


def docx_with_a_huge_member(path: Path) -> Path:
    """The package's thumbnail (a part python-docx reads) unpacks to 1 GB of zeros."""
    return _docx(path, {"docProps/thumbnail.jpeg": _repeat(b"\0" * MIB, GIB)})


def docx_with_one_huge_text_node(path: Path) -> Path:
    head = (f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body><w:p><w:r>'
            "<w:t>").encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    return _docx(path, {"word/document.xml": [head, *_repeat(b"a" * MIB, GIB), tail]})


def docx_with_many_paragraphs(path: Path, count: int = 3_000_000) -> Path:
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode()
    tail = b"</w:body></w:document>"
    return _docx(path, {"word/document.xml": [head, *_repeat(b"<w:p/>" * 100_000,
                                                              6 * count), tail]})


def docx_with_nested_entities(path: Path) -> Path:
    """The billion laughs: ten entities each ten times the one before."""
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY e0 "ha">{entities}]>'
           f"<w:document {W}><w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body>"
           "</w:document>")
    return _docx(path, {"word/document.xml": [xml.encode()]})


def docx_nested_deep(path: Path, depth: int = 5_000) -> Path:
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>'.encode()
    nested = b"<w:sdt>" * depth + b"<w:p/>" + b"</w:sdt>" * depth
    return _docx(path, {"word/document.xml": [head, nested, b"</w:body></w:document>"]})


# --------------------------------------------------------------------------- PDF


def write_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF of ``objects`` (numbered from 1; the first is the catalog), with its xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    path.write_bytes(bytes(out))
    return path


def _stream(data: bytes, flate: bool = False) -> bytes:
    head = f"<< /Length {len(data)}{' /Filter /FlateDecode' if flate else ''} >>"
    return head.encode() + b"\nstream\n" + data + b"\nendstream"


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>")


def _pdf_of_pages(path: Path, pages: int, content: bytes) -> Path:
    kids = " ".join(f"{5 + n} 0 R" for n in range(pages))
    return write_pdf(path, [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        FONT,
        content,
        *([PAGE % 4] * pages),
    ])


def pdf_with_a_huge_stream(path: Path) -> Path:
    """One page whose content stream inflates to 1 GB (of spaces)."""
    compressor = zlib.compressobj(9)
    data = b"".join([*(compressor.compress(chunk) for chunk in _repeat(b" " * MIB, GIB)),
                     compressor.flush()])
    return _pdf_of_pages(path, 1, _stream(data, flate=True))


def pdf_with_many_pages(path: Path, pages: int = 20_000) -> Path:
    return _pdf_of_pages(path, pages, _stream(b"BT /F1 12 Tf 72 720 Td (Page) Tj ET"))


def pdf_with_a_busy_page(path: Path, characters: int = 300_000) -> Path:
    text = b"BT /F1 1 Tf 0 0 Td (" + b"a" * characters + b") Tj ET"
    return _pdf_of_pages(path, 1, _stream(zlib.compress(text, 9), flate=True))
