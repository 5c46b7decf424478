"""Reflow (WCAG 1.4.10): every page of the role matrix (tests/test_url_matrix.py)
at 320 CSS pixels, seen by a role that may open it, is no wider than the
viewport; and at 1280 px the header navigation of every role is one line.

One browser context per role, signed in by putting the session of a Django
test client (tests/auth.py) into the browser, reused for all its pages."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from ..auth import sign_in_fresh
from ..roles import ROLES, make_actor
from ..test_url_matrix import MATRIX
from ..test_url_matrix import world as matrix_world
from .axe import assert_accessible
from .helpers import NOT_HTML

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The matrix's world (a region with posts, requests, a fair behind it), here
# in a transactional database that the live server sees.
world = matrix_world

# The role that looks at a page when several may: the one with the most in
# the header and on the page first.
PREFERENCE = [
    "admin",
    "project_team",
    "moderator",
    "staff",
    "member",
    "pending",
    "other_member",
    "other_moderator",
    "outsider",
    "anonymous",
]
assert set(PREFERENCE) == set(ROLES)
# Pages only their owner opens (the matrix says 404 for everyone else): who
# owns one in the world, and the URL's arguments.
OWNED = {
    "fairs:post-edit": (
        lambda w: w["member"].user,
        lambda w: {"pk": w["pitch"].post_id},
    ),
    "fairs:post-withdraw": (
        lambda w: w["member"].user,
        lambda w: {"pk": w["pitch"].post_id},
    ),
    "members:request-edit": (
        lambda w: w["pending"].user,
        lambda w: {"pk": w["pending"].pk},
    ),
    "conversations:conversation": (
        lambda w: w["member"].user,
        lambda w: {"pk": w["reaction"].pk},
    ),
    "fairs:reaction-answer": (
        lambda w: w["vacancy"].post.author,
        lambda w: {"pk": w["reaction"].pk},
    ),
}


def pages(world):
    """(viewer, url) for every page of the matrix: a role, or an owner."""
    for name, entry in sorted(MATRIX.items()):
        if entry.method != "get" or name in NOT_HTML:
            continue
        if entry.ok != 200:
            continue  # only ever a redirect (e.g. the pitch preview without a draft)
        if name in OWNED:
            owner, kwargs = OWNED[name]
            yield owner(world), reverse(name, kwargs=kwargs(world))
            continue
        role = next(
            (role for role in PREFERENCE if entry.expected(role) == entry.ok == 200),
            None,
        )
        assert role is not None, f"nobody may open {name}"
        url = reverse(name, kwargs=entry.kwargs(world) or None) + entry.query(world)
        yield role, url


class Viewers:
    """A browser context per role (or owner), signed in once, at `width`."""

    def __init__(self, browser, live_server, world, width):
        self.browser, self.live_server, self.world = browser, live_server, world
        self.width = width
        self.contexts = {}

    def page(self, viewer):
        if viewer not in self.contexts:
            context = self.browser.new_context(
                base_url=self.live_server.url,
                viewport={"width": self.width, "height": 800},
                locale="nl-NL",
            )
            context.set_default_timeout(10_000)
            user = (
                make_actor(viewer, self.world["region"], self.world["other"])
                if isinstance(viewer, str)
                else viewer
            )
            if user is not None:
                client = Client()
                sign_in_fresh(client, user)
                context.add_cookies(
                    [
                        {
                            "name": settings.SESSION_COOKIE_NAME,
                            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                            "url": self.live_server.url,
                        }
                    ]
                )
            self.contexts[viewer] = context.new_page()
        return self.contexts[viewer]

    def close(self):
        for page in self.contexts.values():
            page.context.close()


@pytest.fixture
def viewers(browser, live_server, world):
    made = []

    def make(width):
        made.append(Viewers(browser, live_server, world, width))
        return made[-1]

    yield make
    for each in made:
        each.close()


# What sticks out past the viewport's right edge (the innermost elements), to
# name in the failure.
STICKING_OUT = """width => [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .filter(el => ![...el.children].some(
        child => child.getBoundingClientRect().right > width + 0.5))
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase()
        + (el.className && typeof el.className === 'string'
           ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
        + ' "' + el.textContent.trim().slice(0, 30) + '"')"""


def test_no_page_of_the_matrix_scrolls_sideways_at_320_px(viewers, world):
    at_320 = viewers(320)
    too_wide, visited = {}, 0
    for viewer, url in pages(world):
        page = at_320.page(viewer)
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            raise AssertionError(
                f"{url} is not a page (a download?): add its name to NOT_HTML"
            ) from error
        assert response.status == 200, (viewer, url, response.status)
        assert response.headers["content-type"].startswith("text/html"), url
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[url] = (width, page.evaluate(STICKING_OUT, 320))
        visited += 1
    assert visited > 40
    assert not too_wide, "wider than 320 px:\n" + "\n".join(
        f"{url}: {width} px ({', '.join(what)})"
        for url, (width, what) in too_wide.items()
    )


# The header's items (of every list in it) as [top, bottom]: on one line when
# every item starts above the point where the first one to end ends.
NAV_ITEMS = """() => [...document.querySelectorAll('.site-nav li')]
    .filter(item => item.getClientRects().length)
    .map(item => [item.getBoundingClientRect().top, item.getBoundingClientRect().bottom])"""


def test_the_header_navigation_is_one_line_at_1280_px_for_every_role(viewers, world):
    at_1280 = viewers(1280)
    lines = {}
    for role in ROLES:
        page = at_1280.page(role)
        page.goto(reverse("members:dashboard" if role != "anonymous" else "fairs:home"))
        items = page.evaluate(NAV_ITEMS)
        assert len(items) >= 3, role
        lines[role] = max(top for top, _ in items) < min(bottom for _, bottom in items)
    assert lines == dict.fromkeys(ROLES, True)
    # The moderator's work is one item; screen readers hear what it holds.
    menu = at_1280.page("moderator").get_by_role("navigation", name="Hoofdmenu")
    tasks = menu.get_by_role("link", name=re.compile("^Taken"))
    total, joins, posts = map(
        int,
        re.fullmatch(
            r"Taken (\d+): (\d+) aanmeldingen?, (\d+) berichte?n? te beoordelen",
            " ".join(tasks.text_content().split()),
        ).groups(),
    )
    assert joins >= 1 and posts >= 1 and total == joins + posts


# The pages the walkthrough found too wide at 320 px, as the roles who use
# them: axe at a phone's and a desktop's width.
WALKTHROUGH = [
    ("member", lambda w: reverse("fairs:publication", kwargs=slug_pk(w, "vacancy"))),
    ("moderator", lambda w: reverse("fairs:publication", kwargs=slug_pk(w, "vacancy"))),
    ("staff", lambda w: reverse("placements:call-backs", kwargs=slug_pk(w, "edition"))),
    ("moderator", lambda w: reverse("members:join-queue", args=[w["region"].slug])),
    ("moderator", lambda w: reverse("moderation:audit-log", args=[w["region"].slug])),
]


def slug_pk(world, key):
    return {"slug": world["region"].slug, "pk": world[key].pk}


@pytest.mark.parametrize("width", [320, 1280])
def test_the_walkthrough_pages_pass_axe(viewers, world, width):
    at_width = viewers(width)
    for role, url in WALKTHROUGH:
        page = at_width.page(role)
        page.goto(url(world))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert_accessible(page)
