import logging

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from banenmarkt.models import AuditEntry
from fairs import services
from fairs.models import Post, Publication, Reaction
from members.models import Membership

from ..factories import MembershipFactory, RegionRoleFactory, UserFactory
from .conftest import FAIR_LIVE, pitch_fields, publish, vacancy_fields

pytestmark = pytest.mark.django_db


def test_post_once_publish_in_two_regions(fair, employer, time_machine):
    twente, nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    post = publish(employer, [twente, nijmegen])

    publications = {p.region: p for p in post.publications.all()}
    assert set(publications) == {twente, nijmegen}
    assert all(p.status == Publication.Status.PUBLISHED for p in publications.values())
    assert publications[twente].edition.region == twente
    assert publications[nijmegen].edition.region == nijmegen

    services.post_update(
        post=post, editor=employer, fields={"title": "Orderpicker (nacht)"}
    )
    assert {p.post.title for p in Publication.objects.select_related("post")} == {
        "Orderpicker (nacht)"
    }


def test_open_region_publishes_between_fairs_for_the_next_edition(fair, employer):
    twente, _ = fair
    post = publish(employer, [twente])
    publication = post.publications.get()
    assert publication.status == Publication.Status.PUBLISHED
    assert publication.edition.starts_at.date().isoformat() == "2026-12-01"


def test_fair_only_region_refuses_outside_the_fair_and_keeps_nothing(fair, employer):
    _, nijmegen = fair
    with pytest.raises(services.PostingWindowClosed) as excinfo:
        publish(employer, [nijmegen])
    assert "alleen plaatsen als de banenmarkt open is" in excinfo.value.messages[0]
    assert "dinsdag 1 december 2026, 10:00–13:00" in excinfo.value.messages[0]
    assert not Post.objects.exists()


def test_ready_for_the_fair_is_published_at_ten(fair, employer, time_machine):
    twente, nijmegen = fair
    post = services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[twente, nijmegen],
        fields=vacancy_fields(),
        schedule_when_closed=True,
    )
    statuses = {p.region: p.status for p in post.publications.all()}
    assert statuses == {twente: "published", nijmegen: "scheduled"}

    time_machine.move_to(FAIR_LIVE.replace(hour=9, minute=59), tick=False)
    assert services.publications_publish_due() == 0
    time_machine.move_to(FAIR_LIVE.replace(hour=10, minute=0), tick=False)
    assert services.publications_publish_due() == 1
    assert services.publications_publish_due() == 0  # idempotent
    nijmegen_publication = post.publications.get(region=nijmegen)
    assert nijmegen_publication.status == Publication.Status.PUBLISHED


def test_only_members_post_in_a_region(fair):
    twente, _ = fair
    with pytest.raises(PermissionError):
        publish(UserFactory(), [twente])
    pending = MembershipFactory(region=twente, status=Membership.Status.PENDING).user
    with pytest.raises(PermissionError):
        publish(pending, [twente])


def test_withdraw_leaves_the_board_but_keeps_the_record(fair, employer):
    post = publish(employer, [fair[0]])
    services.post_withdraw(post=post, user=employer)
    post.refresh_from_db()
    assert post.withdrawn_at is not None
    assert post.publications.get().status == Publication.Status.WITHDRAWN
    assert not Publication.objects.on_board().exists()
    with pytest.raises(ValidationError):
        services.post_update(post=post, editor=employer, fields={"title": "x"})


def test_email_html_escapes_what_people_typed(
    fair, seeker, django_capture_on_commit_callbacks
):
    author = MembershipFactory(region=fair[0]).user
    title = '</title><a href="https://evil.example">Log opnieuw in</a>'
    publication = publish(author, [fair[0]], title=title).publications.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.reaction_create(
            publication=publication, author=seeker, text="<b>Hoi</b>"
        )
    html = mail.outbox[-1].alternatives[0].content
    assert '<a href="https://evil.example">' not in html
    assert "&lt;/title&gt;" in html
    assert "<b>Hoi</b>" not in html


def test_reaction_emails_the_author_and_a_reply_is_followed_up(
    fair, employer, seeker, django_capture_on_commit_callbacks
):
    publication = publish(employer, [fair[0]]).publications.get()
    with django_capture_on_commit_callbacks(execute=True):
        reaction = services.reaction_create(
            publication=publication,
            author=seeker,
            text="Kan ik ook in het weekend werken?",
        )
    assert mail.outbox[-1].to == [employer.email]
    assert "Nieuwe reactie op" in mail.outbox[-1].subject
    assert "Kan ik ook in het weekend werken?" in mail.outbox[-1].body
    assert reaction.followed_up_at is None

    other = MembershipFactory(region=fair[0]).user
    services.reaction_create(
        publication=publication, author=other, text="Ik ook!", parent=reaction
    )
    reaction.refresh_from_db()
    assert reaction.followed_up_at is None  # only the author's reply counts

    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reaction_create(
            publication=publication,
            author=employer,
            text="Ja, dat kan.",
            parent=reaction,
        )
    reaction.refresh_from_db()
    assert reaction.followed_up_at == reply.created_at
    assert mail.outbox[-1].to == [seeker.email]
    assert "Antwoord op je reactie" in mail.outbox[-1].subject


def test_the_author_does_not_react_to_their_own_post_but_replies(
    fair, employer, seeker
):
    publication = publish(employer, [fair[0]]).publications.get()
    with pytest.raises(ValidationError):
        services.reaction_create(
            publication=publication, author=employer, text="Aanvulling"
        )
    reaction = services.reaction_create(
        publication=publication, author=seeker, text="Vraag"
    )
    reply = services.reaction_create(
        publication=publication, author=employer, text="Antwoord", parent=reaction
    )
    assert reply.parent == reaction
    assert list(
        publication.reactions.order_by("pk").values_list("author_id", flat=True)
    ) == [
        seeker.pk,
        employer.pk,
    ]


def test_reactions_to_an_on_behalf_pitch_go_to_the_caseworker(
    fair, seeker, django_capture_on_commit_callbacks
):
    caseworker = MembershipFactory(
        region=fair[0], kind=Membership.Kind.CASEWORKER, organisation="Gemeente"
    ).user
    post = publish(caseworker, [fair[0]], kind=Post.Kind.PITCH, on_behalf=True)
    assert post.client_consent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.reaction_create(
            publication=post.publications.get(), author=seeker, text="Interesse!"
        )
    assert [m.to for m in mail.outbox] == [[caseworker.email]]


def test_on_behalf_needs_recorded_consent(fair):
    from django.db import IntegrityError, transaction

    caseworker = MembershipFactory(region=fair[0]).user
    with pytest.raises((ValidationError, IntegrityError)), transaction.atomic():
        Post.objects.create(
            author=caseworker, kind="pitch", on_behalf=True, **pitch_fields()
        )


def test_cv_views_are_logged_and_harvesting_is_stopped(
    fair, settings, django_capture_on_commit_callbacks, caplog
):
    settings.CV_DOWNLOAD_LIMIT = 3
    logging.getLogger("banenmarkt.security").addHandler(caplog.handler)
    twente = fair[0]
    RegionRoleFactory(region=twente, user=UserFactory(email="anna@beheer.example"))
    authors = [MembershipFactory(region=twente).user for _ in range(5)]
    posts = [publish(a, [twente], kind=Post.Kind.PITCH) for a in authors]
    harvester = MembershipFactory(region=twente).user

    for post in posts[:3]:
        services.cv_view_record(post=post, region=twente, viewer=harvester)
    assert posts[0].cv_views.get().viewer == harvester

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.CvDownloadLimit),
    ):
        services.cv_view_record(post=posts[3], region=twente, viewer=harvester)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(services.CvDownloadLimit),
    ):
        services.cv_view_record(post=posts[4], region=twente, viewer=harvester)
    alerts = [m for m in mail.outbox if m.to == ["anna@beheer.example"]]
    assert len(alerts) == 1  # once per window
    assert harvester.email in alerts[0].body
    assert AuditEntry.objects.filter(action="fairs.cv.download_stopped").count() == 1
    assert not posts[3].cv_views.exists()
    stops = [r for r in caplog.records if "cv.download_stopped" in r.getMessage()]
    assert len(stops) == 2  # every stopped download is a security event
    logging.getLogger("banenmarkt.security").removeHandler(caplog.handler)


def test_authors_own_cv_view_is_not_logged(fair):
    author = MembershipFactory(region=fair[0]).user
    post = publish(author, [fair[0]], kind=Post.Kind.PITCH)
    services.cv_view_record(post=post, region=fair[0], viewer=author)
    assert not post.cv_views.exists()


def test_reply_must_belong_to_the_same_publication(fair, employer, seeker):
    first = publish(employer, [fair[0]]).publications.get()
    second = publish(employer, [fair[0]], title="Tweede").publications.get()
    reaction = services.reaction_create(publication=first, author=seeker, text="Hoi")
    with pytest.raises(ValidationError):
        services.reaction_create(
            publication=second, author=employer, text="x", parent=reaction
        )
    assert Reaction.objects.count() == 1


def test_cancelling_an_edition_moves_its_publications_to_the_next(fair, employer):
    twente, nijmegen = fair
    live = publish(employer, [twente]).publications.get()
    ready = services.post_create(
        author=employer,
        kind=Post.Kind.VACANCY,
        regions=[nijmegen],
        fields=vacancy_fields(),
        schedule_when_closed=True,
    ).publications.get()
    december_twente, december_nijmegen = live.edition, ready.edition
    services.edition_set_cancelled(edition=december_twente, cancelled=True)
    services.edition_set_cancelled(edition=december_nijmegen, cancelled=True)
    live.refresh_from_db()
    ready.refresh_from_db()
    assert live.edition.starts_at.date().isoformat() == "2027-02-02"
    assert ready.edition.starts_at.date().isoformat() == "2027-02-02"
    assert live.status == "published" and ready.status == "scheduled"


def test_leaving_or_being_ended_takes_the_posts_off_that_board(
    fair, employer, time_machine
):
    from members import services as member_services

    twente, nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    post = publish(employer, [twente, nijmegen])
    membership = Membership.objects.get(user=employer, region=twente, status="active")
    member_services.membership_leave(membership=membership, user=employer)
    statuses = dict(post.publications.values_list("region__slug", "status"))
    assert statuses == {"twente": "withdrawn", "rijk-van-nijmegen": "published"}

    moderator = RegionRoleFactory(region=nijmegen).user
    ended = Membership.objects.get(user=employer, region=nijmegen, status="active")
    member_services.membership_end(membership=ended, moderator=moderator, reason="Spam")
    assert not Publication.objects.on_board().exists()
