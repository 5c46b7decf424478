"""Hostile and hiding CV files, each with its expected answer (fairs.cv):
archives that unpack too far, lie about their size or hold too many parts;
the BSN in every place a DOCX or PDF keeps text; PDFs past the page cap;
scans, whose pages are left for OCR at upload and read by fairs.ocr."""

import zipfile

import pytest

from banenmarkt.bsn import BsnFinding, scan
from fairs import cv, ocr

from ..requirements import require_ocr
from .documents import (
    WORD_NS,
    docx_bomb,
    docx_lying_about_size,
    docx_many_parts,
    docx_parts,
    docx_raw,
    pdf_bomb,
    pdf_document,
    pdf_shared_stream,
    pdf_text_with_photo,
    pdf_with_text,
    scanned_cv,
    scanned_cv_with_bsn,
    scanned_pdf,
    word_part,
)

BSN = "BSN 111222333"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("20 MB of spaces in the body", lambda: docx_bomb(20 * 1024 * 1024)),
        ("3 MB at a ratio far above text", lambda: docx_bomb(3 * 1024 * 1024)),
        (
            "declares 1 KB, unpacks to 2 MB",
            lambda: docx_lying_about_size(2 * 1024 * 1024, 1024),
        ),
        ("400 parts", lambda: docx_many_parts(400)),
    ],
)
def test_hostile_archives_are_refused(name, data):
    with pytest.raises(cv.CvRefused) as refused:
        cv.extract_text(data(), cv.DOCX)
    assert refused.value.reason in (cv.ARCHIVE, cv.UNREADABLE), name


def test_a_lying_archive_is_never_read_past_its_declaration():
    """zipfile stops at the declared size and the CRC no longer matches:
    refused as unreadable, after reading at most what was declared."""
    with pytest.raises(cv.CvRefused) as refused:
        cv.extract_text(docx_lying_about_size(2 * 1024 * 1024, 1024), cv.DOCX)
    assert refused.value.reason == cv.UNREADABLE


@pytest.mark.parametrize(
    ("place", "parts"),
    [
        ("header", {"word/header1.xml": word_part("hdr", BSN)}),
        ("footer", {"word/footer2.xml": word_part("ftr", BSN)}),
        ("footnotes", {"word/footnotes.xml": word_part("footnotes", BSN)}),
        ("endnotes", {"word/endnotes.xml": word_part("endnotes", BSN)}),
        ("comments", {"word/comments.xml": word_part("comments", BSN)}),
        (
            "document properties",
            {
                "docProps/core.xml": "<cp:coreProperties><dc:title>"
                + BSN
                + "</dc:title></cp:coreProperties>"
            },
        ),
        (
            "app properties",
            {"docProps/app.xml": f"<Properties><Company>{BSN}</Company></Properties>"},
        ),
    ],
)
def test_the_bsn_is_found_wherever_a_docx_keeps_text(place, parts):
    text = cv.extract_text(docx_parts("Ervaren lasser", **parts), cv.DOCX)
    assert "Ervaren lasser" in text
    assert scan(text) is not BsnFinding.NONE, place


@pytest.mark.parametrize(
    ("place", "pdf"),
    [
        ("page 30", lambda: pdf_document(["Mijn cv"] * 29 + [BSN])),
        ("title", lambda: pdf_document(["Mijn cv"], info={"Title": BSN})),
        ("subject", lambda: pdf_document(["Mijn cv"], info={"Subject": BSN})),
        ("keywords", lambda: pdf_document(["Mijn cv"], info={"Keywords": BSN})),
        ("a comment", lambda: pdf_document(["Mijn cv"], annotation=BSN)),
    ],
)
def test_the_bsn_is_found_wherever_a_pdf_keeps_text(place, pdf):
    assert scan(cv.extract_text(pdf(), cv.PDF)) is not BsnFinding.NONE, place


def test_a_pdf_whose_pages_unpack_too_far_is_refused():
    assert "Mijn cv" in cv.extract_text(pdf_bomb(2 * 1024 * 1024), cv.PDF)
    with pytest.raises(cv.CvRefused) as refused:
        cv.extract_text(pdf_bomb(50 * 1024 * 1024), cv.PDF)
    assert refused.value.reason == cv.TOO_HEAVY


def test_a_pdf_past_the_page_cap_is_refused_not_half_checked():
    with pytest.raises(cv.CvRefused) as refused:
        cv.extract_text(pdf_document(["Mijn cv"] * 30 + [BSN]), cv.PDF)
    assert refused.value.reason == cv.TOO_MANY_PAGES
    assert cv.extract_text(pdf_document(["Mijn cv"] * 30), cv.PDF)


def test_a_number_split_over_runs_is_still_found():
    """Word splits text over runs; the pieces are read as one."""
    body = (
        f"<w:document {WORD_NS}><w:body><w:p><w:r><w:t>BSN: 1112</w:t></w:r>"
        "<w:r><w:rPr><w:b/></w:rPr><w:t>22333</w:t></w:r></w:p></w:body></w:document>"
    )
    text = cv.extract_text(docx_raw({"word/document.xml": body}), cv.DOCX)
    assert scan(text) is BsnFinding.LABELLED


@pytest.mark.parametrize(
    "part",
    [
        "word/document2.xml",  # the real body, with a decoy document.xml
        "word/diagrams/data1.xml",  # SmartArt
        "word/charts/chart1.xml",
        "word/glossary/document.xml",
    ],
)
def test_text_in_any_part_is_read(part):
    text_box = f'<a:p xmlns:a="x"><a:r><a:t>{BSN}</a:t></a:r></a:p>'
    data = docx_raw({"word/document.xml": f"<w:document {WORD_NS}/>", part: text_box})
    assert scan(cv.extract_text(data, cv.DOCX)) is BsnFinding.LABELLED


def test_a_filled_in_pdf_form_field_is_read():
    pdf = pdf_document(["Mijn cv"], field_value=BSN)
    assert scan(cv.extract_text(pdf, cv.PDF)) is BsnFinding.LABELLED


@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "an encrypted part",
            lambda: _flag_encrypted(docx_raw({"word/document.xml": "<x/>"})),
        ),
        (
            "an unknown compression method",
            lambda: _method(
                docx_raw({"word/document.xml": "<x/>"}, zipfile.ZIP_STORED), 99
            ),
        ),
        (
            "corrupt deflate data",
            lambda: _corrupt(docx_raw({"word/document.xml": "<x>" * 500})),
        ),
        (
            "a PDF that breaks the reader",
            lambda: (
                b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 3 0 R >>\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF"
            ),
        ),
    ],
)
def test_files_that_make_the_readers_fail_are_unreadable_not_a_500(name, data):
    kind = cv.sniff(data()) or cv.DOCX
    with pytest.raises(cv.CvRefused) as refused:
        cv.extract_text(data(), kind)
    assert refused.value.reason == cv.UNREADABLE, name


def test_a_part_full_of_angle_brackets_is_read_in_linear_time():
    """`<` without `>`: the tag pattern must not backtrack over the part."""
    data = docx_raw({"word/document.xml": "<" * 2_000_000}, zipfile.ZIP_STORED)
    assert cv.extract_text(data, cv.DOCX).count("<") == 2_000_000


def test_a_pdf_with_much_to_parse_is_refused():
    with pytest.raises(cv.CvRefused) as refused:
        cv.extract_text(pdf_shared_stream(pages=30, operators=900_000), cv.PDF)
    assert refused.value.reason == cv.TOO_HEAVY


def _central(data: bytes) -> int:
    return data.rfind(b"PK\x01\x02", 0, data.rfind(b"word/document.xml"))


def _flag_encrypted(data: bytes) -> bytes:
    data = bytearray(data)
    data[_central(data) + 8] |= 0x01
    local = data.find(b"PK\x03\x04", data.find(b"<Types/>"))
    data[local + 6] |= 0x01
    return bytes(data)


def _method(data: bytes, method: int) -> bytes:
    data = bytearray(data)
    data[_central(data) + 10 : _central(data) + 12] = method.to_bytes(2, "little")
    local = data.find(b"PK\x03\x04", data.find(b"<Types/>"))
    data[local + 8 : local + 10] = method.to_bytes(2, "little")
    return bytes(data)


def _corrupt(data: bytes) -> bytes:
    data = bytearray(data)
    start = data.find(b"word/document.xml") + len(b"word/document.xml")
    for i in range(start, start + 20):
        data[i] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "data", "ocr_pages", "finding"),
    [
        ("a scanned CV", scanned_cv, (1,), BsnFinding.NONE),
        ("a scanned CV with a BSN", scanned_cv_with_bsn, (1,), BsnFinding.LABELLED),
        (
            "three scanned pages, the BSN on each",
            lambda: scanned_pdf(["BSN 111222333"], pages=3),
            (1, 2, 3),
            BsnFinding.LABELLED,
        ),
        *(
            (
                f"a {dpi} dpi scan with a BSN",
                lambda dpi=dpi: scanned_pdf(
                    ["Curriculum vitae", "BSN 111222333"], dpi=dpi
                ),
                (1,),
                BsnFinding.LABELLED,
            )
            for dpi in (200, 300)
        ),
        ("a typed CV", lambda: pdf_with_text("Mijn cv"), (), BsnFinding.NONE),
    ],
)
def test_scanned_pages_are_left_for_ocr_and_read_by_it(name, data, ocr_pages, finding):
    """The upload finds the scanned pages (no OCR in the web request); the
    worker's OCR (real tesseract, Dutch) finds the BSN in them."""
    require_ocr()
    data = data()
    read = cv.read(data, cv.PDF)
    assert read.ocr_pages == ocr_pages, name
    assert scan(read.text) is BsnFinding.NONE
    if ocr_pages:
        text = ocr.pages_text(data, read.ocr_pages)
        assert "vitae" in text or "BSN" in text, name
        assert scan(text) is finding, name


def test_a_page_with_text_and_a_photo_is_not_a_scan():
    """A typed page with an image (a photo) is read as text, not left for
    OCR; a photo with a line of text only is."""
    typed = cv.read(pdf_text_with_photo("Ervaren lasser " * 10), cv.PDF)
    assert "Ervaren lasser" in typed.text
    assert typed.ocr_pages == ()
    assert cv.read(pdf_text_with_photo("Jan de Vries"), cv.PDF).ocr_pages == (1,)
