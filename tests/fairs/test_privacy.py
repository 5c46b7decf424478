import pytest

from banenmarkt.bsn import BsnFinding, scan
from fairs import cv

from .documents import EXECUTABLE, docx_with_text, pdf_with_text

VALID = "123456782"  # passes the 11-test
INVALID = "123456789"  # does not


@pytest.mark.parametrize(
    "text",
    [
        f"Mijn BSN is {VALID}.",
        "BSN: 1234.56.782",
        "burgerservicenummer 1234 56 782",
        "Burger service nummer: 123-456-782",
        "sofinummer 111222333",
        f"{VALID} (bsn)",
    ],
)
def test_a_labelled_valid_number_is_refused(text):
    assert scan(text) is BsnFinding.LABELLED


@pytest.mark.parametrize(
    "text",
    [f"Bel {VALID} voor info", "Rekening 1112 22 333", "nummer 999.999.990"],
)
def test_a_bare_valid_number_is_a_warning(text):
    assert scan(text) is BsnFinding.BARE


@pytest.mark.parametrize(
    "text",
    [
        f"BSN {INVALID}",
        "Bel 06 12345678 of 0612345678",
        "Postcode 7550 AB, 40 uur",
        "IBAN NL91ABNA0417164300",
        "12345678",
        "1234567820",  # ten digits
        "",
    ],
)
def test_no_bsn(text):
    assert scan(text) is BsnFinding.NONE


def test_sniff_by_content_not_name():
    assert cv.sniff(pdf_with_text("Hallo")) == cv.PDF
    assert cv.sniff(docx_with_text("Hallo")) == cv.DOCX
    assert cv.sniff(EXECUTABLE) is None
    assert cv.sniff(b"PK\x03\x04 not a zip") is None
    assert cv.sniff(b"plain text") is None


def test_extract_text_from_pdf_and_docx():
    assert "Ervaren lasser" in cv.extract_text(pdf_with_text("Ervaren lasser"), cv.PDF)
    assert "Ervaren lasser" in cv.extract_text(
        docx_with_text("Ervaren lasser"), cv.DOCX
    )
    with pytest.raises(ValueError):
        cv.extract_text(b"%PDF-1.4 broken", cv.PDF)


def test_bsn_in_cv_text_is_found_anywhere():
    text = cv.extract_text(pdf_with_text(f"Naam Sanne nummer {VALID}"), cv.PDF)
    assert scan(text) is not BsnFinding.NONE
