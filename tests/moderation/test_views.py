"""Every moderation view for every role; a moderator of region A can do
nothing in region B."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse

from banenmarkt.models import AuditEntry
from fairs.models import Publication
from members.models import Membership
from moderation import services
from moderation.models import Clarification, Removal, Review, StaffNote

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionRoleFactory
from ..fairs.conftest import publish
from ..roles import MODERATORS, PROJECT_TEAM, ROLES, expected, make_actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_moderation_pages_role_matrix(client, fair, publication, role):
    twente, nijmegen = fair
    member = Membership.objects.filter(region=twente, status="active").first()
    actor = make_actor(role, twente, nijmegen)
    if actor:
        sign_in_fresh(client, actor)
    slug = twente.slug
    pages = {
        reverse("moderation:queue", kwargs={"slug": slug}): MODERATORS,
        reverse(
            "moderation:remove", kwargs={"slug": slug, "pk": publication.pk}
        ): MODERATORS,
        reverse("moderation:removed", kwargs={"slug": slug}): MODERATORS,
        reverse(
            "moderation:member-notes", kwargs={"slug": slug, "pk": member.pk}
        ): MODERATORS,
        reverse("moderation:audit-log", kwargs={"slug": slug}): MODERATORS,
        reverse(
            "moderation:clarify", kwargs={"slug": slug, "pk": publication.pk}
        ): PROJECT_TEAM,
        reverse("moderation:audit-log-csv", kwargs={"slug": slug}): PROJECT_TEAM,
    }
    for url, allowed in pages.items():
        assert client.get(url).status_code == expected(role, allowed), (role, url)


@pytest.mark.parametrize("role", ROLES)
def test_moderation_actions_role_matrix(client, fair, employer, role):
    from ..fairs.conftest import publish

    twente, nijmegen = fair
    liked, removed, noted = (
        publish(employer, [twente], title=t).publications.get() for t in ("A", "B", "C")
    )
    proposer = RegionRoleFactory(region=twente).user
    held = publish(employer, [twente], title="D").publications.get()
    proposal = services.publication_propose_removal(
        publication=held, moderator=proposer
    )
    actor = make_actor(role, twente, nijmegen)
    if actor:
        sign_in_fresh(client, actor)
    slug = twente.slug
    responses = {
        "like": client.post(
            reverse("moderation:like", kwargs={"slug": slug, "pk": liked.pk})
        ),
        "remove": client.post(
            reverse("moderation:remove", kwargs={"slug": slug, "pk": removed.pk}),
            {"reason": "duplicate"},
        ),
        "note": client.post(
            reverse("moderation:note", kwargs={"slug": slug, "pk": noted.pk}),
            {"text": "Nagebeld"},
        ),
        "decide": client.post(
            reverse("moderation:decide", kwargs={"slug": slug, "pk": proposal.pk}),
            {"decision": "confirm"},
        ),
    }
    for name, response in responses.items():
        allowed = PROJECT_TEAM if name == "decide" else MODERATORS
        assert response.status_code == expected(role, allowed, ok=302), (role, name)
    assert Review.objects.filter(publication=liked).exists() == (role in MODERATORS)
    assert Publication.objects.get(pk=removed.pk).status == (
        "removed" if role in MODERATORS else "published"
    )
    assert StaffNote.objects.exists() == (role in MODERATORS)
    assert Removal.objects.get(pk=proposal.pk).status == (
        "confirmed" if role in PROJECT_TEAM else "pending"
    )


def test_a_moderator_of_another_region_cannot_reach_publications_by_id(
    client, fair, publication
):
    _twente, nijmegen = fair
    sign_in_fresh(client, RegionRoleFactory(region=nijmegen, role="project_team").user)
    response = client.post(
        reverse("moderation:like", kwargs={"slug": nijmegen.slug, "pk": publication.pk})
    )
    assert response.status_code == 404
    assert not Review.objects.exists()


def test_queue_page_like_and_seen_by(client, fair, publication, moderator):
    sign_in_fresh(client, moderator)
    queue_url = reverse("moderation:queue", kwargs={"slug": fair[0].slug})
    assert publication.post.title in client.get(queue_url).content.decode()
    client.post(
        reverse("moderation:like", kwargs={"slug": fair[0].slug, "pk": publication.pk}),
        {"next": queue_url},
    )
    assert f'id="item-{publication.pk}"' not in client.get(queue_url).content.decode()

    other = RegionRoleFactory(region=fair[0]).user
    sign_in_fresh(client, other)
    detail = client.get(
        reverse(
            "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
        )
    ).content.decode()
    assert "Gezien door Anna om" in detail
    assert (
        "Anna" in client.get(queue_url).content.decode()
    )  # active in the last 15 minutes


def test_queue_partial_for_htmx(client, fair, publication, moderator):
    sign_in_fresh(client, moderator)
    response = client.get(
        reverse("moderation:queue", kwargs={"slug": fair[0].slug}),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="queue"')
    assert "<html" not in html


@pytest.mark.parametrize("count", [5, 300])
def test_queue_runs_a_constant_number_of_queries(
    client, fair, employer, moderator, count, django_assert_max_num_queries
):
    from fairs.models import Post

    edition = fair[0].editions.not_closed().first()
    posts = Post.objects.bulk_create(
        Post(
            author=employer,
            kind="vacancy",
            title=f"V{i}",
            description="x",
            sector="care",
            education_level="mbo",
            hours_per_week=20,
            place="Hengelo",
            organisation=f"Org {i % 7}",
        )
        for i in range(count)
    )
    from django.utils import timezone

    Publication.objects.bulk_create(
        Publication(
            post=p,
            region=fair[0],
            edition=edition,
            status="published",
            published_at=timezone.now(),
        )
        for p in posts
    )
    sign_in_fresh(client, moderator)
    # +1 since conversations: the header's count of new conversations.
    # +1: whether a fair is live (the banner, cached 30 s for everyone).
    # +1: which vacancies on the page are their organisation's first.
    # +1: the region's calendar, kept (for the board too) but not yet here:
    # two queries where asking whether a fair is live was one.
    # +1: the first page's posts read by id after its compiled query.
    with django_assert_max_num_queries(19):
        assert (
            client.get(
                reverse("moderation:queue", kwargs={"slug": fair[0].slug})
            ).status_code
            == 200
        )


def test_remove_form_needs_a_reason_and_keeps_the_note(
    client, fair, publication, moderator
):
    sign_in_fresh(client, moderator)
    url = reverse(
        "moderation:remove", kwargs={"slug": fair[0].slug, "pk": publication.pk}
    )
    response = client.post(url, {"reason": "other", "note": ""})
    assert "Leg de reden uit." in response.content.decode()
    response = client.post(url, {"note": "Mijn uitleg"})
    assert "Mijn uitleg" in response.content.decode()
    assert Publication.objects.get(pk=publication.pk).status == "published"
    client.post(url, {"reason": "commercial", "note": "Reclame"})
    assert Publication.objects.get(pk=publication.pk).status == "held"
    member = MembershipFactory(region=fair[0]).user
    sign_in_fresh(client, member)
    board = client.get(
        reverse("fairs:board", kwargs={"slug": fair[0].slug})
    ).content.decode()
    assert publication.post.title not in board


def test_clarification_is_shown_to_every_member(
    client, fair, publication, project_team
):
    sign_in_fresh(client, project_team)
    client.post(
        reverse(
            "moderation:clarify", kwargs={"slug": fair[0].slug, "pk": publication.pk}
        ),
        {
            "question": "Is een rijbewijs nodig?",
            "answer": "Nee, de werkplek is met de bus bereikbaar.",
        },
    )
    assert Clarification.objects.count() == 1
    sign_in_fresh(client, MembershipFactory(region=fair[0]).user)
    html = client.get(
        reverse(
            "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
        )
    ).content.decode()
    assert "Toelichting van het projectteam" in html
    assert "Nee, de werkplek is met de bus bereikbaar." in html


def test_staff_notes_are_for_moderators_only(client, fair, publication, moderator):
    services.staff_note_add(
        region=fair[0],
        author=moderator,
        text="Werkgever nagebeld, betrouwbaar",
        publication=publication,
    )
    url = reverse(
        "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
    )
    sign_in_fresh(client, moderator)
    assert "Werkgever nagebeld, betrouwbaar" in client.get(url).content.decode()
    sign_in_fresh(client, publication.post.author)
    assert "Werkgever nagebeld" not in client.get(url).content.decode()
    sign_in_fresh(client, RegionRoleFactory(region=fair[0], role="staff").user)
    assert "Werkgever nagebeld" not in client.get(url).content.decode()


def test_reporter_is_not_revealed_but_the_reason_reaches_the_queue(
    client, fair, publication, moderator, seeker
):
    sign_in_fresh(client, seeker)
    client.post(
        reverse(
            "moderation:publication-report",
            kwargs={"slug": fair[0].slug, "pk": publication.pk},
        ),
        {"reason": "Dit is een nepvacature."},
    )
    sign_in_fresh(client, moderator)
    html = client.get(
        reverse("moderation:queue", kwargs={"slug": fair[0].slug}) + "?alleen=reported"
    ).content.decode()
    assert "Dit is een nepvacature." in html
    assert seeker.email not in html


def test_nobody_reports_their_own_post_or_reaction(
    client, fair, publication, employer, seeker
):
    from django.core.exceptions import ValidationError

    from fairs import services as fair_services
    from moderation.models import Report

    slug = fair[0].slug
    reaction = fair_services.reaction_create(
        publication=publication, author=seeker, text="Vraag"
    )
    report = reverse(
        "moderation:publication-report", kwargs={"slug": slug, "pk": publication.pk}
    )
    detail = reverse("fairs:publication", kwargs={"slug": slug, "pk": publication.pk})
    of_reaction = f"?reactie={reaction.pk}"

    sign_in_fresh(client, employer)
    html = client.get(detail).content.decode()
    assert f'href="{report}"' not in html  # not their own post ...
    assert f'href="{report}{of_reaction}"' in html  # ... but the reaction
    assert client.get(report).status_code == 403
    assert client.post(report, {"reason": "Eigen"}).status_code == 403

    sign_in_fresh(client, seeker)
    html = client.get(detail).content.decode()
    assert f'href="{report}"' in html
    assert f'href="{report}{of_reaction}"' not in html
    assert client.get(report + of_reaction).status_code == 403
    assert client.post(report + of_reaction, {"reason": "Eigen"}).status_code == 403
    assert client.get(report).status_code == 200
    assert not Report.objects.exists()

    with pytest.raises(ValidationError):
        services.report_create(
            publication=publication, reporter=employer, reason="Eigen"
        )
    with pytest.raises(ValidationError):
        services.report_create(
            publication=publication, reaction=reaction, reporter=seeker, reason="Eigen"
        )


def test_audit_log_filters_and_csv(client, fair, publication, moderator, project_team):
    services.publication_like(publication=publication, moderator=moderator)
    services.publication_unlike(publication=publication, moderator=project_team)
    AuditEntry.objects.create(
        region=fair[0],
        actor=moderator,
        action="moderation.publication.clarified",
        target_type="fairs.publication",
        target_id=1,
        target_label="=SUM(A1)",
    )
    sign_in_fresh(client, project_team)
    url = reverse("moderation:audit-log", kwargs={"slug": fair[0].slug})
    html = client.get(url + "?actie=moderation.publication.liked").content.decode()
    assert '<td data-label="Actie">Bericht gezien</td>' in html
    assert '<td data-label="Actie">Gezien ongedaan gemaakt</td>' not in html
    html = client.get(url + f"?door={project_team.pk}").content.decode()
    assert '<td data-label="Actie">Gezien ongedaan gemaakt</td>' in html
    assert '<td data-label="Actie">Bericht gezien</td>' not in html

    response = client.get(
        reverse("moderation:audit-log-csv", kwargs={"slug": fair[0].slug})
    )
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufeff")  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Wanneer", "Actie", "Door", "Over", "Reden"]
    assert {r[1] for r in rows[1:]} == {
        "Bericht gezien",
        "Gezien ongedaan gemaakt",
        "Toelichting toegevoegd",
    }
    assert [r[3] for r in rows[1:] if r[1] == "Toelichting toegevoegd"] == ["'=SUM(A1)"]


def test_every_action_in_these_tests_is_audited(
    fair, publication, moderator, project_team, employer
):
    from ..fairs.conftest import publish

    services.publication_like(publication=publication, moderator=moderator)
    services.publication_unlike(publication=publication, moderator=moderator)
    services.publication_remove(
        publication=publication, moderator=moderator, reason="duplicate"
    )
    services.publication_restore(publication=publication, moderator=moderator)
    second = publish(employer, [fair[0]], title="Reclame").publications.get()
    proposal = services.publication_propose_removal(
        publication=second, moderator=moderator
    )
    services.removal_decide(removal=proposal, decider=project_team, confirm=False)
    proposal = services.publication_propose_removal(
        publication=second, moderator=moderator
    )
    services.removal_decide(removal=proposal, decider=project_team, confirm=True)
    services.clarification_add(
        publication=publication, author=project_team, question="?", answer="!"
    )
    logged = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "moderation.publication.liked",
        "moderation.publication.unliked",
        "moderation.publication.removed",
        "moderation.publication.restored",
        "moderation.publication.removal_proposed",
        "moderation.publication.removal_rejected",
        "moderation.publication.removal_confirmed",
        "moderation.publication.clarified",
    } <= logged
    entry = AuditEntry.objects.filter(action="moderation.publication.removed").get()
    assert (entry.actor, entry.region, entry.target_id) == (
        moderator,
        fair[0],
        publication.pk,
    )


def test_navigation_count_is_kept_a_few_seconds(
    client, fair, publication, moderator, employer, time_machine
):
    """The header's count is read at most once per NAV_COUNT_SECONDS per
    moderator, not on every page of a busy morning."""
    from moderation.context_processors import NAV_COUNT_SECONDS

    time_machine.move_to(publication.published_at + timedelta(minutes=1), tick=False)
    sign_in_fresh(client, moderator)
    home = reverse("fairs:home")
    assert '<span class="count">1</span>' in client.get(home).content.decode()
    publish(employer, [fair[0]])
    assert '<span class="count">1</span>' in client.get(home).content.decode()
    time_machine.shift(timedelta(seconds=NAV_COUNT_SECONDS + 1))
    assert '<span class="count">2</span>' in client.get(home).content.decode()


def test_navigation_counts_posts_to_review(client, fair, publication, moderator):
    sign_in_fresh(client, moderator)
    html = client.get(reverse("fairs:home")).content.decode()
    # One item for all the work waiting (the header stays one line).
    assert (
        'Taken <span class="count">1</span><span class="visually-hidden">: '
        "0 aanmeldingen, 1 bericht te beoordelen</span>"
    ) in html
