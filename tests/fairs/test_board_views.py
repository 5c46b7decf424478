"""The board's pages: every role, the query budget, forms that keep input."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fairs.models import CvView, Edition, Post, Publication, Reaction
from members.models import Membership, RegionRole
from moderation.models import Report

from ..factories import MembershipFactory, RegionRoleFactory
from ..roles import BOARD_READERS as READERS
from ..roles import ROLES, make_actor
from .conftest import FAIR_LIVE, pitch_fields, pitch_walk, publish, vacancy_fields
from .documents import (
    EXECUTABLE,
    docx_bomb,
    docx_many_parts,
    docx_parts,
    docx_with_text,
    pdf_document,
    pdf_with_text,
    word_part,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pitch_with_cv(fair):
    author = MembershipFactory(region=fair[0], display_name="Werkzoekende Delden").user
    post = publish(author, [fair[0]], kind=Post.Kind.PITCH)
    post.cv.save("cv.pdf", SimpleUploadedFile("cv.pdf", pdf_with_text("Mijn cv")))
    return post.publications.get()


@pytest.mark.parametrize("role", ROLES)
def test_board_pages_role_matrix(client, fair, employer, pitch_with_cv, role):
    twente, nijmegen = fair
    vacancy = publish(employer, [twente]).publications.get()
    actor = make_actor(role, twente, nijmegen)
    if actor:
        client.force_login(actor)
    slug = twente.slug
    urls = [
        reverse("fairs:board", kwargs={"slug": slug}),
        reverse("fairs:theme-corners", kwargs={"slug": slug}),
        reverse("fairs:publication", kwargs={"slug": slug, "pk": vacancy.pk}),
        reverse(
            "moderation:publication-report", kwargs={"slug": slug, "pk": vacancy.pk}
        ),
        reverse("fairs:cv", kwargs={"slug": slug, "pk": pitch_with_cv.pk}),
    ]
    expected = 200 if role in READERS else (302 if role == "anonymous" else 403)
    for url in urls:
        response = client.get(url)
        assert response.status_code == expected, (role, url)
    # Writing is guarded the same way.
    response = client.post(urls[2], {"text": "Hallo"})
    assert response.status_code == (
        302 if role in READERS or role == "anonymous" else 403
    )
    assert Reaction.objects.exists() == (role in READERS)
    assert CvView.objects.exists() == (role in READERS)


def test_a_publication_of_another_region_is_not_reachable(client, fair, employer):
    twente, nijmegen = fair
    vacancy = publish(employer, [twente]).publications.get()
    client.force_login(MembershipFactory(region=nijmegen).user)
    url = reverse("fairs:publication", kwargs={"slug": nijmegen.slug, "pk": vacancy.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "admin"])
def test_posting_pages_need_a_membership(client, fair, role):
    actor = make_actor(role, fair[0], fair[1])
    if actor:
        client.force_login(actor)
    response = client.get(reverse("fairs:vacancy-create"))
    if role == "anonymous":
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
    elif role == "member":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("members:dashboard")


def test_only_the_author_edits_or_withdraws(client, fair, employer):
    post = publish(employer, [fair[0]])
    client.force_login(MembershipFactory(region=fair[0]).user)
    assert (
        client.get(reverse("fairs:post-edit", kwargs={"pk": post.pk})).status_code
        == 404
    )
    assert (
        client.post(reverse("fairs:post-withdraw", kwargs={"pk": post.pk})).status_code
        == 404
    )
    client.force_login(employer)
    assert (
        client.get(reverse("fairs:post-edit", kwargs={"pk": post.pk})).status_code
        == 200
    )


def _bulk_posts(region, author, count):
    edition = Edition.objects.filter(region=region).not_closed().first()
    posts = Post.objects.bulk_create(
        Post(
            author=author,
            kind="vacancy" if i % 3 else "pitch",
            title=f"Functie {i}",
            description="Werk in de logistiek",
            sector="logistics" if i % 2 else "care",
            education_level="mbo",
            hours_per_week=8 + i % 32,
            place="Hengelo",
            organisation="Flex",
            search_text=f"Functie {i} logistiek",
        )
        for i in range(count)
    )
    publications = Publication.objects.bulk_create(
        Publication(
            post=p,
            region=region,
            edition=edition,
            status="published",
            published_at=FAIR_LIVE,
        )
        for p in posts
    )
    Reaction.objects.bulk_create(
        Reaction(publication=p, author=author, text="Hoi") for p in publications[:50]
    )


@pytest.mark.parametrize("count", [10, 5000])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "page=2",
        "page=50",
        "kind=vacancy&education_level=mbo&sector=logistics&hours=24-32&place=Hengelo&banenafspraak=on&organisation_kind=employer",
        "q=logistiek",
    ],
)
def test_board_runs_at_most_eight_queries(
    client, fair, employer, count, query, django_assert_max_num_queries
):
    twente = fair[0]
    _bulk_posts(twente, employer, count)
    client.force_login(employer)
    client.get(reverse("fairs:home"))  # the session is now cached
    url = reverse("fairs:board", kwargs={"slug": twente.slug}) + "?" + query
    # Session and user, membership, two for the editions (closed, open), the
    # page, its reaction counts, and between fairs the next fair's posts.
    with django_assert_max_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200


def test_board_page_view_writes_nothing(client, fair, employer):
    _bulk_posts(fair[0], employer, 30)
    client.force_login(employer)
    client.get(reverse("fairs:home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("fairs:board", kwargs={"slug": fair[0].slug}))
        client.get(reverse("fairs:theme-corners", kwargs={"slug": fair[0].slug}))
    writes = [
        q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []


def test_board_newest_first_paginated_with_reaction_counts(client, fair, employer):
    twente = fair[0]
    _bulk_posts(twente, employer, 45)
    client.force_login(employer)
    first = client.get(
        reverse("fairs:board", kwargs={"slug": twente.slug})
    ).content.decode()
    assert first.count('class="post post--') == 20
    assert "1 reactie" in first
    # The link itself leads to the next page, keeping the filters.
    board = reverse("fairs:board", kwargs={"slug": twente.slug})
    filtered = client.get(board + "?kind=vacancy").content.decode()
    (href,) = re.findall(r'href="([^"]*)" rel="next"', filtered)
    assert href.replace("&amp;", "&") == "?kind=vacancy&page=2"
    (href,) = re.findall(r'href="([^"]*)" rel="next"', first)
    second = client.get(board + href.replace("&amp;", "&")).content.decode()
    assert 'rel="prev"' in second
    third = client.get(
        reverse("fairs:board", kwargs={"slug": twente.slug}) + "?page=3"
    ).content.decode()
    assert third.count('class="post post--') == 5
    assert 'rel="next"' not in third


def test_a_filtered_board_says_how_many_it_found(client, fair, employer):
    """Counted over all pages (a filtered board has more than one page), said
    politely to screen readers, and only when filters are on."""
    twente = fair[0]
    _bulk_posts(twente, employer, 45)  # 30 vacancies, 15 pitches
    client.force_login(employer)
    board = reverse("fairs:board", kwargs={"slug": twente.slug})
    status = re.compile(r'<p class="result-count" role="status">([^<]*)</p>')

    def said(url):
        found = status.findall(client.get(url).content.decode())
        return found[0] if found else None

    assert said(board) is None
    assert said(board + "?kind=vacancy") == "30 vacatures gevonden"
    assert said(board + "?kind=vacancy&page=2") == "30 vacatures gevonden"
    assert said(board + "?kind=vacancy&page=9") == "30 vacatures gevonden"
    assert said(board + "?kind=pitch") == "15 pitches gevonden"
    assert said(board + "?q=Functie+7") == "1 bericht gevonden"
    assert said(board + "?q=onvindbaar") == "0 berichten gevonden"
    combined = reverse("fairs:combined-board")
    assert said(combined) is None
    assert said(combined + "?kind=pitch") == "15 pitches gevonden"


def test_board_filters(client, fair, employer):
    twente = fair[0]
    publish(
        employer,
        [twente],
        title="Bakker",
        sector="craft",
        education_level="mbo",
        hours_per_week=36,
    )
    publish(
        employer,
        [twente],
        title="Schoonmaker",
        sector="cleaning",
        banenafspraak=True,
        hours_per_week=16,
        place="Enschede",
    )
    publish(
        employer,
        [twente],
        title="Controller",
        sector="finance",
        education_level="hbo",
        organisation_kind="employer",
    )
    pitch = MembershipFactory(region=twente).user
    publish(
        pitch,
        [twente],
        kind=Post.Kind.PITCH,
        title="Kok zoekt keuken",
        sector="hospitality",
    )
    client.force_login(employer)
    board = reverse("fairs:board", kwargs={"slug": twente.slug})

    def titles(query):
        html = client.get(f"{board}?{query}").content.decode()
        return {
            t
            for t in ("Bakker", "Schoonmaker", "Controller", "Kok zoekt keuken")
            if f">{t}<" in html
        }

    assert titles("") == {"Bakker", "Schoonmaker", "Controller", "Kok zoekt keuken"}
    assert titles("kind=pitch") == {"Kok zoekt keuken"}
    assert titles("education_level=hbo") == {"Controller"}
    assert titles("sector=craft") == {"Bakker"}
    assert titles("hours=16-24") == {"Schoonmaker"}  # 16 hours
    assert titles("hours=24-32") == {"Kok zoekt keuken"}  # 24 hours
    assert titles("hours=0-16") == set()  # "tot 16": 16 itself is in the next range
    assert titles("hours=32-60") == {"Bakker", "Controller"}
    assert titles("place=ensch") == {"Schoonmaker", "Kok zoekt keuken"}
    assert titles("banenafspraak=on") == {"Schoonmaker"}
    assert titles("organisation_kind=employer") == {"Controller"}
    assert titles("q=schoonmaker") == {"Schoonmaker"}
    assert titles("kind=nonsense") == {
        "Bakker",
        "Schoonmaker",
        "Controller",
        "Kok zoekt keuken",
    }


def test_dutch_full_text_search_on_postgresql(client, fair, employer):
    from ..requirements import require_postgres

    require_postgres(connection)
    publish(
        employer,
        [fair[0]],
        title="Verkopers gezocht",
        description="Voor onze winkels zoeken wij verkopers.",
    )
    publish(
        employer,
        [fair[0]],
        title="Heftruckchauffeur",
        description="Rijden in het magazijn.",
    )
    client.force_login(employer)
    html = client.get(
        reverse("fairs:board", kwargs={"slug": fair[0].slug}) + "?q=verkoper winkel"
    ).content.decode()
    assert (
        ">Verkopers gezocht<" in html
    )  # stemming: verkoper ~ verkopers, winkel ~ winkels
    assert ">Heftruckchauffeur<" not in html


def test_theme_corners_group_pitches(client, fair):
    twente = fair[0]
    for i in range(8):
        publish(
            MembershipFactory(region=twente).user,
            [twente],
            kind=Post.Kind.PITCH,
            title=f"Zorg {i}",
            sector="care",
        )
    publish(
        MembershipFactory(region=twente).user,
        [twente],
        kind=Post.Kind.PITCH,
        title="Kok",
        sector="hospitality",
    )
    client.force_login(MembershipFactory(region=twente).user)
    html = client.get(
        reverse("fairs:theme-corners", kwargs={"slug": twente.slug})
    ).content.decode()
    assert 'Zorg en welzijn <span class="muted">(8)</span>' in html
    assert 'Horeca <span class="muted">(1)</span>' in html
    assert (
        len(re.findall(r">Zorg \d<", html)) == 6
    )  # the newest six, then a link to all
    assert "Alle 8 pitches in Zorg en welzijn" in html


def test_combined_board_shows_a_post_once_with_its_regions(
    client, fair, employer, time_machine
):
    twente, nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    publish(employer, [twente, nijmegen], title="Landelijke vacature")
    client.force_login(employer)
    html = client.get(reverse("fairs:combined-board")).content.decode()
    assert html.count(">Landelijke vacature<") == 1
    assert ">Twente<" in html and ">Rijk van Nijmegen<" in html


def test_display_name_comes_from_the_membership_of_the_region(
    client, fair, employer, time_machine
):
    twente, nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    publish(employer, [twente, nijmegen], kind=Post.Kind.PITCH, title="Mijn pitch")
    reader_t = MembershipFactory(region=twente).user
    client.force_login(reader_t)
    assert (
        "Flex ·"
        in client.get(
            reverse("fairs:board", kwargs={"slug": twente.slug})
        ).content.decode()
    )
    client.force_login(MembershipFactory(region=nijmegen).user)
    assert (
        "Flex Nijmegen ·"
        in client.get(
            reverse("fairs:board", kwargs={"slug": nijmegen.slug})
        ).content.decode()
    )


def test_create_vacancy_in_two_regions_through_the_form(
    client, fair, employer, time_machine
):
    twente, nijmegen = fair
    time_machine.move_to(FAIR_LIVE, tick=False)
    client.force_login(employer)
    response = client.post(
        reverse("fairs:vacancy-create"),
        {**vacancy_fields(), "regions": [twente.pk, nijmegen.pk], "publish": "1"},
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.publications.filter(status="published").count() == 2


def test_publish_outside_the_window_keeps_the_text(client, fair, employer):
    client.force_login(employer)
    response = client.post(
        reverse("fairs:vacancy-create"),
        {
            **vacancy_fields(title="Mijn bijzondere vacature"),
            "regions": [fair[1].pk],
            "publish": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "alleen plaatsen als de banenmarkt open is" in html
    assert 'value="Mijn bijzondere vacature"' in html
    assert not Post.objects.exists()

    response = client.post(
        reverse("fairs:vacancy-create"),
        {**vacancy_fields(), "regions": [fair[1].pk], "schedule": "1"},
    )
    assert response.status_code == 302
    assert Publication.objects.get().status == Publication.Status.SCHEDULED


def test_bsn_with_label_is_refused_and_the_text_kept(client, fair, employer):
    client.force_login(employer)
    response = client.post(
        reverse("fairs:vacancy-create"),
        {
            **vacancy_fields(description="Stuur je BSN 123456782 mee."),
            "regions": [fair[0].pk],
            "publish": "1",
        },
    )
    html = response.content.decode()
    assert "burgerservicenummer (BSN). Dat mogen we niet verwerken" in html
    assert "Stuur je BSN" in html
    assert not Post.objects.exists()


def test_bare_valid_number_warns_then_publishes_flagged(client, fair, employer):
    client.force_login(employer)
    data = {
        **vacancy_fields(description="Bel 111222333 voor info."),
        "regions": [fair[0].pk],
        "publish": "1",
    }
    response = client.post(reverse("fairs:vacancy-create"), data)
    assert "nummer van 9 cijfers dat een BSN kan zijn" in response.content.decode()
    assert not Post.objects.exists()
    client.post(reverse("fairs:vacancy-create"), {**data, "not_a_bsn": "on"})
    publication = Publication.objects.get()
    assert publication.bsn_flag
    assert "111222333" not in str(Publication.objects.values().get())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cv.pdf", EXECUTABLE, "PDF- of Word-bestand"),
        ("cv.exe", EXECUTABLE, "PDF- of Word-bestand"),
        ("cv.docx", pdf_with_text("Hallo"), "PDF- of Word-bestand"),
        ("cv.pdf", b"%PDF-1.4" + b"0" * (5 * 1024 * 1024), "te groot"),
        (
            "cv.pdf",
            pdf_with_text("BSN 123456782"),
            "op een burgerservicenummer (BSN) lijkt",
        ),
        (
            "cv.docx",
            docx_with_text("Telefoon 111222333"),
            "op een burgerservicenummer (BSN) lijkt",
        ),
        ("cv.docx", docx_bomb(20 * 1024 * 1024), "pakt uit tot veel meer"),
        ("cv.docx", docx_many_parts(400), "te veel onderdelen"),
        (
            "cv.docx",
            docx_parts("Cv", **{"word/footer1.xml": word_part("ftr", "BSN 111222333")}),
            "op een burgerservicenummer (BSN) lijkt",
        ),
        ("cv.pdf", pdf_document(["Mijn cv"] * 31), "meer dan 30 pagina"),
        (
            "cv.pdf",
            pdf_document(["Mijn cv"], info={"Title": "BSN 111222333"}),
            "op een burgerservicenummer (BSN) lijkt",
        ),
    ],
)
def test_cv_uploads_are_refused_with_the_reason(client, fair, name, content, message):
    author = MembershipFactory(region=fair[0]).user
    client.force_login(author)
    response = pitch_walk(
        client,
        {**pitch_fields(title="Mijn pitch met cv"), "regions": [fair[0].pk]},
        cv=SimpleUploadedFile(name, content),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert 'name="cv_upload"' in html  # back on step 4
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", pdf_with_text("Mijn cv")), ("mijn cv.docx", docx_with_text("Mijn cv"))],
)
def test_cv_upload_and_download_by_a_member(client, fair, name, content):
    twente = fair[0]
    author = MembershipFactory(region=twente, display_name="Sanne").user
    client.force_login(author)
    pitch_walk(
        client,
        {**pitch_fields(), "regions": [twente.pk]},
        cv=SimpleUploadedFile(name, content),
    )
    publication = Publication.objects.get()
    assert publication.post.cv_filename == name
    assert "/media/" not in publication.post.cv.name

    employer = MembershipFactory(region=twente, display_name="Bakkerij").user
    client.force_login(employer)
    response = client.get(
        reverse("fairs:cv", kwargs={"slug": twente.slug, "pk": publication.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Cache-Control"] == "private, no-store"
    assert CvView.objects.get().viewer == employer

    client.force_login(author)
    mine = client.get(reverse("fairs:my-posts")).content.decode()
    assert "Wie heeft mijn cv bekeken" in mine
    assert "Bakkerij (Twente)" in mine  # the name used in the region
    assert employer.email not in mine


def test_cv_download_is_stopped_after_the_limit(client, fair, settings):
    settings.CV_DOWNLOAD_LIMIT = 2
    twente = fair[0]
    publications = []
    for _ in range(3):
        author = MembershipFactory(region=twente).user
        post = publish(author, [twente], kind=Post.Kind.PITCH)
        post.cv.save("cv.pdf", SimpleUploadedFile("cv.pdf", pdf_with_text("cv")))
        publications.append(post.publications.get())
    client.force_login(MembershipFactory(region=twente).user)
    codes = [
        client.get(
            reverse("fairs:cv", kwargs={"slug": twente.slug, "pk": p.pk})
        ).status_code
        for p in publications
    ]
    assert codes == [200, 200, 429]


def test_reaction_and_reply_through_the_page(
    client, fair, employer, seeker, django_capture_on_commit_callbacks
):
    publication = publish(employer, [fair[0]]).publications.get()
    url = reverse(
        "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
    )
    client.force_login(seeker)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": "Ik heb interesse!"})
    reaction = Reaction.objects.get()
    assert mail.outbox[-1].to == [employer.email]
    client.force_login(employer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"text": "Bel me maar.", "parent": reaction.pk})
    reaction.refresh_from_db()
    assert reaction.followed_up_at is not None
    html = client.get(url).content.decode()
    assert (
        "Ik heb interesse!" in html and "Bel me maar." in html and "Beantwoord" in html
    )


def test_no_reaction_box_under_ones_own_post_but_replies_work(
    client, fair, employer, seeker
):
    publication = publish(employer, [fair[0]]).publications.get()
    url = reverse(
        "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
    )
    client.force_login(seeker)
    assert 'name="not_a_bsn"' in client.get(url).content.decode()  # the box
    client.post(url, {"text": "Ik heb interesse!"})
    reaction = Reaction.objects.get()

    client.force_login(employer)
    html = client.get(url).content.decode()
    assert 'name="not_a_bsn"' not in html
    assert f'name="parent" value="{reaction.pk}"' in html  # the reply stays
    refused = client.post(url, {"text": "Aanvulling van mezelf"}).content.decode()
    assert "Dit is je eigen bericht" in refused  # shown, not swallowed
    assert Reaction.objects.count() == 1
    # A reply with a possible BSN comes back to be corrected or confirmed.
    refused = client.post(
        url, {"text": "Mijn burgerservicenummer is 123456782", "parent": reaction.pk}
    ).content.decode()
    assert "Dat mogen we niet verwerken" in refused
    checked = client.post(
        url, {"text": "Bel 123456782", "parent": reaction.pk}
    ).content.decode()
    assert re.search(r'type="checkbox" name="not_a_bsn"', checked)
    assert Reaction.objects.count() == 1
    client.post(url, {"text": "Bel me maar.", "parent": reaction.pk})
    assert Reaction.objects.filter(parent=reaction, author=employer).exists()


def test_report_a_post_and_a_reaction_without_revealing_the_reporter(
    client, fair, employer, seeker
):
    publication = publish(employer, [fair[0]]).publications.get()
    reaction = Reaction.objects.create(
        publication=publication, author=employer, text="Reclame!"
    )
    client.force_login(seeker)
    report_url = reverse(
        "moderation:publication-report",
        kwargs={"slug": fair[0].slug, "pk": publication.pk},
    )
    client.post(report_url, {"reason": "Dit is reclame."})
    client.post(
        report_url + f"?reactie={reaction.pk}",
        {"reason": "Spam", "reactie": reaction.pk},
    )
    client.post(report_url, {"reason": "Nog een keer."})  # a second click adds nothing
    assert Report.objects.count() == 2
    assert Report.objects.filter(reaction=reaction).exists()
    client.force_login(employer)
    page = client.get(
        reverse(
            "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
        )
    ).content.decode()
    assert seeker.email not in page and "Dit is reclame." not in page


def test_user_text_is_never_raw_html(client, fair, employer):
    publish(
        employer,
        [fair[0]],
        description='<script>alert(1)</script> <a href="javascript:alert(2)">klik</a> zie https://example.nl/vacature',
    )
    client.force_login(employer)
    publication = Publication.objects.get()
    html = client.get(
        reverse(
            "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
        )
    ).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="javascript:' not in html
    assert (
        '<a href="https://example.nl/vacature" rel="nofollow noopener noreferrer">'
        in html
    )


def test_on_behalf_pitch_shows_the_caseworker_route(client, fair):
    caseworker = MembershipFactory(
        region=fair[0],
        kind=Membership.Kind.CASEWORKER,
        organisation="Gemeente",
        display_name="Klantmanager Ahmed",
    ).user
    client.force_login(caseworker)
    form = client.get(
        reverse("fairs:pitch-step", kwargs={"number": 1})
    ).content.decode()
    assert "toestemming gegeven" in form
    data = {**pitch_fields(title="Lasser zoekt werk"), "regions": [fair[0].pk]}
    response = pitch_walk(client, {**data, "on_behalf": "on"})
    assert "toestemming" in response.content.decode()  # consent is required
    # The error summary reads "label: error", without a full stop before the colon.
    assert ".:" not in response.content.decode()
    pitch_walk(client, {**data, "on_behalf": "on", "client_consent": "on"})
    publication = Publication.objects.get()
    client.force_login(MembershipFactory(region=fair[0]).user)
    html = client.get(
        reverse(
            "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
        )
    ).content.decode()
    assert "namens een werkzoekende" in html
    assert "je reactie gaat naar de klantmanager" in html


def test_edit_and_withdraw_through_the_pages(client, fair, employer):
    post = publish(employer, [fair[0]])
    client.force_login(employer)
    client.post(
        reverse("fairs:post-edit", kwargs={"pk": post.pk}),
        vacancy_fields(title="Nieuwe titel"),
    )
    post.refresh_from_db()
    assert post.title == "Nieuwe titel"
    client.post(reverse("fairs:post-withdraw", kwargs={"pk": post.pk}))
    assert not Publication.objects.on_board().exists()
    board = client.get(
        reverse("fairs:board", kwargs={"slug": fair[0].slug})
    ).content.decode()
    assert "Nieuwe titel" not in board


def test_staff_role_reads_the_board(client, fair, employer):
    publish(employer, [fair[0]], title="Zichtbaar voor WSP")
    staff = RegionRoleFactory(region=fair[0], role=RegionRole.Role.STAFF).user
    client.force_login(staff)
    assert (
        "Zichtbaar voor WSP"
        in client.get(
            reverse("fairs:board", kwargs={"slug": fair[0].slug})
        ).content.decode()
    )


def test_pitch_form_warns_on_a_bare_number_and_refuses_a_labelled_one(client, fair):
    author = MembershipFactory(region=fair[0]).user
    client.force_login(author)
    base = {**pitch_fields(), "regions": [fair[0].pk]}
    labelled = pitch_walk(client, {**base, "availability": "sofinummer 111.222.333"})
    assert "Dat mogen we niet verwerken" in labelled.content.decode()
    invalid = pitch_walk(
        client, {**base, "availability": "Bel 123456789"}
    )  # fails the 11-test
    assert invalid.status_code == 302
    bare = pitch_walk(
        client, {**base, "title": "Tweede pitch", "availability": "Bel 1112-22-333"}
    )
    assert "een BSN kan zijn" in bare.content.decode()
    assert Post.objects.count() == 1


def test_reaction_with_a_bsn_is_refused_and_kept(client, fair, employer, seeker):
    publication = publish(employer, [fair[0]]).publications.get()
    client.force_login(seeker)
    response = client.post(
        reverse(
            "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
        ),
        {"text": "Mijn burgerservicenummer is 123456782"},
    )
    html = response.content.decode()
    assert "Dat mogen we niet verwerken" in html
    assert "Mijn burgerservicenummer is" in html
    assert not Reaction.objects.exists()


def test_reply_to_a_reply_and_a_bad_report_link_give_no_server_error(
    client, fair, employer, seeker
):
    publication = publish(employer, [fair[0]]).publications.get()
    first = Reaction.objects.create(publication=publication, author=seeker, text="Hoi")
    reply = Reaction.objects.create(
        publication=publication, author=employer, text="Ha", parent=first
    )
    client.force_login(seeker)
    url = reverse(
        "fairs:publication", kwargs={"slug": fair[0].slug, "pk": publication.pk}
    )
    response = client.post(url, {"text": "En nog iets", "parent": reply.pk})
    assert response.status_code == 200
    assert (
        "Je kunt alleen antwoorden op een reactie onder dit bericht."
        in response.content.decode()
    )
    report = reverse(
        "moderation:publication-report",
        kwargs={"slug": fair[0].slug, "pk": publication.pk},
    )
    assert client.get(report + "?reactie=abc").status_code == 404


def test_mixed_regions_say_what_is_live_and_what_waits(client, fair, employer):
    client.force_login(employer)
    response = client.post(
        reverse("fairs:vacancy-create"),
        {**vacancy_fields(), "regions": [fair[0].pk, fair[1].pk], "schedule": "1"},
        follow=True,
    )
    assert (
        "Je bericht is geplaatst. In regio&#x27;s waar je alleen tijdens de banenmarkt"
        in response.content.decode()
    )


def test_hour_ranges_match_the_filter_choices():
    from fairs.forms import BoardFilterForm
    from fairs.selectors import HOUR_RANGES

    keys = {
        value for value, _label in BoardFilterForm.base_fields["hours"].choices if value
    }
    assert keys == set(HOUR_RANGES)
