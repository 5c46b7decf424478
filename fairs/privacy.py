"""The BSN guard (docs/board.md).

The platform, run by public bodies, may not process a citizen service number
(BSN): 9 digits that pass the 11-test (`stdnum.nl.bsn`). About 9% of random
9-digit numbers pass it too (old bank account numbers used the same test), so:

- a valid number next to "BSN", "burgerservicenummer" or "sofinummer" is
  refused;
- any valid number in an uploaded CV is refused;
- a bare valid number elsewhere is a warning: it may still be published, and
  the publication is flagged for the moderators.

The matched number is never logged, stored or put in a message.
"""

import re
from enum import Enum

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
