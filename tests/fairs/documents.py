"""Real PDF and DOCX files made in the test, for the CV checks."""

import io
import re
import shutil
import subprocess
import zipfile
import zlib


def pdf_with_text(text: str) -> bytes:
    """A minimal one-page PDF whose text pypdf can extract."""
    return _one_page_pdf(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1"))


def _one_page_pdf(content: bytes) -> bytes:
    """One page with this content stream, in Helvetica."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(content)).encode()
        + b" >>\nstream\n"
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects)


def docx_with_text(text: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200


def pdf_document(
    pages: list[str],
    *,
    info: dict | None = None,
    annotation: str = "",
    field_value: str = "",
) -> bytes:
    """A PDF with one text line per page, optional document information
    (title, subject, ...) and a text annotation (a comment) on the last page."""
    fonts = b"<< /Font << /F1 3 0 R >> >>"
    objects: list[bytes] = [
        b"",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for number, text in enumerate(pages):
        content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
        objects.append(
            b"<< /Length "
            + str(len(content)).encode()
            + b" >>\nstream\n"
            + content
            + b"\nendstream"
        )
        content_ref = len(objects)
        annots = b""
        if annotation and number == len(pages) - 1:
            objects.append(
                b"<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents ("
                + annotation.encode("latin-1")
                + b") >>"
            )
            annots = f" /Annots [{len(objects)} 0 R]".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
            + f"{content_ref} 0 R".encode()
            + b" /Resources "
            + fonts
            + annots
            + b" >>"
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    if field_value:
        objects.append(
            b"<< /FT /Tx /T (naam) /V (" + field_value.encode("latin-1") + b") >>"
        )
        objects[0] = (
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields ["
            + f"{len(objects)} 0 R".encode()
            + b"] >> >>"
        )
    objects[1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{k} 0 R".encode() for k in kids)
        + f"] /Count {len(kids)} >>".encode()
    )
    info_ref = ""
    if info:
        entries = b" ".join(
            f"/{key} ({value})".encode("latin-1") for key, value in info.items()
        )
        objects.append(b"<< " + entries + b" >>")
        info_ref = f" /Info {len(objects)} 0 R"
    return _pdf(objects, trailer=info_ref)


WORD_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_parts(body: str = "Mijn cv", **extra_parts: str) -> bytes:
    """A DOCX with the given body text and extra parts by name, e.g.
    `docx_parts(**{"word/header1.xml": "<w:hdr ...>"})`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document {WORD_NS}><w:body><w:p><w:r>'
            f"<w:t>{body}</w:t></w:r></w:p></w:body></w:document>",
        )
        for name, xml in extra_parts.items():
            archive.writestr(name, xml)
    return out.getvalue()


def word_part(tag: str, text: str) -> str:
    """A header, footer, footnotes or comments part holding `text`."""
    return (
        f'<?xml version="1.0"?><w:{tag} {WORD_NS}><w:p><w:r><w:t>{text}</w:t>'
        f"</w:r></w:p></w:{tag}>"
    )


def docx_bomb(unpacked: int) -> bytes:
    """A DOCX whose body unpacks to `unpacked` bytes of spaces, written in
    blocks so the test never holds it in memory."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            block = b" " * (1024 * 1024)
            for _ in range(unpacked // len(block)):
                part.write(block)
    return out.getvalue()


def docx_lying_about_size(unpacked: int, declared: int) -> bytes:
    """A DOCX whose body declares `declared` bytes but unpacks to more."""
    data = bytearray(docx_bomb(unpacked))
    # Patch the sizes in the central directory entry of word/document.xml.
    name = b"word/document.xml"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[central + 24 : central + 28] = declared.to_bytes(4, "little")
    return bytes(data)


def docx_many_parts(count: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", f"<w:document {WORD_NS}/>")
        for number in range(count):
            archive.writestr(f"word/media/image{number}.png", b"x")
    return out.getvalue()


def pdf_bomb(unpacked: int) -> bytes:
    """A one-page PDF whose content stream is compressed and unpacks to
    `unpacked` bytes (a PDF "zip bomb")."""
    import zlib

    compressor = zlib.compressobj(9)
    head = b"BT /F1 12 Tf 72 720 Td (Mijn cv) Tj ET\n"
    body = compressor.compress(head)
    block = b" " * (1024 * 1024)
    for _ in range(unpacked // len(block)):
        body += compressor.compress(block)
    body += compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length "
        + str(len(body)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + body
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects)


def pdf_shared_stream(pages: int, operators: int) -> bytes:
    """A small PDF whose pages all draw one content stream with many text
    operators: little to download, much to parse."""
    content = b"BT /F1 12 Tf 72 720 Td " + b"(a) Tj " * operators + b"ET"
    compressed = zlib.compress(content, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length "
        + str(len(compressed)).encode()
        + b" /Filter /FlateDecode >>\nstream\n"
        + compressed
        + b"\nendstream",
    ]
    kids = []
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>"
        )
        kids.append(len(objects))
    objects[1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{k} 0 R".encode() for k in kids)
        + f"] /Count {pages} >>".encode()
    )
    return _pdf(objects)


def _pdf(objects: list[bytes], trailer: str = "") -> bytes:
    """A PDF file of these objects (object 1 the catalog), with its xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def docx_raw(parts: dict[str, bytes | str], method=zipfile.ZIP_DEFLATED) -> bytes:
    """A DOCX with exactly these parts, stored with `method`."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def pdf_lines(lines: list[str], *, size: int = 16) -> bytes:
    """A one-page PDF with these lines of text, one under the other."""
    body = " ".join(f"({line}) Tj 0 -{size * 2} Td" for line in lines)
    return _one_page_pdf(f"BT /F1 {size} Tf 72 720 Td {body} ET".encode("latin-1"))


def scanned_pdf(lines: list[str], *, pages: int = 1, dpi: int = 150) -> bytes:
    """An image-only PDF, like a scanner makes: the lines are typeset by
    `pdf_lines`, rendered to grey pixels by pdftoppm (poppler-utils, which
    the OCR needs anyway) and wrapped, Flate-compressed, as the only thing on
    each page. pypdf finds no text in it."""
    rendered = subprocess.run(  # our own file, no shell
        # "-" reads stdin; without an output root, -singlefile writes stdout.
        [
            shutil.which("pdftoppm") or "pdftoppm",
            "-gray",
            "-r",
            str(dpi),
            "-singlefile",
            "-",
        ],
        input=pdf_lines(lines),
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout
    width, height, pixels = _pgm(rendered)
    image = zlib.compress(pixels, 9)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /XObject /Subtype /Image /Width "
        + f"{width} /Height {height}".encode()
        + b" /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length "
        + str(len(image)).encode()
        + b" >>\nstream\n"
        + image
        + b"\nendstream",
    ]
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objects.append(
        b"<< /Length "
        + str(len(content)).encode()
        + b" >>\nstream\n"
        + content
        + b"\nendstream"
    )
    kids = []
    for _ in range(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /XObject << /Im1 3 0 R >> >> >>"
        )
        kids.append(len(objects))
    objects[1] = (
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{k} 0 R".encode() for k in kids)
        + f"] /Count {pages} >>".encode()
    )
    return _pdf(objects)


def _pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (P5, 8 bits)."""
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    assert header, data[:20]
    width, height = int(header[1]), int(header[2])
    return width, height, data[header.end() : header.end() + width * height]


SCANNED_CV_LINES = [
    "Curriculum vitae",
    "Jan de Vries, lasser",
    "Ervaring: tien jaar bij een metaalbedrijf",
]


def scanned_cv() -> bytes:
    """A scanned CV without a BSN."""
    return scanned_pdf(SCANNED_CV_LINES)


def scanned_cv_with_bsn() -> bytes:
    """A scanned CV that shows a (valid) BSN in its image."""
    return scanned_pdf([*SCANNED_CV_LINES, "BSN 111222333"])


def pdf_text_with_photo(text: str) -> bytes:
    """A typed page with a small image beside the text (a passport photo)."""
    pixels = zlib.compress(bytes(range(0, 256, 4)) * 64)  # 64 x 64 grey
    content = (
        f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET q 80 0 0 80 450 650 cm /Im1 Do Q"
    ).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        b"<< /Length "
        + str(len(content)).encode()
        + b" >>\nstream\n"
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace "
        b"/DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length "
        + str(len(pixels)).encode()
        + b" >>\nstream\n"
        + pixels
        + b"\nendstream",
    ]
    return _pdf(objects)
