"""One voice in Dutch: every text of ours has a Dutch translation, every page
renders in Dutch without an English text left over, and says "je", not "u".

Three checks:
- makemessages over a copy of the source finds no msgid that the committed
  locale/nl/LC_MESSAGES/django.po lacks or leaves empty or fuzzy (and the .po
  holds no msgid the source no longer uses);
- every page of the role matrix (tests/test_url_matrix.py) and allauth's
  pages, rendered for someone who may see them, contain no text that is an
  English msgid with a Dutch translation (so: not translated while rendering)
  and no formal "u"/"uw";
- our msgids that are also allauth's or Django's override their Dutch
  everywhere: the ones we have are listed here, each on purpose.
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from banenmarkt import wording

from .auth import sign_in_fresh
from .roles import make_actor
from .test_url_matrix import MATRIX, world  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
SOURCE_SUFFIXES = {".py", ".html", ".txt"}
NOT_SOURCE = {".venv", ".git", "locale", "tests", "bench", "node_modules"}


def committed() -> polib.POFile:
    return polib.pofile(str(PO))


def key(entry) -> tuple[str, str | None]:
    return entry.msgid, entry.msgctxt


def copy_source(target: Path) -> None:
    """Our .py, .html and .txt files, without the locale folder: makemessages
    would otherwise write into the committed .po."""
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] in NOT_SOURCE or "__pycache__" in relative.parts:
            continue
        if path.is_file() and path.suffix in SOURCE_SUFFIXES:
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """The msgids makemessages finds in the source now (as `make messages`)."""
    source = tmp_path_factory.mktemp("source")
    copy_source(source)
    locale = source / "locale"
    (locale / "nl" / "LC_MESSAGES").mkdir(parents=True)
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.chdir(source)
    try:
        from django.test.utils import override_settings

        with override_settings(LOCALE_PATHS=[str(locale)]):
            call_command(
                "makemessages",
                locale=["nl"],
                no_obsolete=True,
                no_location=True,
                ignore_patterns=[".venv/*", "tests/*", "bench/*"],
                verbosity=0,
            )
    finally:
        monkeypatch.undo()
    return polib.pofile(str(locale / "nl" / "LC_MESSAGES" / "django.po"))


def test_every_msgid_of_the_source_has_a_dutch_msgstr(extracted):
    translated = {
        key(e): e
        for e in committed()
        if not e.obsolete and e.translated() and "fuzzy" not in e.flags
    }
    missing = sorted(e.msgid for e in extracted if key(e) not in translated)
    assert missing == [], "run `make messages` and translate these"


def test_the_po_file_holds_no_msgid_the_source_dropped(extracted):
    used = {key(e) for e in extracted}
    unused = sorted(e.msgid for e in committed() if key(e) not in used)
    assert unused == [], "run `make messages` (--no-obsolete) to drop these"


# --- Rendered pages --------------------------------------------------------

# Who may see a page, in order of preference (the matrix says who may).
ROLE_ORDER = ["member", "project_team", "moderator", "staff", "admin", "anonymous"]
# Pages of one's own post or request: their owner sees them.
OWNERS = {
    "fairs:post-edit": lambda w: w["vacancy"].post.author,
    "fairs:post-withdraw": lambda w: w["vacancy"].post.author,
    "members:request-edit": lambda w: w["pending"].user,
}
# allauth's pages that our people see, and who sees them.
ALLAUTH_PAGES = {
    "account_login": "anonymous",
    "account_signup": "anonymous",
    "account_reset_password": "anonymous",
    "account_reset_password_done": "anonymous",
    "account_request_login_code": "anonymous",
    "account_email_verification_sent": "anonymous",
    "account_email": "member",
    "account_change_password": "member",
    "account_reauthenticate": "member",
    "mfa_index": "moderator",
    "mfa_activate_totp": "member",
    "account_logout": "member",
}
FORMAL = re.compile(r"\b(u|U|uw|Uw|UW)\b")
# "1 Dec 2026": the date filter's "M" (an abbreviation, English-looking in
# Dutch too); dates are written out: "1 december 2026".
SHORT_MONTH = re.compile(
    r"\b\d{1,2} (Jan|Feb|Mar|Mrt|Apr|May|Mei|Jun|Jul|Aug|Sep|Oct|Okt|Nov|Dec)\b"
)


class Texts(HTMLParser):
    """The texts a person reads or hears: text between tags and the
    attributes read out (aria-label, title, alt, placeholder, a button's
    value), with the language of the element they are in."""

    SPOKEN = ("aria-label", "title", "alt", "placeholder")
    VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.langs: list[tuple[str, str]] = [("html", "nl")]
        self.skip = 0
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or self.langs[-1][1]
        for name in self.SPOKEN:
            if attrs.get(name):
                self.texts.append((attrs[name], lang))
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.texts.append((attrs.get("value") or "", lang))
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in self.VOID:
            self.langs.append((tag, lang))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        for index in range(len(self.langs) - 1, 0, -1):
            if self.langs[index][0] == tag:
                del self.langs[index:]
                break

    def handle_data(self, data):
        if not self.skip:
            self.texts.append((data, self.langs[-1][1]))


def normal(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def english_with_dutch() -> set[str]:
    """Every English msgid (ours, allauth's, Django's) whose Dutch differs."""
    with translation.override("nl"):
        catalog = translation.trans_real.translation("nl")._catalog
        english = set()
        for msgid, msgstr in catalog.items():
            if isinstance(msgid, tuple):
                msgid = msgid[0]
            if "\x04" in msgid:
                msgid = msgid.split("\x04", 1)[1]
            if msgid and msgstr and normal(msgid) != normal(msgstr):
                english.add(normal(msgid))
    return english


def problems_in(html: str, english: set[str]) -> list[str]:
    parser = Texts()
    parser.feed(html)
    found = []
    for text, lang in parser.texts:
        if lang != "nl":
            continue
        for piece in re.split(r"\s*[·:|]\s+|\n\s*\n", text):
            piece = normal(piece)
            if piece in english:
                found.append(f"English: {piece!r}")
            if FORMAL.search(piece):
                found.append(f"formal: {piece!r}")
            if SHORT_MONTH.search(piece):
                found.append(f"month: {piece!r}")
    return found


def visit(client, url, user) -> str:
    client.logout()
    if user is not None:
        sign_in_fresh(client, user)
    with transaction.atomic():
        response = client.get(url, follow=True)
        transaction.set_rollback(True)
    assert response.status_code == 200, url
    if not response["Content-Type"].startswith("text/html"):
        return ""
    return response.content.decode()


def test_every_page_renders_in_dutch(client, world, english_with_dutch):  # noqa: F811
    region, other = world["region"], world["other"]
    pages = []
    for name, entry in sorted(MATRIX.items()):
        if entry.method != "get" or entry.ok != 200:
            continue
        url = reverse(name, kwargs=entry.kwargs(world) or None) + entry.query(world)
        if name in OWNERS:
            pages.append((name, url, OWNERS[name](world)))
            continue
        role = next((r for r in ROLE_ORDER if entry.expected(r) == 200), None)
        if role is None:
            continue
        pages.append((name, url, role))
    for name, role in ALLAUTH_PAGES.items():
        pages.append((name, reverse(name), role))
    assert len(pages) > 50

    failures = {}
    for name, url, who in pages:
        user = make_actor(who, region, other) if isinstance(who, str) else who
        response_html = visit(client, url, user)
        if "<html" not in response_html:
            continue
        if name in ALLAUTH_PAGES and 'href="#main"' not in response_html:
            failures[name] = ["not in our layout (templates/base.html)"]
            continue
        found = problems_in(response_html, english_with_dutch)
        if found:
            failures[name] = found
    if failures:
        pytest.fail(
            "Pages with English or formal text:\n"
            + "\n".join(f"{name}: {found}" for name, found in failures.items())
        )


def test_the_check_finds_english_and_formal_text(english_with_dutch):
    html = (
        '<html lang="nl"><body><p>Calendar</p><p>Wil je dit?</p>'
        '<button lang="en">English</button><p>Uw wachtwoord</p>'
        "<td>1 Dec 2026 10:30</td><td>1 december 2026, 10:30</td></body></html>"
    )
    assert problems_in(html, english_with_dutch) == [
        "English: 'Calendar'",
        "formal: 'Uw wachtwoord'",
        "month: '1 Dec 2026 10:30'",
    ]


# --- Our msgids that are also Django's or allauth's -------------------------

# Where our Dutch differs from theirs, ours is what people read everywhere
# (LOCALE_PATHS comes first). Each of these is on purpose: "je" instead of
# "u", plain words, or our terms (inloggen, not aanmelden).
INTENDED_OVERRIDES = {
    # Logging in is "inloggen": "aanmelden" is asking to join a region here.
    "Sign In",
    "Log in",
    "Log out",
    "Send me a sign-in code",
    "Enter Sign-In Code",
    "Sign-In Code",
    "A sign-in code has been sent to %(recipient)s.",
    "Other sign-in options",
    "Sign In Via %(provider)s",
    "Third-Party Login Failure",
    "Login Cancelled",
    "Remember Me",
    # Plain words.
    "The email address and/or password you specified are not correct.",
    "Sign Up",
    "Type",
    "display name",
    "Home",
    "Remove",
    "Add",
    # banenmarkt/wording.py, where each group says why.
    *wording.PASSWORD_RULES,
    "Your password must contain at least %(min_length)d character.",
    *wording.ALLAUTH,
    *wording.ALLAUTH_PAGES,
}


def foreign_catalogs() -> dict[tuple[str | None, str], str]:
    import allauth
    import django

    files = [Path(allauth.__file__).parent / "locale/nl/LC_MESSAGES/django.po"]
    django_root = Path(django.__file__).parent
    files += [django_root / "conf/locale/nl/LC_MESSAGES/django.po"]
    files += sorted(django_root.glob("contrib/*/locale/nl/LC_MESSAGES/django.po"))
    theirs = {}
    for path in files:
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                msgstr = entry.msgstr or entry.msgstr_plural.get(0, "")
                theirs.setdefault(key(entry)[::-1], msgstr)
    return theirs


def test_our_msgids_that_override_allauth_or_django_are_intended():
    theirs = foreign_catalogs()
    overriding = set()
    for entry in committed():
        ours = entry.msgstr or entry.msgstr_plural.get(0, "")
        other = theirs.get((entry.msgctxt, entry.msgid))
        if other is not None and normal(other) != normal(ours):
            overriding.add(entry.msgid)
    assert overriding - INTENDED_OVERRIDES == set(), (
        "these msgids change the Dutch of allauth or Django everywhere: "
        "reword ours (or add a msgctxt), or list them as intended"
    )
    assert INTENDED_OVERRIDES - overriding == set(), "no longer overridden"


def test_the_audit_log_names_months_in_dutch(client, world):  # noqa: F811
    user = make_actor("moderator", world["region"], world["other"])
    html = visit(
        client, reverse("moderation:audit-log", kwargs={"slug": "twente"}), user
    )
    assert "1 december 2026" in html
    assert not re.search(r"\b\d{1,2} (Dec|Nov|Jan) \d{4}", html)


def test_a_scheduled_post_reads_as_a_status_not_as_the_button():
    from fairs.models import Publication

    label = str(Publication.Status.SCHEDULED.label)
    assert label == "Klaar voor de banenmarkt"
    assert translation.gettext("Ready for the fair") == "Klaarzetten voor de banenmarkt"


def dutch_texts():
    for entry in committed():
        yield from [entry.msgstr, *entry.msgstr_plural.values()]
    for page in (ROOT / "templates" / "pages").glob("*.nl.html"):
        yield page.read_text()


def test_our_dutch_says_je_and_keeps_its_terms():
    """ "je", never "u"/"uw"/"a.u.b."; one word per thing: a moderator is a
    "moderator" ("beheerder" is easily read as the platform admin, the
    "platformbeheerder"), logging in is "inloggen"."""
    formal = re.compile(r"\b(u|U|uw|Uw)\b|a\.u\.b\.")
    other_terms = re.compile(
        r"(?<![Pp]latform)\b[Bb]eheerders?\b|moderatoren|\b[Aa]anmeldcode"
    )
    found = [
        text[:80]
        for text in dutch_texts()
        if formal.search(text) or other_terms.search(text)
    ]
    assert found == []


def test_the_remove_form_names_the_option_it_offers(client, world):  # noqa: F811
    """The help says which choice needs an explanation, by that choice's
    name ("Overig", not "Anders")."""
    user = make_actor("moderator", world["region"], world["other"])
    url = reverse(
        "moderation:remove", kwargs={"slug": "twente", "pk": world["vacancy"].pk}
    )
    html = visit(client, url, user)
    assert (
        "Verplicht bij &#x27;Overig&#x27;" in html or "Verplicht bij 'Overig'" in html
    )
    assert re.search(r"\bOverig\s*</label>", html)
