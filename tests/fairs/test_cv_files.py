"""Hostile and hiding CV files, each with its expected answer (fairs.cv):
archives that unpack too far, lie about their size or hold too many parts;
the BSN in every place a DOCX or PDF keeps text; PDFs past the page cap."""

import pytest

from fairs import cv
from fairs.privacy import BsnFinding, scan

from .documents import (
    docx_bomb,
    docx_lying_about_size,
    docx_many_parts,
    docx_parts,
    pdf_bomb,
    pdf_document,
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
