"""The guided pitch (fairs/pitch_views.py): five steps, each checked on its
own and kept in a server-side draft; a preview; publishing through
`services.post_create`; discarding; and the draft's retention sweep."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from fairs import retention, services
from fairs.models import PitchDraft, Post, Publication
from members import services as member_services
from members.models import Membership

from ..factories import MembershipFactory
from .conftest import pitch_fields, pitch_walk
from .documents import pdf_with_text


def step(number: int) -> str:
    return reverse("fairs:pitch-step", kwargs={"number": number})


PREVIEW = reverse("fairs:pitch-preview")
START = reverse("fairs:pitch-create")


@pytest.fixture
def author(client, seeker):
    client.force_login(seeker)
    return seeker


def walk_to(client, last: int, data: dict) -> None:
    for number in range(1, last + 1):
        response = client.post(step(number), {**data, "next": "1"})
        assert response.status_code == 302, response.content.decode()[:2000]


def test_a_refused_step_keeps_what_was_typed_and_stores_nothing_refused(client, author):
    response = client.post(
        step(1),
        {"title": "Mijn BSN is 111222333", "place": "Hengelo", "next": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dat mogen we niet verwerken" in html
    assert 'value="Hengelo"' in html
    assert 'value="Mijn BSN is 111222333"' in html  # shown, not kept
    assert not PitchDraft.objects.exists()

    response = client.post(step(3), {"hours_per_week": "80", "next": "1"})
    assert response.status_code == 302  # step 3 waits for steps 1 and 2
    assert response["Location"] == step(1)


def test_each_step_checks_its_own_fields(client, author, fair):
    walk_to(client, 2, pitch_fields())
    response = client.post(
        step(3),
        {"desired_work": "Kassa", "hours_per_week": "80", "next": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Kassa"' in html
    assert 'value="80"' in html
    assert "hours_per_week" in response.context["form"].errors
    assert PitchDraft.objects.get().step_done == 2


def test_back_keeps_what_passed_and_leaves_out_a_refused_field(client, author):
    walk_to(client, 2, pitch_fields())
    response = client.post(
        step(3),
        {
            "desired_work": "Kassa",
            "availability": "burgerservicenummer 111222333",
            "hours_per_week": "",
            "back": "1",
        },
    )
    assert response["Location"] == step(2)
    draft = PitchDraft.objects.get()
    assert draft.values["wishes"]["desired_work"] == "Kassa"
    assert "availability" not in draft.values["wishes"]
    assert "111222333" not in str(draft.values)
    assert draft.step_done == 2


def test_the_draft_survives_leaving_and_coming_back_in_a_new_session(
    client, author, fair
):
    walk_to(client, 2, pitch_fields(title="Kok zoekt keuken"))
    client.logout()

    later = Client()
    later.force_login(author)
    start = later.get(START).content.decode()
    assert step(3) in start  # continue at step 3
    assert reverse("fairs:pitch-discard") in start
    first = later.get(step(1)).content.decode()
    assert 'value="Kok zoekt keuken"' in first
    assert later.get(step(3)).status_code == 200


def test_the_preview_shows_what_will_be_published(client, author, fair):
    walk_to(
        client,
        5,
        {
            **pitch_fields(title="Kok zoekt keuken", desired_work="Koken"),
            "video_url": "https://example.nl/video",
            "regions": [fair[0].pk],
        },
    )
    response = client.get(PREVIEW)
    html = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "Kok zoekt keuken",
        "Ik werk graag met mensen.",
        "Enschede",
        "Koken",
        "Per direct",
        "Sanne de Vries",  # the display name in the region
        "Twente",
        'href="https://example.nl/video"',
    ):
        assert shown in html, shown
    assert not Post.objects.exists()


def test_publishing_creates_the_same_post_and_publications_as_post_create(
    client, author, fair
):
    twente = fair[0]
    data = {**pitch_fields(), "regions": [twente.pk]}
    response = pitch_walk(client, data)
    assert response["Location"] == reverse("fairs:my-posts")
    walked = Post.objects.get(author=author)

    other = MembershipFactory(region=twente).user
    direct = services.post_create(
        author=other, kind=Post.Kind.PITCH, regions=[twente], fields=pitch_fields()
    )
    compared = [*pitch_fields(), "kind", "on_behalf", "video_url", "banenafspraak"]
    assert {f: getattr(walked, f) for f in compared} == {
        f: getattr(direct, f) for f in compared
    }
    assert list(walked.publications.values_list("region", "edition", "status")) == (
        list(direct.publications.values_list("region", "edition", "status"))
    )
    assert not PitchDraft.objects.exists()


def test_a_fair_only_region_is_refused_then_made_ready_and_the_draft_waits(
    client, fair
):
    nijmegen = fair[1]
    author = MembershipFactory(region=nijmegen).user
    client.force_login(author)
    data = {**pitch_fields(), "regions": [nijmegen.pk]}
    refused = pitch_walk(client, data)
    assert refused.status_code == 200
    assert "kun je alleen plaatsen als de banenmarkt open is" in (
        refused.content.decode()
    )
    assert PitchDraft.objects.filter(author=author).exists()

    client.post(PREVIEW, {"schedule": "1"})
    publication = Publication.objects.get(post__author=author)
    assert publication.status == Publication.Status.SCHEDULED
    assert not PitchDraft.objects.filter(author=author).exists()


def test_the_cv_waits_in_the_draft_and_moves_to_the_pitch(
    client, author, fair, django_capture_on_commit_callbacks
):
    walk_to(client, 3, pitch_fields())
    client.post(
        step(4),
        {
            "cv_upload": SimpleUploadedFile("mijn cv.pdf", pdf_with_text("Mijn cv")),
            "next": "1",
        },
    )
    draft = PitchDraft.objects.get()
    storage, name = draft.cv.storage, draft.cv.name
    assert draft.cv_filename == "mijn cv.pdf"
    assert storage.exists(name)
    assert "/media/" not in name
    assert "mijn cv.pdf" in client.get(step(4)).content.decode()

    client.post(step(5), {"regions": [fair[0].pk], "next": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PREVIEW, {"publish": "1"})
    post = Post.objects.get()
    assert post.cv_filename == "mijn cv.pdf"
    assert post.cv.read() == pdf_with_text("Mijn cv")
    assert post.cv_state == Post.CvState.READ
    assert not storage.exists(name)


def test_a_refused_cv_is_never_stored(client, author):
    walk_to(client, 3, pitch_fields())
    response = client.post(
        step(4),
        {"cv_upload": SimpleUploadedFile("cv.pdf", b"not a pdf"), "next": "1"},
    )
    assert response.status_code == 200
    assert not PitchDraft.objects.get().cv


def test_a_bare_number_confirmed_in_a_step_flags_the_publications(client, author, fair):
    data = {
        **pitch_fields(availability="Bel 1112-22-333"),
        "regions": [fair[0].pk],
    }
    warned = pitch_walk(client, data)
    assert "een BSN kan zijn" in warned.content.decode()
    pitch_walk(client, {**data, "not_a_bsn": "on"})
    assert Publication.objects.get().bsn_flag is True


def test_a_caseworker_posts_on_behalf_only_with_consent(client, fair):
    caseworker = MembershipFactory(
        region=fair[0], kind=Membership.Kind.CASEWORKER, organisation="Gemeente"
    ).user
    client.force_login(caseworker)
    data = {**pitch_fields(), "regions": [fair[0].pk], "on_behalf": "on"}
    refused = client.post(step(1), {**data, "next": "1"})
    assert "client_consent" in refused.context["form"].errors
    pitch_walk(client, {**data, "client_consent": "on"})
    post = Post.objects.get()
    assert post.on_behalf is True
    assert post.client_consent_at is not None


def test_a_member_without_clients_cannot_post_on_behalf(client, author, fair):
    pitch_walk(client, {**pitch_fields(), "regions": [fair[0].pk], "on_behalf": "on"})
    assert Post.objects.get().on_behalf is False


def test_the_preview_sends_back_to_a_step_that_no_longer_passes(client, author, fair):
    nijmegen = fair[1]
    MembershipFactory(region=nijmegen, user=author)
    walk_to(client, 5, {**pitch_fields(), "regions": [nijmegen.pk]})
    Membership.objects.filter(user=author, region=nijmegen).update(
        status=Membership.Status.ENDED
    )
    response = client.get(PREVIEW)
    assert response["Location"] == step(5)


def test_discarding_deletes_the_draft_and_its_cv(
    client, author, django_capture_on_commit_callbacks
):
    walk_to(client, 3, pitch_fields())
    client.post(
        step(4),
        {"cv_upload": SimpleUploadedFile("cv.pdf", pdf_with_text("Cv")), "next": "1"},
    )
    draft = PitchDraft.objects.get()
    storage, name = draft.cv.storage, draft.cv.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fairs:pitch-discard"))
    assert response["Location"] == START
    assert not PitchDraft.objects.exists()
    assert not storage.exists(name)
    assert client.get(PREVIEW)["Location"] == START


def test_the_sweep_deletes_drafts_untouched_for_30_days(
    client, author, time_machine, django_capture_on_commit_callbacks
):
    walk_to(client, 3, pitch_fields())
    client.post(
        step(4),
        {"cv_upload": SimpleUploadedFile("cv.pdf", pdf_with_text("Cv")), "next": "1"},
    )
    draft = PitchDraft.objects.get()
    storage, name = draft.cv.storage, draft.cv.name
    now = timezone.now()
    assert retention.pitch_drafts(now + timedelta(days=29)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.pitch_drafts(now + timedelta(days=31)) == 1
    assert retention.pitch_drafts(now + timedelta(days=31)) == 0
    assert not PitchDraft.objects.exists()
    assert not storage.exists(name)


def test_deleting_the_account_deletes_the_draft_and_its_cv(
    client, author, django_capture_on_commit_callbacks
):
    walk_to(client, 3, pitch_fields())
    client.post(
        step(4),
        {"cv_upload": SimpleUploadedFile("cv.pdf", pdf_with_text("Cv")), "next": "1"},
    )
    draft = PitchDraft.objects.get()
    storage, name = draft.cv.storage, draft.cv.name
    with django_capture_on_commit_callbacks(execute=True):
        member_services.account_delete(user=author, by=author)
    assert not PitchDraft.objects.exists()
    assert not storage.exists(name)


def test_post_a_pitch_from_a_board_chooses_that_region_first(client, author, fair):
    twente, nijmegen = fair
    MembershipFactory(region=nijmegen, user=author)
    start = client.get(START + "?regio=twente").content.decode()
    first = step(1) + "?regio=twente"
    assert f'href="{first}"' in start
    client.post(first, {**pitch_fields(), "next": "1"})
    walk_to(client, 4, pitch_fields())
    regions = client.get(step(5)).context["form"]["regions"]
    assert regions.value() == [twente.pk]
    # Without the board's region: the first by name.
    client.post(reverse("fairs:pitch-discard"))
    walk_to(client, 4, pitch_fields())
    regions = client.get(step(5)).context["form"]["regions"]
    assert regions.value() == [nijmegen.pk]


def test_a_second_click_on_publish_posts_nothing_twice(client, author, fair):
    walk_to(client, 5, {**pitch_fields(), "regions": [fair[0].pk]})
    stale = PitchDraft.objects.get()  # what a second request read before
    assert client.post(PREVIEW, {"publish": "1"})["Location"] == reverse(
        "fairs:my-posts"
    )
    with pytest.raises(services.DraftGone):
        services.pitch_draft_publish(
            draft=stale, regions=[fair[0]], fields=pitch_fields()
        )
    assert Post.objects.filter(author=author).count() == 1


def test_a_draft_for_a_client_is_never_published_as_ones_own(client, fair):
    twente, nijmegen = fair
    caseworker = MembershipFactory(
        region=twente, kind=Membership.Kind.CASEWORKER, organisation="Gemeente"
    ).user
    MembershipFactory(region=nijmegen, user=caseworker)  # a job seeker there
    client.force_login(caseworker)
    data = {
        **pitch_fields(),
        "regions": [nijmegen.pk],
        "on_behalf": "on",
        "client_consent": "on",
    }
    walk_to(client, 5, data)
    Membership.objects.filter(user=caseworker, region=twente).update(
        status=Membership.Status.ENDED
    )
    response = client.post(PREVIEW, {"publish": "1"})
    assert response["Location"] == step(1)
    assert not Post.objects.exists()


def test_the_sweep_keeps_a_draft_saved_meanwhile(client, author, time_machine):
    walk_to(client, 2, pitch_fields())
    draft = PitchDraft.objects.get()
    later = timezone.now() + timedelta(days=31)
    time_machine.move_to(later, tick=False)
    client.force_login(author)  # signed out while away
    walk_to(client, 3, pitch_fields())  # the member is back: saved at `later`
    assert PitchDraft.objects.get().updated_at == later
    cutoff = later - timedelta(days=30)
    assert services.pitch_draft_delete(draft=draft, untouched_since=cutoff) is False
    assert PitchDraft.objects.filter(pk=draft.pk).exists()
