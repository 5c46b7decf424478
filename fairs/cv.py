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
  metadata and the text of its annotations are read with the pages.

Refusals raise `CvRefused` with a reason the form turns into Dutch.
"""

import io
import re
import zipfile

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
DOCX_TEXT_PARTS = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"
    r"|docProps/(core|app|custom)\.xml)$"
)
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
}


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


def _xml_text(xml: str) -> str:
    xml = re.sub(r"</w:p>|<w:br/>|<w:tab/>|</dc:\w+>|</cp:\w+>", "\n", xml)
    return re.sub(r"<[^>]+>", " ", xml)


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
                if not DOCX_TEXT_PARTS.match(info.filename):
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
    try:
        with apply_configuration(**PDF_LIMITS):
            return _pdf_text(data)
    except CvRefused:
        raise
    except LimitReachedError as exc:
        raise CvRefused(TOO_HEAVY) from exc
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise CvRefused(UNREADABLE) from exc
    except RecursionError as exc:
        raise CvRefused(UNREADABLE) from exc


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    if len(reader.pages) > MAX_PAGES:
        raise CvRefused(TOO_MANY_PAGES)
    metadata = reader.metadata or {}
    texts = [str(metadata.get(key) or "") for key in PDF_METADATA]
    for page in reader.pages:
        texts.append(page.extract_text() or "")
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            for key in ("/Contents", "/T", "/TU"):
                if annotation.get(key):
                    texts.append(str(annotation[key]))
    return "\n".join(texts)


def extract_text(data: bytes, kind: str) -> str:
    """All the text of the CV. Raises CvRefused (a ValueError) when the file
    cannot be read or passes a limit."""
    if kind == PDF:
        return pdf_text(data)
    if kind == DOCX:
        return docx_text(data)
    raise CvRefused(UNREADABLE)
