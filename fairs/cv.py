"""CV files: the type is decided by the content, never by the name alone, and
the text is read out for the BSN guard."""

import io
import re
import zipfile

from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_BYTES = 5 * 1024 * 1024
MAX_PAGES = 30
PDF, DOCX = "pdf", "docx"


def sniff(data: bytes) -> str | None:
    """'pdf', 'docx' or None, from the bytes themselves."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return DOCX
    return None


def extract_text(data: bytes, kind: str) -> str:
    """The text of the CV. Raises ValueError when the file cannot be read."""
    if kind == PDF:
        try:
            reader = PdfReader(io.BytesIO(data))
            return "\n".join(
                (page.extract_text() or "") for page in reader.pages[:MAX_PAGES]
            )
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise ValueError("unreadable pdf") from exc
    if kind == DOCX:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                xml = archive.read("word/document.xml").decode("utf-8", "replace")
        except (zipfile.BadZipFile, KeyError) as exc:
            raise ValueError("unreadable docx") from exc
        xml = re.sub(r"</w:p>|<w:br/>|<w:tab/>", "\n", xml)
        return re.sub(r"<[^>]+>", "", xml)
    raise ValueError(kind)
