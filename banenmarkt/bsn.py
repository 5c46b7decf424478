"""The BSN guard (docs/board.md), for every text people give us.

The platform, run by public bodies, may not process a citizen service number
(BSN): 9 digits that pass the 11-test (`stdnum.nl.bsn`). About 9% of random
9-digit numbers pass it too (old bank account numbers used the same test), so:

- a valid number next to "BSN", "burgerservicenummer" or "sofinummer" is
  refused;
- any valid number in an uploaded CV is refused;
- a bare valid number elsewhere is a warning: it may still be saved once the
  writer ticks that it is not a BSN, and the moderators are alerted (a
  post's publications get `bsn_flag`; every other text a `BsnFlag`,
  `banenmarkt.bsn_flags`).

The matched number is never logged, stored or put in a message.
"""

import re
from enum import Enum

from django.utils.translation import gettext_lazy as _
from stdnum.nl import bsn

# Nine digits, optionally split by single spaces, dots or dashes, not part of
# a longer number (a 10-digit phone number is not a BSN).
CANDIDATE = re.compile(r"(?<![\d.\-])\d(?:[ .\-]?\d){8}(?![\d]|[.\-]\d)")
LABEL = re.compile(
    r"\b(bsn|burger\s*service\s*nummer|burgerservicenr|sofi[\s\-]?(?:nummer|nr)|sofinummer)\b",
    re.IGNORECASE,
)
LABEL_WINDOW = 40


class BsnFinding(Enum):
    NONE = "none"
    BARE = "bare"  # a number that passes the 11-test, without a BSN label
    LABELLED = "labelled"  # a valid number next to "BSN" and the like


def mask(text: str) -> str:
    """`text` with every 9-digit candidate replaced by "…": for labels that
    name a flagged text, so the number never reaches the flag or the log."""
    return CANDIDATE.sub("…", text or "")


def scan(text: str) -> BsnFinding:
    """The worst finding in `text`."""
    finding = BsnFinding.NONE
    for match in CANDIDATE.finditer(text or ""):
        digits = re.sub(r"\D", "", match.group(0))
        if not bsn.is_valid(digits):
            continue
        before = text[max(0, match.start() - LABEL_WINDOW) : match.start()]
        after = text[match.end() : match.end() + 20]
        if LABEL.search(before) or LABEL.search(after):
            return BsnFinding.LABELLED
        finding = BsnFinding.BARE
    return finding


BSN_REFUSED = _(
    "This text contains a citizen service number (BSN). We may not process "
    "it. Remove the number and save again. A BSN never belongs in a vacancy, "
    "pitch or CV."
)
BSN_WARNING = _(
    "This text contains a 9-digit number that could be a BSN. If it is a "
    "phone or bank account number, tick the box below to publish anyway; a "
    "moderator will check it. If it is a BSN, remove it."
)
# For every other text: a join request, a reaction, a note, an answer.
BSN_WARNING_TEXT = _(
    "This text contains a 9-digit number that could be a BSN. If it is a "
    "phone or bank account number, tick the box below to save anyway; a "
    "moderator will check it. If it is a BSN, remove it."
)
NOT_A_BSN_LABEL = _("I checked it: the 9-digit number is not a BSN.")
BSN_REFUSED_TEXT = _(
    "This text contains a citizen service number (BSN). We may not process "
    "it. Remove the number and save again."
)
