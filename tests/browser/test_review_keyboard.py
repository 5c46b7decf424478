"""A moderator works the review queue with the keyboard only: 50 posts in
at most 100 key presses, focus moving on after each action, the result
announced, a removal and an undo in place, at 320 and at 1280 px."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from fairs import services as fair_services
from fairs.models import Post, Publication, Region
from moderation import selectors
from moderation import services as moderation_services
from moderation.models import Review

from ..factories import MembershipFactory
from ..fairs.conftest import vacancy_fields
from .axe import assert_accessible
from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED_OPEN_ITEM = (
    "document.activeElement && document.activeElement.matches("
    "'[data-item]:not([data-done])')"
)


@pytest.fixture
def twente(demo):
    return Region.objects.get(slug="twente")


@pytest.fixture
def moderator(demo):
    return get_user_model().objects.get(email="beheerder@demo.nl")


def _post(twente, title):
    # Employers of their own: one employer meets the flood limit at 20.
    employer = MembershipFactory(
        region=twente, kind="employer", organisation=f"Bedrijf {title}"
    ).user
    return fair_services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields=vacancy_fields(title=title),
    ).publications.get()


def _waiting(twente):
    return selectors.review_queue(region=twente).count()


def _wait(page, expression, timeout=10_000):
    """Wait until `expression` is true in the page. (Playwright's
    wait_for_function evaluates strings, which the CSP refuses.)"""
    for _ in range(timeout // 50):
        if page.evaluate(f"() => Boolean({expression})"):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"still false after {timeout} ms: {expression}")


def _press(page, key, presses):
    """Press a key the way a moderator does; count it."""
    page.keyboard.press(key)
    presses.append(key)


def _focused_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_fifty_posts_reviewed_with_at_most_a_hundred_keys(page, twente, moderator):
    # Exactly 50 waiting, whatever the demo left at this moment.
    for number in range(50 - _waiting(twente)):
        _post(twente, f"Vacature {number}")
    for extra in selectors.review_queue(region=twente)[50:]:
        moderation_services.publication_like(publication=extra, moderator=moderator)
    assert _waiting(twente) == 50
    reviewed_before = Review.objects.filter(reviewed_by=moderator).count()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, "beheerder@demo.nl")
    page.goto("/regio/twente/beheer/berichten/")
    presses = []

    _press(page, "j", presses)
    _wait(page, FOCUSED_OPEN_ITEM)
    for _ in range(50):
        before = _focused_id(page)
        _press(page, "g", presses)
        # Focus moves on by itself: to the next post, or, when the page is
        # done, to the first post of the queue read again.
        _wait(
            page,
            f"({FOCUSED_OPEN_ITEM} && document.activeElement.id !== {before!r})"
            " || document.querySelector('.queue-empty')",
            timeout=15_000,
        )
    assert len(presses) <= 100
    assert Review.objects.filter(reviewed_by=moderator).count() == reviewed_before + 50
    assert _waiting(twente) == 0
    assert page.locator(".queue-empty").is_visible()
    assert "Gezien:" in page.locator("#queue-status").inner_text()


@pytest.mark.parametrize("width", [320, 1280])
def test_remove_and_undo_in_place_with_the_keyboard(page, twente, width):
    first = selectors.review_queue(region=twente).first()
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, "beheerder@demo.nl")
    page.goto("/regio/twente/beheer/berichten/")

    page.keyboard.press("j")
    _wait(page, FOCUSED_OPEN_ITEM)
    assert _focused_id(page) == f"item-{first.pk}"
    page.keyboard.press("v")
    # The form opens in the item, its first choice focused.
    reason = page.locator(f"#remove-{first.pk}-reason_0")
    reason.wait_for()
    _wait(page, "document.activeElement.type === 'radio'")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    # Typing keys in the form do nothing: "g" in the explanation is text.
    page.locator(f"#remove-{first.pk}-note").focus()
    page.keyboard.type("geen vacature")
    assert Publication.objects.get(pk=first.pk).status == "published"
    page.locator(f"#remove-{first.pk}-reason_3").check()  # duplicate
    page.keyboard.press("Shift+Tab")
    page.locator(f"#remove-{first.pk}-note").press("Tab")
    page.keyboard.press("Enter")
    _wait(
        page, FOCUSED_OPEN_ITEM + f" && document.activeElement.id !== 'item-{first.pk}'"
    )
    assert "Verwijderd:" in page.locator("#queue-status").inner_text()
    assert Publication.objects.get(pk=first.pk).status == "removed"

    # z undoes it: the post is back in the list and focused.
    page.keyboard.press("z")
    _wait(
        page,
        f"document.activeElement && document.activeElement.id === 'item-{first.pk}'",
    )
    assert Publication.objects.get(pk=first.pk).status == "published"
    assert "Ongedaan gemaakt" in page.locator("#queue-status").inner_text()

    # ? shows the keys; they are listed on the page.
    page.keyboard.press("?")
    assert page.locator("#queue-shortcuts dl").is_visible()
    assert_accessible(page)


def test_select_several_and_mark_them_seen(page, twente, moderator):
    log_in(page, "beheerder@demo.nl")
    page.goto("/regio/twente/beheer/berichten/")
    items = list(selectors.review_queue(region=twente)[:2])
    for _ in items:
        page.keyboard.press("j")
        _wait(page, FOCUSED_OPEN_ITEM)
        page.keyboard.press("x")
    page.get_by_role("button", name="Geselecteerde als gezien markeren").click()
    page.locator(
        "#queue-status", has_text="2 berichten als gezien gemarkeerd."
    ).wait_for()
    assert all(
        Review.objects.filter(publication=item, reviewed_by=moderator).exists()
        for item in items
    )


def test_a_live_fair_brings_new_posts_without_a_reload(page, twente):
    now = timezone.now()
    fair_services.edition_add_extra(
        region=twente,
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
        title="Extra",
    )
    # One page: the new post fits at its end.
    for publication in selectors.review_queue(region=twente)[25:]:
        Publication.objects.filter(pk=publication.pk).update(status="removed")
    log_in(page, "beheerder@demo.nl")
    page.goto("/regio/twente/beheer/berichten/")
    page.keyboard.press("j")
    _wait(page, FOCUSED_OPEN_ITEM)
    focused = _focused_id(page)

    newer = _post(twente, "Net binnengekomen vacature")
    page.locator(f"#item-{newer.pk}").wait_for(timeout=25_000)
    assert (
        "1 nieuw bericht onderaan de lijst gezet."
        in page.locator("#queue-status").inner_text()
    )
    # Nothing moved under the moderator's hands.
    assert _focused_id(page) == focused
    assert (
        page.locator(".queue-top").evaluate("top => getComputedStyle(top).position")
        == "sticky"
    )


def test_a_post_one_moderator_looks_at_is_claimed_for_the_other(
    browser, live_server, page, twente
):
    first = selectors.review_queue(region=twente).first()
    log_in(page, "beheerder@demo.nl")
    page.goto("/regio/twente/beheer/berichten/")
    page.keyboard.press("j")
    _wait(page, FOCUSED_OPEN_ITEM)
    assert _focused_id(page) == f"item-{first.pk}"

    other = browser.new_context(base_url=live_server.url, locale="nl-NL")
    other_page = other.new_page()
    log_in(other_page, "projectteam@demo.nl")
    for _ in range(40):  # the claim is sent as the item gets focus
        other_page.goto("/regio/twente/beheer/berichten/")
        if other_page.locator(f"#claimed-{first.pk}").count():
            break
        other_page.wait_for_timeout(100)
    claimed = other_page.locator(f"#claimed-{first.pk}")
    assert "bekeken door Anna Beheerder" in claimed.inner_text()
    # Not in the other moderator's list: unclaimed posts come first.
    assert other_page.locator(f"#item-{first.pk}").count() == 0
    assert_accessible(other_page)
    other_page.goto("about:blank")
    other.close()
