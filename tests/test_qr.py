"""The QR codes to print encode the link they are for."""

import re

import qrcode

from banenmarkt.qr import qr_svg, qr_svg_response_body


def _modules(svg: str) -> set[tuple[int, int]]:
    """The dark modules an SvgPathImage draws: one `Mx,yH..V..H..z` square each."""
    return {(int(x), int(y)) for x, y in re.findall(r"M(\d+),(\d+)H", svg)}


def _expected(url: str) -> set[tuple[int, int]]:
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(url)
    return {
        (x, y)
        for y, row in enumerate(code.get_matrix())
        for x, dark in enumerate(row)
        if dark
    }


def test_the_inline_svg_encodes_the_link_and_has_a_name():
    url = "https://banenmarkt.example/beurs/"
    svg = str(qr_svg(url, label='QR-code van "de beurs"'))
    assert svg.startswith("<svg ") and 'role="img"' in svg
    assert 'aria-label="QR-code van &quot;de beurs&quot;"' in svg
    assert "29mm" not in svg and 'width="' not in svg.split(">", 1)[0]
    assert "viewBox=" in svg
    assert _modules(svg) == _expected(url)
    assert _modules(svg) != _expected(url + "x")


def test_the_downloadable_svg_is_a_file_of_the_same_code():
    url = "https://banenmarkt.example/uitnodiging/abc/"
    body = qr_svg_response_body(url)
    assert body.startswith(b"<?xml") or body.startswith(b"<svg")
    assert _modules(body.decode()) == _expected(url)
