"""CV files: the type is decided by the content, never by the name alone, and
all of the text is read out for the BSN guard, within hard limits.

A CV is a hostile input until read: a DOCX is a ZIP archive whose parts may
unpack to far more than they weigh (a "zip bomb"), and a PDF may hold many
pages or text outside the pages (its title, subject, annotations). So:

- an archive may have at most `MAX_ENTRIES` parts; every part is read in
  small blocks and refused as soon as it passes `MAX_PART_BYTES`, or its
  declared size or compression ratio is out of bounds (a declared size can
  lie, so the reading is bounded too, not only the check);
- all text parts of a DOCX are read: the body, headers, footers, footnotes,
  endnotes, comments and the document properties (text boxes live in the
  body);
- a PDF with more than `MAX_PAGES` pages is refused, not half-checked; its
  metadata and the text of its annotations are read with the pages;
- a PDF page with (next to) no text that shows an image is a scan: its
  number is returned in `CvText.ocr_pages`, and the page is read with OCR in
  the background (`fairs.ocr`), never in the web request.

Refusals raise `CvRefused` with a reason the form turns into Dutch.
"""

import io
import re
import time
import zipfile
from dataclasses import dataclass

from pypdf import PdfReader, apply_configuration
from pypdf.errors import LimitReachedError, PyPdfError

MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 30
# A DOCX of a few pages has about 15-40 parts; its text parts unpack to some
# hundreds of KB. These bounds leave room for any real CV.
MAX_ENTRIES = 300
MAX_PART_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 30 * 1024 * 1024
MAX_RATIO = 200  # unpacked / packed, per part (text compresses ~5-20x)
READ_BLOCK = 64 * 1024
PDF, DOCX = "pdf", "docx"

# Where a DOCX keeps text (regular expressions on the part names).
# A DOCX may keep visible text in any XML part (the body under another name,
# headers, footers, notes, comments, text boxes, SmartArt, charts, the
# glossary, document properties): all of them are read, within the caps.
DOCX_TEXT_PARTS = re.compile(r"\.xml$", re.IGNORECASE)
PDF_METADATA = ("/Title", "/Subject", "/Keywords", "/Author", "/Creator", "/Producer")
# pypdf's own limits, far below its defaults (75 MB per stream): a CV's
# pages unpack to some hundreds of KB; a PDF that needs more is refused.
PDF_LIMITS = {
    "maximum_declared_stream_length": 10 * 1024 * 1024,
    "zlib_maximum_output_length": 10 * 1024 * 1024,
    "lzw_maximum_output_length": 10 * 1024 * 1024,
    "run_length_maximum_output_length": 10 * 1024 * 1024,
    "jbig2_maximum_output_length": 10 * 1024 * 1024,
    "array_based_stream_maximum_output_length": 10 * 1024 * 1024,
    "image_maximum_buffer_size": 10 * 1024 * 1024,
    "stream_decoding_work_maximum_length": 30 * 1024 * 1024,
    "page_tree_maximum_entries": 1_000,
    "xform_maximum_invocations_per_extraction": 200,
    # Operators per content stream: a dense CV page has some thousands.
    "stream_parsing_work_maximum_count": 50_000,
}
# A page with fewer visible characters than this that shows an image is a
# scan (a page number or a typed name above a scanned body still counts).
MIN_PAGE_TEXT = 100
# Form XObjects may hold images in their own resources: looked into this deep.
MAX_FORM_DEPTH = 3
# Text read from all pages together: a CV has some thousands of characters.
MAX_PDF_TEXT = 200_000
# Reading all pages may take this long; a file that needs more is refused
# (pypdf's limits are per stream, this is for the file).
PDF_SECONDS = 3.0


class CvRefused(ValueError):
    """The file is refused; `reason` is one of the REASONS keys."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


UNREADABLE, TOO_MANY_PAGES, ARCHIVE, TOO_HEAVY = (
    "unreadable",
    "too_many_pages",
    "archive",
    "too_heavy",
)


@dataclass(frozen=True)
class CvText:
    """What the upload could read: the text, and the pages (numbered from 1)
    that are images without text, left for OCR."""

    text: str
    ocr_pages: tuple[int, ...] = ()


def sniff(data: bytes) -> str | None:
    """'pdf', 'docx' or None, from the bytes themselves."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = {info.filename for info in archive.infolist()[:MAX_ENTRIES]}
        except (zipfile.BadZipFile, ValueError):
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def _read_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """One part, read in blocks and stopped at the first byte past the caps,
    whatever the archive declares."""
    if info.file_size > MAX_PART_BYTES or info.file_size > budget:
        raise CvRefused(ARCHIVE)
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise CvRefused(ARCHIVE)
    limit = min(MAX_PART_BYTES, budget)
    out = bytearray()
    with archive.open(info) as part:
        while block := part.read(READ_BLOCK):
            out += block
            if len(out) > limit:
                raise CvRefused(ARCHIVE)
            if info.compress_size and len(out) > MAX_RATIO * max(info.compress_size, 1):
                raise CvRefused(ARCHIVE)
    return bytes(out)


# Where text breaks: the end of a paragraph (Word's w:p, DrawingML's a:p in
# text boxes, SmartArt and charts), a line break or tab, a table cell, and the
# end of a property (docProps: dc:title, Company, ...). Every other tag
# vanishes without a trace: Word splits words and numbers over runs
# (`1112</w:t></w:r><w:r><w:t>22333`), and the BSN guard must see them whole.
BREAKS = re.compile(
    r"</(?:w|a):p>|<w:(?:br|tab|cr)\b[^<>]*/>|</w:tc>"
    r"|</(?:dc|cp|dcterms|vt):\w+>|</[A-Za-z]\w*>"
)
# `[^<>]`, not `[^>]`: a part full of "<" without ">" is read in linear time.
TAG = re.compile(r"<[^<>]*>")


def _xml_text(xml: str) -> str:
    return TAG.sub("", BREAKS.sub("\n", xml))


def docx_text(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise CvRefused(ARCHIVE)
            if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
                raise CvRefused(ARCHIVE)
            budget = MAX_TOTAL_BYTES
            texts = []
            for info in infos:
                if not DOCX_TEXT_PARTS.search(info.filename):
                    continue
                raw = _read_part(archive, info, budget)
                budget -= len(raw)
                texts.append(_xml_text(raw.decode("utf-8", "replace")))
    except CvRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise CvRefused(UNREADABLE) from exc
    return "\n".join(texts)


def pdf_text(data: bytes) -> str:
    return pdf_read(data).text


def pdf_read(data: bytes) -> CvText:
    try:
        with apply_configuration(**PDF_LIMITS):
            return _pdf_read(data)
    except CvRefused:
        raise
    except LimitReachedError as exc:
        raise CvRefused(TOO_HEAVY) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CvRefused(UNREADABLE) from exc
    except RecursionError as exc:
        raise CvRefused(UNREADABLE) from exc


def _pdf_read(data: bytes) -> CvText:
    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > MAX_PAGES:
        raise CvRefused(TOO_MANY_PAGES)
    metadata = reader.metadata or {}
    texts = [str(metadata.get(key) or "") for key in PDF_METADATA]
    # Values typed into form fields are shown on the page too.
    texts += [str(v) for v in (reader.get_form_text_fields() or {}).values() if v]
    total = 0
    deadline = time.monotonic() + PDF_SECONDS
    ocr_pages = []
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text() or ""
        total += len(text)
        if total > MAX_PDF_TEXT or time.monotonic() > deadline:
            raise CvRefused(TOO_HEAVY)
        texts.append(text)
        if len("".join(text.split())) < MIN_PAGE_TEXT and _shows_image(page):
            ocr_pages.append(number)
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            for key in ("/Contents", "/T", "/TU"):
                if annotation.get(key):
                    texts.append(str(annotation[key]))
    return CvText("\n".join(texts), tuple(ocr_pages))


def _shows_image(page) -> bool:
    """Whether the page draws an image: an image XObject in its resources
    (or in those of a form it uses), or an inline image in its content."""
    if _has_image_xobject(page.get("/Resources"), MAX_FORM_DEPTH):
        return True
    contents = page.get_contents()
    return contents is not None and INLINE_IMAGE.search(contents.get_data()) is not None


# An inline image: "BI ... ID <data> EI" in a content stream.
INLINE_IMAGE = re.compile(rb"(?<![A-Za-z])BI\s*/")


def _has_image_xobject(resources, depth: int) -> bool:
    if resources is None or depth < 0:
        return False
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return False
    for reference in list(xobjects.get_object().values())[:100]:
        xobject = reference.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            return True
        if subtype == "/Form" and _has_image_xobject(
            xobject.get("/Resources"), depth - 1
        ):
            return True
    return False


def extract_text(data: bytes, kind: str) -> str:
    """All the text of the CV (see `read`)."""
    return read(data, kind).text


def read(data: bytes, kind: str) -> CvText:
    """All the text of the CV, and its pages left for OCR. Raises CvRefused (a ValueError) when the file
    cannot be read or passes a limit: a hostile file may make the readers
    fail in any way (an encrypted or unknown ZIP method, corrupt deflate data,
    an assertion inside pypdf), and each of them is "unreadable", never a
    500."""
    try:
        if kind == PDF:
            return pdf_read(data)
        if kind == DOCX:
            return CvText(docx_text(data))
    except CvRefused:
        raise
    except Exception as exc:  # any failure of a reader on a hostile file
        raise CvRefused(UNREADABLE) from exc
    raise CvRefused(UNREADABLE)
