"""Forms that cannot mislead (issue 15): on every page of the role matrix
(tests/test_url_matrix.py) that a demo account may open, each checkbox's
accessible name is its own label, and that label stands beside it on the same
line, so a box never seems to belong to the next field. The vacancy and pitch
forms also pass axe at 320 and 1280 px without sideways scrolling."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from banenmarkt.notifications import unsubscribe_token
from fairs.models import Edition, Post, Publication, Region
from fairs.retention import pitch_keep_token
from members.models import InviteLink, Membership
from placements.models import CallBack, Placement, SurveyInvitation

from ..fairs.documents import pdf_with_text
from ..test_url_matrix import MATRIX
from .axe import assert_accessible
from .helpers import NOT_HTML, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The demo's accounts and the role of tests/roles.py each one plays.
ACCOUNTS = {
    "anonymous": None,
    "werkzoekende@demo.nl": "member",
    "werkgever@demo.nl": "member",
    "klantmanager@demo.nl": "member",
    "beheerder@demo.nl": "moderator",
    "projectteam@demo.nl": "project_team",
    "wsp@demo.nl": "staff",
}
# Downloads and feeds: no page to look at.
# A member's own pages beyond the matrix (which has only someone else's).
OWN_PAGES = {
    "werkgever@demo.nl": ["post-edit:vacancy"],
    "werkzoekende@demo.nl": ["post-edit:pitch"],
}
# Checkboxes that must have been seen, per account: the ones issue 15 found
# beside the wrong label among them.
MUST_SEE = {
    "werkgever@demo.nl": {"banenafspraak"},
    "klantmanager@demo.nl": {"banenafspraak", "on_behalf", "client_consent"},
    "werkzoekende@demo.nl": {"banenafspraak", "remove_cv"},
    "anonymous": {"anonymous"},
}

CHECKBOX_LAYOUT = """el => {
  const norm = s => (s || "").replace(/\\s+/g, " ").trim();
  const box = el.getBoundingClientRect();
  const own = Array.from(el.labels || []);
  const beside = own.filter(l => !l.contains(el)).map(l => {
    const r = l.getBoundingClientRect();
    return {
      text: norm(l.innerText),
      sameLine: r.top < box.bottom && r.bottom > box.top,
      after: r.left >= box.right - 1,
      gap: r.left - box.right,
    };
  });
  // The nearest label or legend to the right on the box's line.
  let nearest = null;
  for (const other of document.querySelectorAll("label, legend")) {
    if (other.contains(el)) continue;
    const r = other.getBoundingClientRect();
    if (r.width === 0 || !(r.top < box.bottom && r.bottom > box.top)) continue;
    if (r.left < box.right - 1) continue;
    if (nearest === null || r.left - box.right < nearest.gap) {
      nearest = {gap: r.left - box.right, own: own.includes(other), text: norm(other.innerText)};
    }
  }
  return {
    name: el.name,
    id: el.id,
    labelText: norm(own.map(l => l.innerText).join(" ")),
    wrapped: own.some(l => l.contains(el)),
    ariaLabel: el.getAttribute("aria-label"),
    beside,
    nearest,
  };
}"""


def demo_world() -> dict:
    twente = Region.objects.get(slug="twente")
    nijmegen = Region.objects.get(slug="rijk-van-nijmegen")
    published = Publication.objects.filter(
        region=twente, status=Publication.Status.PUBLISHED
    )
    vacancy = published.filter(post__kind=Post.Kind.VACANCY).first()
    pitch = published.filter(post__kind=Post.Kind.PITCH).first()
    seeker = Membership.objects.get(
        region=twente, user__email="werkzoekende@demo.nl", status="active"
    )
    return {
        "region": twente,
        "vacancy": vacancy,
        "pitch": pitch,
        "member": seeker,
        "pending": Membership.objects.filter(
            region=twente, status=Membership.Status.PENDING
        ).first(),
        "edition": Edition.objects.filter(region=nijmegen)
        .filter(call_backs__isnull=False)
        .distinct()
        .first(),
        "call_back": CallBack.objects.filter(region=nijmegen).first(),
        "placement": Placement.objects.filter(region=nijmegen).first(),
        "survey_token": "forms-test-token",
        "unsubscribe_token": unsubscribe_token(seeker.user),
        "pitch_keep_token": pitch_keep_token(pitch.post),
        "nijmegen": nijmegen,
        "invite_link": InviteLink.objects.filter(region=twente).first(),
    }


def pitch_with_cv() -> None:
    """The job seeker's pitch with a CV, so its edit form offers to remove it."""
    post = Post.objects.filter(
        author__email="werkzoekende@demo.nl", kind=Post.Kind.PITCH
    ).first()
    post.cv.save("cv.pdf", SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv")))


def survey_invitation(world) -> None:
    SurveyInvitation.objects.create(
        edition=world["edition"], membership=world["member"], token="forms-test-token"
    )


def urls_for(account: str, world: dict) -> list[str]:
    role = ACCOUNTS[account]
    urls = []
    for name, entry in sorted(MATRIX.items()):
        if name in NOT_HTML or entry.method != "get":
            continue
        if role is None:
            if "anonymous" not in entry.allowed:
                continue
        elif role not in entry.allowed or entry.expected(role) != entry.ok:
            continue
        region_world = world
        if name.startswith("placements:") or name == "fairs:fair":
            # The demo's after-fair work (and the edition in the world) is in
            # Rijk van Nijmegen.
            region_world = {**world, "region": world["nijmegen"]}
        url = reverse(name, kwargs=entry.kwargs(region_world) or None)
        urls.append(url + entry.query(region_world))
    if role == "member":
        # Joining a region the demo's members are not in yet.
        urls.append(reverse("members:join", kwargs={"slug": "zuid-holland-centraal"}))
    for own in OWN_PAGES.get(account, []):
        kind = Post.Kind.VACANCY if own.endswith("vacancy") else Post.Kind.PITCH
        post = Post.objects.filter(
            author__email=account, kind=kind, withdrawn_at__isnull=True
        )
        urls.append(reverse("fairs:post-edit", kwargs={"pk": post.first().pk}))
    if role is None:
        urls += ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
    else:
        urls += ["/accounts/email/", "/accounts/password/change/"]
    return urls


def accessible_name(checkbox) -> str:
    """The name the accessibility tree gives the box (Chromium's, through
    Playwright's ARIA snapshot: `- checkbox "name"`, the whole line in YAML's
    single quotes when the name holds ": ")."""
    line = checkbox.aria_snapshot().splitlines()[0].removeprefix("- ")
    if line.startswith("'"):
        line = line[1 : line.rindex("'")].replace("''", "'")
    match = re.match(r'^checkbox "(.*)"', line)
    return match.group(1).replace('\\"', '"') if match else ""


def check_checkboxes(page, seen: set) -> list[str]:
    """Problems with the checkboxes of the page, as sentences; the names of
    the boxes go into `seen`."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    problems = []
    for checkbox in page.get_by_role("checkbox").all():
        layout = checkbox.evaluate(CHECKBOX_LAYOUT)
        where = f"{page.url} #{layout['id'] or layout['name']}"
        name = accessible_name(checkbox)
        if layout["labelText"]:
            if name != layout["labelText"]:
                problems.append(
                    f"{where}: named {name!r}, label {layout['labelText']!r}"
                )
        elif not (layout["ariaLabel"] and name == layout["ariaLabel"]):
            problems.append(f"{where}: no label of its own (named {name!r})")
        if not layout["wrapped"] and layout["labelText"]:
            if not any(b["sameLine"] and b["after"] for b in layout["beside"]):
                problems.append(f"{where}: its label is not beside it")
            elif layout["nearest"] is None or not layout["nearest"]["own"]:
                problems.append(
                    f"{where}: beside it stands {layout['nearest']!r}, not its label"
                )
        seen.add(layout["name"])
    return problems


@pytest.mark.parametrize("account", sorted(ACCOUNTS))
def test_every_checkbox_is_named_by_and_beside_its_own_label(page, demo, account):
    world = demo_world()
    survey_invitation(world)
    pitch_with_cv()
    if ACCOUNTS[account] is not None:
        log_in(page, account)
    seen, problems, failed = set(), [], []
    for url in urls_for(account, world):
        response = page.goto(url)
        if response is None or response.status != 200:
            failed.append(f"{url}: {response and response.status}")
            continue
        problems += check_checkboxes(page, seen)
    assert not failed, "pages that did not open:\n" + "\n".join(failed)
    assert not problems, "\n".join(problems)
    assert MUST_SEE.get(account, set()) <= seen


@pytest.mark.parametrize(
    ("account", "path", "checkboxes"),
    [
        ("werkgever@demo.nl", "/plaatsen/vacature/", {"banenafspraak"}),
        # The guided pitch's first step (its buttons are Next and Back;
        # Publish and Ready for the fair are on the preview).
        (
            "klantmanager@demo.nl",
            "/plaatsen/pitch/stap-1/",
            {"on_behalf", "client_consent"},
        ),
    ],
)
def test_vacancy_and_pitch_forms_pass_axe_at_320_and_1280(
    page, demo, account, path, checkboxes
):
    log_in(page, account)
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(path)
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        seen = set()
        assert check_checkboxes(page, seen) == []
        assert checkboxes <= seen
        if "stap-" in path:
            continue
        # "Publish" is the primary action, "Ready for the fair" looks secondary.
        publish = page.get_by_role("button", name="Plaatsen", exact=True)
        schedule = page.get_by_role("button", name=re.compile("^Klaarzetten"))
        background = "el => getComputedStyle(el).backgroundColor"
        assert publish.evaluate(background) != schedule.evaluate(background)
        assert schedule.evaluate(background) == "rgb(255, 255, 255)"


def test_a_known_employers_vacancy_form_starts_filled_in(page, demo):
    log_in(page, "werkgever@demo.nl")
    page.goto("/plaatsen/vacature/")
    assert page.get_by_label("Organisatie", exact=True).input_value() == (
        "Bakkerij Hengelo"
    )
    assert page.get_by_label("Contactpersoon", exact=True).input_value() == (
        "Bakkerij Hengelo"
    )
    assert page.get_by_label("E-mail", exact=True).input_value() == (
        "werkgever@demo.nl"
    )
    # A field that is not needed says so in its label.
    assert page.get_by_label("Link naar het videogesprek (niet verplicht)").count() == 1
    assert page.locator("select[name=contract_kind] option").first.inner_text() == (
        "Kies …"
    )
