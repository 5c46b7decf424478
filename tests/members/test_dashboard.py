"""The dashboard shows people with a role the work waiting for them, per
region they hold a role in, in a fixed number of queries; and the main
posting action follows the member's kind."""
# The board's fixtures are imported, so their names come back as arguments.
# ruff: noqa: F811

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from banenmarkt.models import BsnFlag
from fairs.models import Edition
from members.models import Membership, RegionRole
from moderation import services as moderation_services
from moderation.models import Report
from placements.models import CallBack

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, RegionFactory, RegionRoleFactory
from ..fairs.conftest import employer, fair, publish, seeker  # noqa: F401

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("members:dashboard")
CHOOSE_A_REGION = "Kies een regio"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def work_card(html: str, region_name: str) -> str:
    """The text of the region's card in "Waiting for you"."""
    section = html.split('id="my-work"', 1)[1].split("</section>", 1)[0]
    for card in section.split('<li class="card">')[1:]:
        if f"<h3>{region_name}</h3>" in card:
            return card
    raise AssertionError(f"no card for {region_name}")


def bsn_flag(region):
    return BsnFlag.objects.create(
        region=region, target_type="fairs.post", target_id=1, field="description"
    )


def test_a_moderator_without_membership_sees_the_queues_not_the_join_prompt(
    client, fair, employer, seeker, time_machine
):
    twente, nijmegen = fair
    moderator = RegionRoleFactory(region=twente, role=RegionRole.Role.MODERATOR).user
    MembershipFactory.create_batch(2, region=twente, status=Membership.Status.PENDING)
    MembershipFactory(region=nijmegen, status=Membership.Status.PENDING)
    first = publish(employer, [twente]).publications.get()
    time_machine.shift(timedelta(hours=1))
    publish(employer, [twente], title="Tweede").publications.get()
    moderation_services.report_create(publication=first, reporter=seeker, reason="Nep")
    bsn_flag(twente)
    bsn_flag(nijmegen)
    time_machine.shift(timedelta(hours=2))

    sign_in_fresh(client, moderator)
    html = client.get(DASHBOARD).content.decode()
    assert CHOOSE_A_REGION not in html
    assert html.index('id="my-work"') < html.index('id="my-regions"')
    card = work_card(html, "Twente")
    words = text_of(card)
    assert "2 aanmeldingen wachten" in words
    assert "2 berichten om te bekijken (de oudste wacht al 3 uur)" in words
    assert "1 open melding van leden" in words
    assert "1 tekst met een mogelijk BSN om te controleren" in words
    assert "Commerci" not in words  # a second person's decision: project team
    assert "Nabellen" not in words  # no call-backs for a moderator
    slug = twente.slug
    for url in (
        reverse("members:join-queue", kwargs={"slug": slug}),
        reverse("moderation:queue", kwargs={"slug": slug}),
        reverse("moderation:queue", kwargs={"slug": slug}) + "?alleen=reported",
        reverse("moderation:bsn-flags", kwargs={"slug": slug}),
    ):
        assert f'href="{url}"' in card
    assert (
        "Rijk van Nijmegen"
        not in html.split('id="my-work"', 1)[1].split("</section>", 1)[0]
    )


def test_the_project_team_sees_the_commercial_removals_waiting_for_them(
    client, fair, employer
):
    twente = fair[0]
    moderator = RegionRoleFactory(region=twente, role=RegionRole.Role.MODERATOR).user
    project_team = RegionRoleFactory(
        region=twente, role=RegionRole.Role.PROJECT_TEAM
    ).user
    for title in ("Reclame een", "Reclame twee"):
        moderation_services.publication_propose_removal(
            publication=publish(employer, [twente], title=title).publications.get(),
            moderator=moderator,
        )
    # Their own proposal waits for someone else.
    moderation_services.publication_propose_removal(
        publication=publish(employer, [twente], title="Eigen").publications.get(),
        moderator=project_team,
    )
    sign_in_fresh(client, project_team)
    html = client.get(DASHBOARD).content.decode()
    card = text_of(work_card(html, "Twente"))
    assert "2 commerciële verwijderingen wachten op jouw besluit" in card
    assert "aanmeldingen wachten" in card  # what moderators see, too
    assert CHOOSE_A_REGION not in html
    queue = reverse("moderation:queue", kwargs={"slug": twente.slug})
    assert f'href="{queue}#proposals-title"' in work_card(html, "Twente")
    # The queue page has that anchor.
    page = client.get(queue).content.decode()
    assert 'id="proposals-title"' in page


def test_wsp_staff_see_the_call_backs_assigned_to_them(client, fair):
    twente = fair[0]
    staff = RegionRoleFactory(region=twente, role=RegionRole.Role.STAFF).user
    colleague = RegionRoleFactory(region=twente, role=RegionRole.Role.STAFF).user
    edition = Edition.objects.filter(region=twente).order_by("starts_at").first()

    def call_back(name, assigned_to, **fields):
        return CallBack.objects.create(
            region=twente,
            edition=edition,
            organisation=name,
            key=name.lower(),
            assigned_to=assigned_to,
            **fields,
        )

    call_back("Bakkerij", staff)
    call_back("Garage", staff, called_at=edition.ends_at, outcome="not_reached")
    call_back("Zorg", staff, called_at=edition.ends_at, outcome="reached")
    call_back("Bouw", colleague)

    sign_in_fresh(client, staff)
    html = client.get(DASHBOARD).content.decode()
    assert CHOOSE_A_REGION not in html
    card = work_card(html, "Twente")
    words = text_of(card)
    assert "2 gesprekken om na te bellen" in words
    assert "aanmeldingen" not in words and "berichten om te bekijken" not in words
    calls = reverse(
        "placements:call-backs", kwargs={"slug": twente.slug, "pk": edition.pk}
    )
    assert f'href="{calls}?wie=mij"' in card
    assert (
        f'href="{reverse("placements:after-fair", kwargs={"slug": twente.slug})}"'
        in card
    )

    sign_in_fresh(client, colleague)
    words = text_of(work_card(client.get(DASHBOARD).content.decode(), "Twente"))
    assert "1 gesprek om na te bellen" in words


def test_the_join_prompt_stays_for_someone_without_role_or_membership(client, db):
    outsider = MembershipFactory(status=Membership.Status.PENDING).user
    client.force_login(outsider)
    html = client.get(DASHBOARD).content.decode()
    assert CHOOSE_A_REGION in html
    assert 'id="my-work"' not in html


@pytest.mark.parametrize("count", [1, 6])
def test_the_dashboard_runs_a_constant_number_of_queries(
    client, fair, employer, count, django_assert_max_num_queries
):
    twente = fair[0]
    user = RegionRoleFactory(region=twente, role=RegionRole.Role.PROJECT_TEAM).user
    RegionRole.objects.create(user=user, region=twente, role=RegionRole.Role.STAFF)
    edition = Edition.objects.filter(region=twente).first()
    for i in range(count):
        region = RegionFactory(name=f"Regio {i:02}", slug=f"regio-{i:02}")
        for role in (RegionRole.Role.PROJECT_TEAM, RegionRole.Role.STAFF):
            RegionRole.objects.create(user=user, region=region, role=role)
        MembershipFactory.create_batch(count, region=region, status="pending")
        bsn_flag(region)
        region_edition = Edition.objects.create(
            region=region, starts_at=edition.starts_at, ends_at=edition.ends_at
        )
        for n in range(count):
            CallBack.objects.create(
                region=region,
                edition=region_edition,
                organisation=f"Org {n}",
                key=f"org {n}",
                assigned_to=user,
            )
    for _ in range(count):
        publication = publish(employer, [twente]).publications.get()
        Report.objects.create(
            publication=publication,
            reporter=MembershipFactory(region=twente).user,
            reason="Nep",
        )
    sign_in_fresh(client, user)
    # Session, user, memberships, roles, second step, and one per provider
    # (join requests, moderation, call-backs): 8 whatever the numbers.
    # 8, and 1 for the conversations' counts (header, block; conversations/),
    # 1 for which regions have a fair open (the live dashboard's link), and
    # 1 for whether a fair is live (the banner, cached 30 s for everyone).
    with django_assert_max_num_queries(11):
        html = client.get(DASHBOARD).content.decode()
    assert html.count('<li class="card">') == count + 1


def test_a_job_seeker_gets_post_a_pitch_as_the_main_button(
    client, fair, employer, seeker
):
    twente = fair[0]
    caseworker = MembershipFactory(
        region=twente, kind=Membership.Kind.CASEWORKER, organisation="Gemeente"
    ).user
    board = reverse("fairs:board", kwargs={"slug": twente.slug})
    pitch = reverse("fairs:pitch-create")
    vacancy = reverse("fairs:vacancy-create")
    for user, primary, secondary in (
        (seeker, pitch, vacancy),
        (caseworker, pitch, vacancy),
        (employer, vacancy, pitch),
    ):
        client.force_login(user)
        for url in (DASHBOARD, board, reverse("fairs:my-posts")):
            html = client.get(url).content.decode()
            assert re.search(rf'class="button" href="{primary}(\?|")', html), url
            assert re.search(
                rf'class="button button--secondary" href="{secondary}(\?|")', html
            ), url
