"""From a reaction to the person: the reacting member's name leads to their
pitches on this region's board, and to their CV where it can be downloaded,
in a fixed number of queries however many people reacted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fairs import services
from fairs.models import Post

from ..factories import MembershipFactory, RegionFactory
from .conftest import publish
from .documents import pdf_with_text

pytestmark = pytest.mark.django_db


def _detail(region, publication):
    return reverse(
        "fairs:publication", kwargs={"slug": region.slug, "pk": publication.pk}
    )


def _cv(region, publication):
    return reverse("fairs:cv", kwargs={"slug": region.slug, "pk": publication.pk})


def _seeker_with_pitch(
    region, *, cv=True, title="Verkoopster zoekt werk", name="Sanne"
):
    seeker = MembershipFactory(region=region, display_name=name).user
    post = publish(seeker, [region], kind=Post.Kind.PITCH, title=title)
    if cv:
        post.cv.save("cv.pdf", SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv")))
    return seeker, post.publications.get()


def test_reacting_member_links_to_pitch_and_cv(client, fair, employer):
    twente = fair[0]
    vacancy = publish(employer, [twente]).publications.get()
    seeker, pitch = _seeker_with_pitch(twente)
    reaction = services.reaction_create(
        publication=vacancy, author=seeker, text="Ik kom graag langs."
    )
    services.reaction_create(
        publication=vacancy, author=seeker, text="Nog een vraag.", parent=reaction
    )
    client.force_login(employer)
    html = client.get(_detail(twente, vacancy)).content.decode()
    assert f'<a href="{_detail(twente, pitch)}">Sanne</a>' in html
    assert html.count(f'href="{_cv(twente, pitch)}"') == 2  # reaction and reply


def test_no_links_without_a_pitch_on_this_board(client, fair, employer):
    twente = fair[0]
    achterhoek = RegionFactory(name="Achterhoek", slug="achterhoek")
    services.editions_generate()
    vacancy = publish(employer, [twente]).publications.get()
    seeker = MembershipFactory(region=twente, display_name="Sanne").user
    MembershipFactory(region=achterhoek, user=seeker)
    elsewhere = publish(seeker, [achterhoek], kind=Post.Kind.PITCH).publications.get()
    services.reaction_create(publication=vacancy, author=seeker, text="Hallo")
    client.force_login(employer)
    html = client.get(_detail(twente, vacancy)).content.decode()
    assert "<strong>Sanne</strong>" in html
    assert f"/prikbord/{elsewhere.pk}/" not in html


def test_a_withdrawn_pitch_is_not_linked(client, fair, employer):
    twente = fair[0]
    vacancy = publish(employer, [twente]).publications.get()
    seeker, pitch = _seeker_with_pitch(twente)
    services.reaction_create(publication=vacancy, author=seeker, text="Hallo")
    services.post_withdraw(post=pitch.post, user=seeker)
    client.force_login(employer)
    html = client.get(_detail(twente, vacancy)).content.decode()
    assert _detail(twente, pitch) not in html


def test_no_cv_link_while_the_cv_waits_for_its_check(client, fair, employer):
    twente = fair[0]
    vacancy = publish(employer, [twente]).publications.get()
    seeker, pitch = _seeker_with_pitch(twente)
    Post.objects.filter(pk=pitch.post_id).update(cv_state=Post.CvState.MODERATOR)
    services.reaction_create(publication=vacancy, author=seeker, text="Hallo")
    client.force_login(employer)
    html = client.get(_detail(twente, vacancy)).content.decode()
    assert f'<a href="{_detail(twente, pitch)}">Sanne</a>' in html
    assert _cv(twente, pitch) not in html


@pytest.mark.parametrize("count", [1, 12])
def test_reaction_links_keep_queries_constant(
    client, fair, employer, count, django_assert_max_num_queries
):
    twente = fair[0]
    vacancy = publish(employer, [twente]).publications.get()
    for n in range(count):
        seeker, _pitch = _seeker_with_pitch(
            twente, cv=False, title=f"Pitch {n}", name=f"Sanne {n}"
        )
        services.reaction_create(publication=vacancy, author=seeker, text="Hallo")
    client.force_login(employer)
    # 15: the page's own, the header's counts, and the speed-date slots.
    # +1: whether a fair is live (the banner, cached 30 s for everyone).
    with django_assert_max_num_queries(16):
        response = client.get(_detail(twente, vacancy))
    assert response.content.decode().count("Pitch: ") >= count
