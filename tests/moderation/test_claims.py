"""Claiming ("bekeken door Anna"): an item a moderator opened or focused is
shown as theirs to the others for CLAIM_MINUTES, never taken over, released
by a decision; and one outcome when two moderators like the same post."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from banenmarkt.models import AuditEntry
from fairs import services as fair_services
from fairs.models import Post, Publication
from moderation import selectors, services
from moderation.models import CLAIM_MINUTES, Claim, Review

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionRoleFactory, UserFactory
from ..fairs.conftest import publish, vacancy_fields
from .test_queue import _bulk_publications

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(twente):
    return RegionRoleFactory(
        region=twente, role="moderator", user=UserFactory(name="Bram")
    ).user


def liked_entries(publication):
    return AuditEntry.objects.filter(
        action="moderation.publication.liked", target_id=publication.pk
    ).count()


# --- publication_claim ---------------------------------------------------------


def test_claim_is_made_and_refreshed_by_its_holder(publication, moderator):
    now = timezone.now()
    claim = services.publication_claim(
        publication=publication, moderator=moderator, now=now
    )
    assert (claim.moderator, claim.claimed_at) == (moderator, now)

    later = now + timedelta(minutes=2)
    again = services.publication_claim(
        publication=publication, moderator=moderator, now=later
    )
    assert again.pk == claim.pk
    assert Claim.objects.get().claimed_at == later
    # Looking is no decision: nothing in the audit log.
    assert not AuditEntry.objects.exists()


def test_a_live_claim_is_never_taken_over(publication, moderator, colleague):
    now = timezone.now()
    services.publication_claim(publication=publication, moderator=moderator, now=now)

    held = services.publication_claim(
        publication=publication,
        moderator=colleague,
        now=now + timedelta(minutes=CLAIM_MINUTES) - timedelta(seconds=1),
    )

    assert held.moderator == moderator
    assert Claim.objects.get().claimed_at == now


def test_a_claim_expires_after_three_minutes(publication, moderator, colleague):
    now = timezone.now()
    services.publication_claim(publication=publication, moderator=moderator, now=now)

    later = now + timedelta(minutes=3)
    held = services.publication_claim(
        publication=publication, moderator=colleague, now=later
    )

    assert (held.moderator, held.claimed_at) == (colleague, later)
    assert Claim.objects.count() == 1


@pytest.mark.parametrize("decision", ["like", "remove", "propose"])
def test_a_decision_releases_the_claim(publication, moderator, colleague, decision):
    services.publication_claim(publication=publication, moderator=colleague)
    if decision == "like":
        services.publication_like(publication=publication, moderator=moderator)
    elif decision == "remove":
        services.publication_remove(
            publication=publication, moderator=moderator, reason="duplicate"
        )
    else:
        services.publication_propose_removal(
            publication=publication, moderator=moderator
        )
    assert not Claim.objects.exists()


# --- One outcome ------------------------------------------------------------------


def test_a_second_like_is_refused_with_who_liked_it(publication, moderator, colleague):
    services.publication_like(publication=publication, moderator=moderator)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.publication_like(publication=publication, moderator=colleague)

    assert refused.value.messages == ["Anna already marked this as seen."]
    assert Review.objects.get().reviewed_by == moderator
    assert liked_entries(publication) == 1


def test_a_second_like_after_the_first_liker_left_names_nobody(
    publication, moderator, colleague
):
    services.publication_like(publication=publication, moderator=moderator)
    Review.objects.update(reviewed_by=None)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.publication_like(publication=publication, moderator=colleague)

    assert refused.value.messages == ["Another moderator already marked this as seen."]


def test_like_many_likes_what_waits_and_skips_the_rest(
    fair, employer, moderator, colleague
):
    twente, nijmegen = fair
    waiting, seen, removed = (
        publish(employer, [twente], title=title).publications.get()
        for title in ("Wacht", "Al gezien", "Weg")
    )
    # The same post on Nijmegen's board: another region's publication.
    fair_services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[twente, nijmegen],
        fields=vacancy_fields(title="Elders"),
        schedule_when_closed=True,
    )
    elsewhere = Publication.objects.get(region=nijmegen)
    Publication.objects.filter(pk=elsewhere.pk).update(
        status="published", published_at=timezone.now()
    )
    services.publication_like(publication=seen, moderator=colleague)
    services.publication_remove(
        publication=removed, moderator=colleague, reason="duplicate"
    )

    liked = services.publications_like_many(
        region=twente,
        pks=[waiting.pk, seen.pk, removed.pk, elsewhere.pk],
        moderator=moderator,
    )

    assert liked == [waiting.pk]
    assert Review.objects.get(publication=waiting).reviewed_by == moderator
    assert Review.objects.get(publication=seen).reviewed_by == colleague
    assert not Review.objects.filter(publication__in=[removed, elsewhere]).exists()
    assert liked_entries(waiting) == 1
    assert liked_entries(seen) == 1  # the colleague's, no second one


# --- The queue ------------------------------------------------------------------


def test_the_queue_leaves_out_what_others_look_at_and_lists_it(
    fair, employer, moderator, colleague
):
    twente, _nijmegen = fair
    first, second, third = (
        publish(employer, [twente], title=title).publications.get()
        for title in ("Eerste", "Tweede", "Derde")
    )
    now = timezone.now()
    services.publication_claim(publication=first, moderator=colleague, now=now)
    services.publication_claim(publication=second, moderator=moderator, now=now)
    # An old claim of the colleague counts no more.
    services.publication_claim(
        publication=third, moderator=colleague, now=now - timedelta(minutes=5)
    )

    page = selectors.review_queue_page(region=twente, moderator=moderator, now=now)

    # Our own claim stays in our list; the colleague's live one moves out.
    assert [p.pk for p in page.items] == [second.pk, third.pk]
    assert [p.pk for p in page.claimed] == [first.pk]
    assert page.claimed[0].claimed_by_name == "Bram"
    assert page.claimed[0].claimed_at == now
    assert page.count == 3  # still waiting, all of them

    # The colleague sees it the other way round.
    theirs = selectors.review_queue_page(region=twente, moderator=colleague, now=now)
    assert [p.pk for p in theirs.items] == [first.pk, third.pk]
    assert [p.pk for p in theirs.claimed] == [second.pk]

    # Without a moderator (or after three minutes) nothing is left out.
    assert len(selectors.review_queue_page(region=twente).items) == 3
    later = selectors.review_queue_page(
        region=twente, moderator=moderator, now=now + timedelta(minutes=3)
    )
    assert (len(later.items), later.claimed) == (3, [])


def test_the_claimed_list_follows_the_filter_and_names_by_email(
    fair, employer, member, moderator
):
    twente, _nijmegen = fair
    reported, plain = (
        publish(employer, [twente], title=title).publications.get()
        for title in ("Gemeld", "Gewoon")
    )
    services.report_create(publication=reported, reporter=member, reason="Vreemd")
    nameless = RegionRoleFactory(
        region=twente, user=UserFactory(name="", email="zonder.naam@example.nl")
    ).user
    for publication in (reported, plain):
        services.publication_claim(publication=publication, moderator=nameless)

    page = selectors.review_queue_page(
        region=twente, only="reported", moderator=moderator
    )

    assert page.items == []
    assert [(p.pk, p.claimed_by_name) for p in page.claimed] == [
        (reported.pk, "zonder.naam@example.nl")
    ]


def test_claimed_items_cost_one_query_however_many(
    fair, employer, moderator, colleague, django_assert_num_queries
):
    twente, _nijmegen = fair
    for index in range(12):
        publication = publish(employer, [twente], title=f"V{index}").publications.get()
        if index % 2:
            services.publication_claim(publication=publication, moderator=colleague)
    # The count, the page's rows, its posts, their regions, first vacancies.
    with django_assert_num_queries(5):
        selectors.review_queue_page(region=twente)
    # The colleague's page: only their own claims, so no claimed list.
    with django_assert_num_queries(6):
        selectors.review_queue_page(region=twente, moderator=colleague)
    # The others' claims (1) and the claimed posts (1).
    with django_assert_num_queries(7):
        page = selectors.review_queue_page(region=twente, moderator=moderator)
        for publication in page.claimed:
            assert publication.post.title and publication.claimed_by_name
    assert (len(page.items), len(page.claimed)) == (6, 6)


def test_someone_looking_at_a_post_is_active(fair, publication, colleague):
    twente, _nijmegen = fair
    now = timezone.now()
    services.publication_claim(publication=publication, moderator=colleague, now=now)
    assert selectors.activity(region=twente, now=now)["active"] == ["Bram"]
    later = now + timedelta(minutes=CLAIM_MINUTES)
    assert selectors.activity(region=twente, now=later)["active"] == []


def test_the_claimed_partial_names_who_looks_and_escapes(
    fair, employer, moderator, colleague
):
    twente, _nijmegen = fair
    publication = publish(
        employer, [twente], title="<b>Heftruck</b>"
    ).publications.get()
    colleague.name = "<i>Bram</i>"
    colleague.save()
    now = timezone.now()
    services.publication_claim(publication=publication, moderator=colleague, now=now)
    page = selectors.review_queue_page(region=twente, moderator=moderator)

    with translation.override("en"):
        html = render_to_string(
            "moderation/_claimed.html", {"page": page, "region": twente}
        )

    assert '<section class="queue-claimed" aria-labelledby="claimed-title">' in html
    assert '<h2 id="claimed-title">Being looked at by other moderators</h2>' in html
    url = reverse(
        "fairs:publication", kwargs={"slug": twente.slug, "pk": publication.pk}
    )
    assert f'<a href="{url}">&lt;b&gt;Heftruck&lt;/b&gt;</a>' in html
    time = timezone.localtime(now).strftime("%H:%M")
    assert f"looked at by &lt;i&gt;Bram&lt;/i&gt; since {time}" in html
    assert "<td" not in html
    empty = selectors.review_queue_page(region=twente, moderator=colleague)
    assert (
        render_to_string(
            "moderation/_claimed.html", {"page": empty, "region": twente}
        ).strip()
        == ""
    )


# --- The view ---------------------------------------------------------------------


def _claim_url(publication):
    return reverse(
        "moderation:claim",
        kwargs={"slug": publication.region.slug, "pk": publication.pk},
    )


def test_claim_view_answers_htmx_with_204_or_409(
    client, publication, moderator, colleague
):
    sign_in_fresh(client, moderator)
    response = client.post(_claim_url(publication), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert Claim.objects.get().moderator == moderator

    sign_in_fresh(client, colleague)
    response = client.post(
        _claim_url(publication),
        headers={"HX-Request": "true", "Accept-Language": "en"},
    )
    assert response.status_code == 409
    assert response["Content-Type"].startswith("text/plain")
    assert response.content.decode() == "Anna bekijkt dit bericht al."
    assert Claim.objects.get().moderator == moderator


def test_claim_view_without_htmx_goes_back_to_the_item(
    client, publication, moderator, colleague
):
    queue = reverse("moderation:queue", kwargs={"slug": publication.region.slug})
    sign_in_fresh(client, moderator)
    response = client.post(_claim_url(publication))
    assert response.status_code == 302
    assert response["Location"] == f"{queue}#item-{publication.pk}"

    sign_in_fresh(client, colleague)
    response = client.post(_claim_url(publication), follow=True)
    assert response.redirect_chain[-1][0] == f"{queue}#item-{publication.pk}"
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1 and "Anna" in messages[0]


def test_claim_view_is_for_the_regions_moderators_only(client, fair, publication):
    twente, nijmegen = fair
    sign_in_fresh(client, MembershipFactory(region=twente).user)
    assert client.post(_claim_url(publication)).status_code == 403
    assert client.get(_claim_url(publication)).status_code == 405
    sign_in_fresh(client, RegionRoleFactory(region=nijmegen).user)
    other_region = reverse(
        "moderation:claim", kwargs={"slug": nijmegen.slug, "pk": publication.pk}
    )
    assert client.post(other_region).status_code == 404
    assert not Claim.objects.exists()


def test_a_pitch_with_a_cv_to_check_can_be_liked_again(seeker, twente, moderator):
    """The CV check keeps a post in the queue after a like (unreviewed), so
    a second like is not refused."""
    post = publish(seeker, [twente], kind=Post.Kind.PITCH)
    Post.objects.filter(pk=post.pk).update(
        cv="cv/scan.pdf", cv_filename="scan.pdf", cv_state=Post.CvState.MODERATOR
    )
    publication = Publication.objects.get(post=post)
    services.publication_like(publication=publication, moderator=moderator)
    services.publication_like(publication=publication, moderator=moderator)
    assert Review.objects.filter(publication=publication).count() == 1


def test_claims_keep_the_queue_page_at_two_queries_more_with_thousands(
    fair, employer, moderator, colleague
):
    twente, _nijmegen = fair

    def claim_some(publications):
        Claim.objects.bulk_create(
            Claim(publication=p, moderator=colleague, claimed_at=timezone.now())
            for p in publications[::4]
        )

    def queries(**kwargs):
        with CaptureQueriesContext(connection) as captured:
            page = selectors.review_queue_page(region=twente, **kwargs)
            assert all(p.post.title for p in page.claimed)
        return len(captured.captured_queries), page

    claim_some(_bulk_publications(twente, employer, 20))
    small, page = queries(moderator=moderator)
    assert (len(page.items), len(page.claimed)) == (15, 5)
    # The others' claims and the claimed posts.
    assert small == queries()[0] + 2

    claim_some(_bulk_publications(twente, employer, 3000))
    large, page = queries(moderator=moderator)
    assert (len(page.items), len(page.claimed)) == (25, selectors.CLAIMED_SHOWN)
    assert large == small
