from datetime import date
from pathlib import Path

import polib
from django.utils import translation

from fairs.schedule import fair_window, fair_window_display

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_dutch_message_is_translated():
    po = polib.pofile(str(PO))
    assert len(po) > 50
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_compiled_dutch_messages_match_the_po_file():
    po = {(e.msgid, e.msgctxt): e for e in polib.pofile(str(PO)).translated_entries()}
    mo = {(e.msgid, e.msgctxt): e for e in polib.mofile(str(MO))}
    assert set(po) <= set(mo), "run `make messages` and commit the .mo file"
    for key, entry in po.items():
        assert mo[key].msgstr == entry.msgstr
        assert mo[key].msgstr_plural == {
            int(k): v for k, v in entry.msgstr_plural.items()
        }


def test_fair_window_in_dutch_and_english():
    starts_at, ends_at = fair_window(date(2026, 12, 1))
    with translation.override("nl"):
        assert (
            fair_window_display(starts_at, ends_at)
            == "dinsdag 1 december 2026, 10:00–13:00"
        )
    with translation.override("en"):
        assert (
            fair_window_display(starts_at, ends_at)
            == "Tuesday 1 December 2026, 10:00–13:00"
        )


def test_login_is_inloggen_not_aanmelden():
    """Aanmelden is asking to join a region here; logging in is inloggen."""
    with translation.override("nl"):
        assert translation.gettext("Sign In") == "Inloggen"
        assert (
            translation.gettext("Send me a sign-in code") == "Stuur mij een inlogcode"
        )
