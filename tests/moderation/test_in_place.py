"""Acting in place in the review queue: with htmx an action replaces its
item (with "Undo") and announces the result; without JavaScript the same
forms reload the page at the next item. Undo works for the last action
within a minute; several posts can be marked seen at once; during a live
fair the meter brings the posts that arrived since."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from banenmarkt.models import AuditEntry
from fairs import services as services_fairs
from fairs.models import Publication
from moderation import services, tasks
from moderation.models import Clarification, Removal, Review

from ..auth import sign_in_fresh
from ..factories import RegionRoleFactory
from ..fairs.conftest import publish, vacancy_fields

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(name, twente, publication=None):
    kwargs = {"slug": twente.slug}
    if publication is not None:
        kwargs["pk"] = publication.pk
    return reverse(f"moderation:{name}", kwargs=kwargs)


@pytest.fixture
def two(twente, employer):
    return [
        publish(employer, [twente], title=title).publications.get()
        for title in ("Eerste vacature", "Tweede vacature")
    ]


@pytest.fixture
def signed_in(client, moderator):
    sign_in_fresh(client, moderator)
    return client


def _queue_url(twente):
    return _url("queue", twente)


def test_seen_in_place_replaces_the_item_and_announces_it(signed_in, twente, two):
    first, second = two
    response = signed_in.post(
        _url("like", twente, first),
        {"next": _queue_url(twente), "volgende": second.pk},
        **HTMX,
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#item-{first.pk}"
    assert response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert f'id="item-{first.pk}"' in html and "data-done" in html
    assert "Gezien: <strong>Eerste vacature</strong>" in html
    # The status line (a polite live region) is told, with how to undo.
    assert 'hx-swap-oob="innerHTML:#queue-status"' in html
    assert "Ongedaan maken: druk op z" in html
    assert Review.objects.filter(publication=first).exists()


def test_without_javascript_seen_returns_at_the_next_item(signed_in, twente, two):
    first, second = two
    response = signed_in.post(
        _url("like", twente, first),
        {"next": _queue_url(twente), "volgende": second.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{_queue_url(twente)}#item-{second.pk}"
    page = signed_in.get(_queue_url(twente)).content.decode()
    assert f'id="item-{first.pk}"' not in page
    # The undo is on the page for a minute.
    assert "Je hebt 1 bericht als gezien gemarkeerd." in page


@pytest.mark.parametrize(
    "target", ["//example.com/", "https://example.com/", "/\\example.com"]
)
def test_next_never_leaves_the_site(signed_in, twente, two, target):
    response = signed_in.post(_url("like", twente, two[0]), {"next": target})
    assert response["Location"] == _queue_url(twente)


def test_a_second_seen_by_another_moderator_tells_who(signed_in, twente, two, employer):
    first, _second = two
    other = RegionRoleFactory(region=twente, role="moderator").user
    other.name = "Bram"
    other.save()
    services.publication_like(publication=first, moderator=other)
    response = signed_in.post(_url("like", twente, first), {}, **HTMX)
    html = response.content.decode()
    assert "data-done" in html and "message--warning" in html
    assert "Bram" in html
    assert Review.objects.get(publication=first).reviewed_by == other


def test_remove_in_place_keeps_what_was_typed_and_removes(signed_in, twente, two):
    first, second = two
    form = signed_in.get(
        _url("remove", twente, first) + f"?next={_queue_url(twente)}", **HTMX
    ).content.decode()
    # A fragment for the item, with ids of its own (25 forms may be open).
    assert "<html" not in form and f'id="remove-{first.pk}-reason_0"' in form
    assert f'hx-target="#slot-{first.pk}"' in form

    response = signed_in.post(
        _url("remove", twente, first),
        {"reason": "other", "note": "", "next": _queue_url(twente)},
        **HTMX,
    )
    assert "HX-Retarget" not in response
    html = response.content.decode()
    assert "Leg de reden uit." in html
    assert 'value="other" ' in html and "checked" in html
    assert Publication.objects.get(pk=first.pk).status == "published"

    response = signed_in.post(
        _url("remove", twente, first),
        {"reason": "duplicate", "next": _queue_url(twente), "volgende": second.pk},
        **HTMX,
    )
    assert response["HX-Retarget"] == f"#item-{first.pk}"
    assert "Verwijderd:" in response.content.decode()
    assert Publication.objects.get(pk=first.pk).status == "removed"


def test_remove_page_without_javascript_shows_the_post(signed_in, twente, two):
    first, second = two
    page = signed_in.get(_url("remove", twente, first)).content.decode()
    assert "Wij zoeken" in page or first.post.description[:30] in page
    response = signed_in.post(
        _url("remove", twente, first),
        {"reason": "duplicate", "next": _queue_url(twente), "volgende": second.pk},
    )
    assert response["Location"] == f"{_queue_url(twente)}#item-{second.pk}"


def test_a_commercial_removal_is_proposed_in_place(signed_in, twente, two):
    response = signed_in.post(
        _url("remove", twente, two[0]),
        {"reason": "commercial", "note": "reclame"},
        **HTMX,
    )
    assert "Het projectteam beslist" in response.content.decode()
    assert Publication.objects.get(pk=two[0].pk).status == "held"


def test_undo_a_seen_within_a_minute(signed_in, twente, two, moderator, time_machine):
    first, _second = two
    time_machine.move_to(first.published_at + timedelta(minutes=5), tick=False)
    signed_in.post(_url("like", twente, first), {}, **HTMX)
    action = signed_in.session["moderation_last_action"]["id"]

    time_machine.shift(timedelta(seconds=59))
    response = signed_in.post(
        _url("undo", twente), {"actie": action, "next": _queue_url(twente)}, **HTMX
    )
    html = response.content.decode()
    assert 'id="queue"' in html and "Ongedaan gemaakt" in html
    # The post is back, and focused next.
    assert f'id="item-{first.pk}"' in html and "data-focus" in html
    assert not Review.objects.filter(publication=first).exists()
    assert AuditEntry.objects.filter(
        action="moderation.publication.unliked", actor=moderator
    ).exists()
    # Once is enough: the action is gone.
    signed_in.post(_url("undo", twente), {"actie": action})
    assert (
        AuditEntry.objects.filter(action="moderation.publication.unliked").count() == 1
    )


def test_no_undo_after_a_minute(signed_in, twente, two, time_machine):
    first, _second = two
    time_machine.move_to(first.published_at + timedelta(minutes=5), tick=False)
    signed_in.post(_url("like", twente, first), {}, **HTMX)
    action = signed_in.session["moderation_last_action"]["id"]
    time_machine.shift(timedelta(seconds=61))
    response = signed_in.post(_url("undo", twente), {"actie": action})
    assert response.status_code == 302
    assert Review.objects.filter(publication=first).exists()
    page = signed_in.get(_queue_url(twente)).content.decode()
    assert "Dit kun je niet meer ongedaan maken." in page


def test_only_the_last_action_can_be_undone(signed_in, twente, two):
    first, second = two
    signed_in.post(_url("like", twente, first), {}, **HTMX)
    older = signed_in.session["moderation_last_action"]["id"]
    signed_in.post(_url("like", twente, second), {}, **HTMX)
    signed_in.post(_url("undo", twente), {"actie": older})
    assert Review.objects.filter(publication=first).exists()
    assert Review.objects.filter(publication=second).exists()


def test_undo_a_removal_restores_it_and_the_author_is_not_told(
    signed_in, twente, two, django_capture_on_commit_callbacks
):
    first, _second = two
    signed_in.post(_url("remove", twente, first), {"reason": "duplicate"}, **HTMX)
    removal = Removal.objects.get(publication=first)
    action = signed_in.session["moderation_last_action"]["id"]
    signed_in.post(_url("undo", twente), {"actie": action}, **HTMX)
    assert Publication.objects.get(pk=first.pk).status == "published"
    # The email waits a minute and more (REMOVAL_NOTIFY_DELAY_SECONDS);
    # when it runs after the undo, it sends nothing.
    mail.outbox.clear()
    tasks.removal_notify(removal.pk)
    assert mail.outbox == []


def test_undo_never_restores_a_removal_someone_else_made(
    signed_in, twente, two, moderator
):
    first, _second = two
    signed_in.post(_url("remove", twente, first), {"reason": "duplicate"}, **HTMX)
    action = signed_in.session["moderation_last_action"]["id"]
    # Within the minute: B restores it, C removes it again.
    other = RegionRoleFactory(region=twente, role="moderator").user
    services.publication_restore(publication=first, moderator=other)
    services.publication_remove(
        publication=Publication.objects.get(pk=first.pk),
        moderator=other,
        reason="inappropriate",
    )
    html = signed_in.post(
        _url("undo", twente), {"actie": action}, **HTMX
    ).content.decode()
    assert "Iemand anders heeft" in html
    assert Publication.objects.get(pk=first.pk).status == "removed"
    assert Removal.objects.get(status="confirmed").decided_by == other


def test_undo_a_proposal_takes_it_back(signed_in, twente, two, moderator):
    first, _second = two
    signed_in.post(_url("remove", twente, first), {"reason": "commercial"}, **HTMX)
    action = signed_in.session["moderation_last_action"]["id"]
    signed_in.post(_url("undo", twente), {"actie": action}, **HTMX)
    assert Publication.objects.get(pk=first.pk).status == "published"
    assert Removal.objects.get(publication=first).status == "withdrawn"
    assert AuditEntry.objects.filter(
        action="moderation.publication.removal_withdrawn", actor=moderator
    ).exists()


def test_undo_takes_back_only_the_moderators_own_likes(twente, two, moderator):
    first, _second = two
    other = RegionRoleFactory(region=twente, role="moderator").user
    services.publication_like(publication=first, moderator=other)
    assert (
        services.publications_unlike_own(
            region=twente, pks=[first.pk], moderator=moderator
        )
        == []
    )
    assert Review.objects.filter(publication=first).exists()


def test_mark_several_seen_at_once_and_undo_them_together(signed_in, twente, two):
    first, second = two
    response = signed_in.post(
        _url("like-many", twente),
        {"pk": [first.pk, second.pk], "next": _queue_url(twente)},
        **HTMX,
    )
    html = response.content.decode()
    assert "2 berichten als gezien gemarkeerd." in html
    assert 'id="queue"' in html and f'id="item-{first.pk}"' not in html
    assert Review.objects.filter(publication__in=two).count() == 2

    action = signed_in.session["moderation_last_action"]["id"]
    signed_in.post(_url("undo", twente), {"actie": action})
    assert not Review.objects.filter(publication__in=two).exists()


def test_mark_several_without_a_selection_says_so(signed_in, twente, two):
    response = signed_in.post(_url("like-many", twente), {"next": _queue_url(twente)})
    assert response.status_code == 302
    page = signed_in.get(_queue_url(twente)).content.decode()
    assert "Selecteer eerst de berichten" in page


def test_mark_several_ignores_posts_of_another_region(signed_in, fair, employer, two):
    twente, nijmegen = fair
    elsewhere = services_fairs.post_create(
        author=employer,
        kind="vacancy",
        regions=[nijmegen],
        fields=vacancy_fields(),
        schedule_when_closed=True,
    ).publications.get()
    Publication.objects.filter(pk=elsewhere.pk).update(
        status="published", published_at=elsewhere.created_at
    )
    signed_in.post(_url("like-many", twente), {"pk": [elsewhere.pk, two[0].pk]})
    assert not Review.objects.filter(publication=elsewhere).exists()
    assert Review.objects.filter(publication=two[0]).exists()


def test_clarify_in_place(client, twente, two, project_team):
    sign_in_fresh(client, project_team)
    first, _second = two
    form = client.get(_url("clarify", twente, first), **HTMX).content.decode()
    assert "<html" not in form and f'id="clarify-{first.pk}-question"' in form
    response = client.post(
        _url("clarify", twente, first),
        {"question": "Is een rijbewijs nodig?", "answer": "Nee."},
        **HTMX,
    )
    assert "Je toelichting staat onder het bericht." in response.content.decode()
    assert Clarification.objects.filter(publication=first).exists()


def test_the_meter_brings_posts_that_arrived_since(
    signed_in, twente, two, employer, time_machine
):
    first, second = two
    url = _queue_url(twente) + f"?deel=meter&getoond={first.pk}&getoond={second.pk}"
    html = signed_in.get(url, **HTMX).content.decode()
    assert 'id="queue-meter"' in html and "queue-items" not in html

    time_machine.shift(timedelta(minutes=1))
    newer = publish(employer, [twente], title="Net binnen").publications.get()
    html = signed_in.get(url, **HTMX).content.decode()
    assert 'hx-swap-oob="beforeend:#queue-items"' in html
    assert f'id="item-{newer.pk}"' in html and f'id="item-{second.pk}"' not in html
    assert "1 nieuw bericht onderaan de lijst gezet." in html


def test_the_meter_never_adds_what_is_on_screen(signed_in, twente, employer):
    """After a bulk "seen" (or an undo, or the next page read in place) the
    list changed under the meter: what the screen has is never added twice."""
    publications = [
        publish(employer, [twente], title=f"Vacature {n}").publications.get()
        for n in range(4)
    ]
    signed_in.post(_url("like-many", twente), {"pk": [publications[0].pk]}, **HTMX)
    on_screen = "".join(f"&getoond={p.pk}" for p in publications[1:])
    html = signed_in.get(
        _queue_url(twente) + "?deel=meter" + on_screen, **HTMX
    ).content.decode()
    assert "queue-items" not in html and "nieuw bericht" not in html


def test_after_an_action_in_place_the_queue_keeps_its_filter(signed_in, twente, two):
    first, _second = two
    page = _queue_url(twente) + "?alleen=new_org"
    html = signed_in.post(
        _url("like-many", twente), {"pk": [first.pk], "next": page}, **HTMX
    ).content.decode()
    assert f'name="next" value="{page}"' in html
    assert (
        "beheer/berichten/gezien/"
        not in html.split('id="queue"')[1].split('name="next"')[1][:60]
    )


def test_the_queue_lists_the_keys(signed_in, twente, two):
    page = signed_in.get(_queue_url(twente)).content.decode()
    assert "Sneltoetsen" in page and "<kbd>g</kbd>" in page
    assert "js/review-queue.js" in page


def test_the_meter_marks_posts_others_handled(signed_in, twente, two):
    first, second = two
    other = RegionRoleFactory(region=twente, role="moderator").user
    services.publication_like(publication=first, moderator=other)
    url = _queue_url(twente) + f"?deel=meter&getoond={first.pk}&getoond={second.pk}"
    html = signed_in.get(url, **HTMX).content.decode()
    assert f'<li id="item-{first.pk}" hx-swap-oob="outerHTML"' in html
    assert f'<li id="item-{second.pk}"' not in html
    assert "1 bericht op je scherm is door iemand anders behandeld." in html


def test_the_session_keeps_only_the_ids_of_the_last_action(signed_in, twente, two):
    first, _second = two
    signed_in.post(_url("like", twente, first), {"next": _queue_url(twente)})
    action = signed_in.session["moderation_last_action"]
    assert action["pks"] == [first.pk]
    assert first.post.title not in str(action)
    # The undo panel reads the title when it shows.
    page = signed_in.get(_queue_url(twente)).content.decode()
    assert f'<span class="muted">({first.post.title})</span>' in page
