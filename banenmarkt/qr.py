"""QR codes to print: an SVG (crisp at any size, no image library) of a
link, for a fair's poster and a region's invite links. Built on `qrcode`,
which allauth's MFA already brings for its TOTP setup."""

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# "M" recovers 15% damage: a printed poster with a fold or a pin in it.
ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M


def _image(url: str):
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, border=4)
    code.add_data(url)
    return code.make_image(image_factory=qrcode.image.svg.SvgPathImage)


def qr_svg(url: str, *, label: str) -> SafeString:
    """An inline `<svg>` of `url`, scaled by CSS (width 100%), with `label`
    as its accessible name (`role="img"`). The data is a URL we built, the
    label is escaped; the SVG itself holds only path data."""
    svg = _image(url).to_string(encoding="unicode")
    # Drop the fixed millimetre size so the page's CSS decides; keep the viewBox.
    head, rest = svg.split(">", 1)
    attributes = " ".join(
        part
        for part in head.removeprefix("<svg").split()
        if not part.startswith(("width=", "height="))
    )
    # Path data from qrcode and an escaped label: nothing a visitor typed.
    svg = f'<svg {attributes} class="qr" role="img" aria-label="{escape(label)}">{rest}'
    return mark_safe(svg)  # noqa: S308 # nosec B308, B703


def qr_svg_response_body(url: str) -> bytes:
    """A standalone SVG file of `url` (to download and put on a poster)."""
    return _image(url).to_string(encoding="utf-8")
