"""Scanned CVs: accepted at upload, read with OCR (real pdftoppm and
tesseract with Dutch data) in the background, downloadable only once read;
removed with an email when the scan shows a BSN; waiting for a moderator
where OCR cannot run."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from banenmarkt.models import AuditEntry
from fairs import ocr, services, tasks
from fairs.models import Post, Publication

from ..factories import MembershipFactory, RegionRoleFactory
from ..requirements import require_ocr
from .conftest import pitch_fields, pitch_walk
from .documents import pdf_with_text, scanned_cv, scanned_cv_with_bsn

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ocr_installed():
    require_ocr()


MISSING = "/nonexistent/tesseract"


def scanned_pitch(author, region, data) -> Post:
    return services.post_create(
        author=author,
        kind=Post.Kind.PITCH,
        regions=[region],
        fields={
            **pitch_fields(),
            "cv": SimpleUploadedFile("scan.pdf", data),
            "cv_needs_ocr": True,
        },
    )


def cv_url(publication) -> str:
    return reverse(
        "fairs:cv", kwargs={"slug": publication.region.slug, "pk": publication.pk}
    )


def page_url(publication) -> str:
    return reverse(
        "fairs:publication",
        kwargs={"slug": publication.region.slug, "pk": publication.pk},
    )


def test_a_scanned_cv_is_accepted_but_downloadable_only_once_read(
    client, fair, django_capture_on_commit_callbacks
):
    twente = fair[0]
    author = MembershipFactory(region=twente).user
    client.force_login(author)
    with django_capture_on_commit_callbacks() as queued:
        response = pitch_walk(
            client,
            {**pitch_fields(), "regions": [twente.pk]},
            cv=SimpleUploadedFile("scan.pdf", scanned_cv()),
        )
    assert response.status_code == 302
    publication = Publication.objects.select_related("post", "region").get()
    assert publication.post.cv_state == Post.CvState.OCR
    # After the commit: the OCR task, the board's shared copies go
    # (fairs.board_cache), and the draft's copy of the CV goes.
    assert len(queued) == 3

    client.force_login(MembershipFactory(region=twente).user)
    assert client.get(cv_url(publication)).status_code == 409
    page = client.get(page_url(publication)).content.decode()
    assert cv_url(publication) not in page

    with django_capture_on_commit_callbacks(execute=True):
        queued[0]()  # the worker runs the task
    publication.post.refresh_from_db()
    assert publication.post.cv_state == Post.CvState.READ
    response = client.get(cv_url(publication))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == scanned_cv()
    assert cv_url(publication) in client.get(page_url(publication)).content.decode()


def test_a_scan_with_a_bsn_is_removed_and_the_author_told(
    fair, django_capture_on_commit_callbacks, caplog
):
    twente = fair[0]
    author = MembershipFactory(region=twente).user
    post = scanned_pitch(author, twente, scanned_cv_with_bsn())
    storage, name = post.cv.storage, post.cv.name
    assert storage.exists(name)
    caplog.set_level(logging.WARNING, logger="banenmarkt.security")
    logging.getLogger("banenmarkt.security").addHandler(caplog.handler)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.post_cv_read(post.pk) == "removed"
    finally:
        logging.getLogger("banenmarkt.security").removeHandler(caplog.handler)

    post.refresh_from_db()
    assert not post.cv and post.cv_filename == ""
    assert post.cv_state == Post.CvState.READ
    assert not storage.exists(name)
    assert post.publications.get().status == Publication.Status.PUBLISHED
    [email] = mail.outbox
    assert email.to == [author.email]
    assert post.title in email.subject
    assert "BSN" in email.body
    assert reverse("fairs:post-edit", kwargs={"pk": post.pk}) in email.body
    entry = AuditEntry.objects.get(action="fairs.cv.removed_bsn")
    assert entry.region == twente
    # The audit log is in the platform's language, not English.
    assert (
        entry.reason == "In het gescande cv stond een BSN: het bestand is verwijderd."
    )
    assert any("cv.removed_bsn" in r.getMessage() for r in caplog.records)
    # The number itself is kept nowhere.
    for text in (
        email.body,
        str(AuditEntry.objects.values().get()),
        caplog.text,
        str(Post.objects.values().get()),
    ):
        assert "111222333" not in text

    # Run again (a redelivered task): nothing happens, no second email.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.post_cv_read(post.pk) == "nothing"
    assert len(mail.outbox) == 1


def test_without_tesseract_the_cv_waits_for_a_moderator(
    client, fair, settings, django_capture_on_commit_callbacks
):
    settings.CV_OCR_TESSERACT = MISSING
    twente, nijmegen = fair
    post = scanned_pitch(MembershipFactory(region=twente).user, twente, scanned_cv())
    assert tasks.post_cv_read(post.pk) == "moderator"
    publication = post.publications.select_related("region").get()

    member = MembershipFactory(region=twente).user
    client.force_login(member)
    assert client.get(cv_url(publication)).status_code == 409
    checked = reverse(
        "moderation:cv-checked", kwargs={"slug": twente.slug, "pk": publication.pk}
    )
    assert client.post(checked).status_code == 403
    client.force_login(RegionRoleFactory(region=nijmegen, role="moderator").user)
    assert client.post(checked).status_code == 403

    moderator = RegionRoleFactory(region=twente, role="moderator").user
    client.force_login(moderator)
    queue = client.get(reverse("moderation:queue", kwargs={"slug": twente.slug}))
    html = queue.content.decode()
    assert checked in html  # the note with its action
    assert cv_url(publication) in html
    only_cv = client.get(
        reverse("moderation:queue", kwargs={"slug": twente.slug}) + "?alleen=cv"
    ).content.decode()
    assert checked in only_cv
    # The moderator opens the CV to check it.
    assert client.get(cv_url(publication)).status_code == 200

    assert client.post(checked).status_code == 302
    post.refresh_from_db()
    assert post.cv_state == Post.CvState.READ
    entry = AuditEntry.objects.get(action="moderation.cv.checked")
    assert (entry.actor, entry.region) == (moderator, twente)
    assert checked not in client.get(queue.request["PATH_INFO"]).content.decode()

    client.force_login(member)
    assert client.get(cv_url(publication)).status_code == 200
    # A second check finds nothing to do.
    client.force_login(moderator)
    assert client.post(checked).status_code == 302
    assert AuditEntry.objects.filter(action="moderation.cv.checked").count() == 1


def test_what_is_missing_is_named(settings):
    assert ocr.missing() == ""
    settings.CV_OCR_TESSERACT = MISSING
    assert ocr.missing() == "tesseract"
    settings.CV_OCR_PDFTOPPM = "/nonexistent/pdftoppm"
    assert ocr.missing() == "pdftoppm"


def test_a_lost_ocr_task_is_handed_out_again(
    fair, django_capture_on_commit_callbacks, time_machine
):
    twente = fair[0]
    lost = scanned_pitch(MembershipFactory(region=twente).user, twente, scanned_cv())
    time_machine.shift(services.CV_OCR_REQUEUE_AFTER - timedelta(minutes=1))
    fresh = scanned_pitch(MembershipFactory(region=twente).user, twente, scanned_cv())
    time_machine.shift(timedelta(minutes=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.posts_cv_requeue() == 1
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.cv_state == Post.CvState.READ
    assert fresh.cv_state == Post.CvState.OCR
    # Handed out once: the next run waits for the re-queue time again.
    assert services.posts_cv_requeue() == 0
    assert fresh.cv_ocr_queued_at < timezone.now()


def test_after_failed_tries_the_cv_waits_for_a_moderator(fair):
    twente = fair[0]
    post = scanned_pitch(MembershipFactory(region=twente).user, twente, scanned_cv())
    Post.objects.filter(pk=post.pk).update(cv_ocr_attempts=services.CV_OCR_MAX_ATTEMPTS)
    assert tasks.post_cv_read(post.pk) == "moderator"


def test_a_cv_replaced_while_it_waits_is_not_read_for_the_old_file(
    fair, django_capture_on_commit_callbacks
):
    """The author uploads a text CV while the scan waits: the new CV is read
    at upload, and the task for the old one does nothing."""
    twente = fair[0]
    author = MembershipFactory(region=twente).user
    post = scanned_pitch(author, twente, scanned_cv_with_bsn())
    services.post_update(
        post=post,
        editor=author,
        fields={"cv": SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv"))},
    )
    assert post.cv_state == Post.CvState.READ
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.post_cv_read(post.pk) == "nothing"
    post.refresh_from_db()
    assert post.cv and post.cv_filename == "cv.pdf"
    assert not mail.outbox


def test_an_edit_loaded_before_the_ocr_does_not_bring_back_the_cv(
    fair, django_capture_on_commit_callbacks
):
    """The author's edit page loaded the post while the scan waited; OCR
    removed the CV meanwhile. Saving the edit keeps it removed."""
    twente = fair[0]
    author = MembershipFactory(region=twente).user
    post = scanned_pitch(author, twente, scanned_cv_with_bsn())
    loaded = Post.objects.get(pk=post.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.post_cv_read(post.pk) == "removed"
    services.post_update(post=loaded, editor=author, fields={"place": "Hengelo"})
    post.refresh_from_db()
    assert (post.place, post.cv, post.cv_state) == ("Hengelo", "", Post.CvState.READ)
