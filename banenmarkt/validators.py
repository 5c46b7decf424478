"""Validators shared by the apps."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Invisible characters that change the direction of text (e.g. U+202E, the
# right-to-left override): in a name or title they make "exe.vc" read as
# "cv.exe", or hide who someone is. Never needed in Dutch or English text.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def validate_no_bidi_controls(value: str) -> None:
    if value and BIDI_CONTROLS.search(value):
        raise ValidationError(
            _(
                "Remove the invisible characters that change the direction of "
                "the text, then save again."
            ),
            code="bidi_control",
        )
