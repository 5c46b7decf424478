import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fairs.models import Post, Publication, Reaction
from placements.report import edition_report

from ..factories import MembershipFactory, RegionRoleFactory
from ..fairs.conftest import FAIR_LIVE
from ..roles import ROLES, expected, make_actor

pytestmark = pytest.mark.django_db


def seed_like_twente(region, author):
    """612 vacancies: 575 at mbo level or below (94%), 37 hbo (6%); 490 from
    staffing agencies (80%), 55 from other companies (9%), 67 from the WSP (11%)."""
    edition = region.editions.live(FAIR_LIVE).get()
    levels = ["none_vmbo"] * 200 + ["mbo"] * 375 + ["hbo"] * 37
    kinds = ["staffing_agency"] * 490 + ["employer"] * 55 + ["public"] * 67
    posts = Post.objects.bulk_create(
        Post(
            author=author,
            kind="vacancy",
            title=f"Vacature {i}",
            description="x",
            sector="logistics",
            education_level=level,
            hours_per_week=32,
            place="Hengelo",
            organisation=f"Org {i % 40}",
            organisation_kind=kind,
        )
        for i, (level, kind) in enumerate(zip(levels, kinds, strict=True))
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
    reactions = Reaction.objects.bulk_create(
        Reaction(publication=p, author=author, text="Hoi") for p in publications[:10]
    )
    Reaction.objects.filter(pk__in=[r.pk for r in reactions[:4]]).update(
        followed_up_at=timezone.now()
    )
    return edition


def test_a_fair_like_twentes_gives_exactly_its_percentages(
    fair, employer, time_machine
):
    twente = fair[0]
    time_machine.move_to(FAIR_LIVE, tick=False)
    edition = seed_like_twente(twente, employer)
    report = edition_report(region=twente, edition=edition)
    assert report["vacancies"] == 612
    assert report["mbo_or_below"] == 94
    levels = {label: pct for label, _count, pct in report["by_level"].rows}
    assert levels["hbo"] == 6
    kinds = {label: pct for label, _count, pct in report["by_kind"].rows}
    assert kinds == {
        "Uitzendbureau": 80,
        "Werkgever": 9,
        "Publiek: WSP, gemeente of UWV": 11,
    }
    assert (report["reactions"], report["follow_up_rate"]) == (10, 40)
    assert report["organisations"] == 40 and report["new_employers"] == 40


def test_report_page_with_charts_and_tables(
    client, fair, employer, time_machine, django_assert_max_num_queries
):
    twente = fair[0]
    time_machine.move_to(FAIR_LIVE, tick=False)
    edition = seed_like_twente(twente, employer)
    client.force_login(RegionRoleFactory(region=twente, role="project_team").user)
    # +2 since account deletion: the frozen figures of the report and the trend;
    # +1 for the speed dates held; +4 for "The morning in figures" (posts per
    # 10 minutes, reactions, members, CV downloads: placements/live.py);
    # +1: whether a fair is live (the banner, cached 30 s for everyone).
    with django_assert_max_num_queries(38):
        html = client.get(
            reverse("placements:report", kwargs={"slug": twente.slug, "pk": edition.pk})
        ).content.decode()
    assert "94% op mbo-niveau of lager" in html
    assert re.search(
        r"<th scope=\"row\">Uitzendbureau</th><td>490</td><td>80%</td>", html
    )
    assert html.count('role="img"') == 4  # every chart has a table beside it
    assert html.count('class="table table--compact chart__table"') == 4
    assert "612" in html


def test_members_total_and_new_since_the_last_fair(fair, employer, time_machine):
    twente = fair[0]
    time_machine.move_to(FAIR_LIVE, tick=False)
    edition = twente.editions.live(FAIR_LIVE).get()
    MembershipFactory.create_batch(3, region=twente, decided_at=FAIR_LIVE)
    report = edition_report(region=twente, edition=edition)
    assert report["members"] == 3  # the employer fixture has no decision time
    assert report["new_members"] == 3


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix(client, fair, role, time_machine):
    time_machine.move_to(FAIR_LIVE, tick=False)
    edition = fair[0].editions.live(FAIR_LIVE).get()
    actor = make_actor(role, fair[0], fair[1])
    if actor:
        client.force_login(actor)
    response = client.get(
        reverse("placements:report", kwargs={"slug": fair[0].slug, "pk": edition.pk})
    )
    # WSP staff record the placements and account for them: they read the
    # figures too (counts only, no names).
    assert response.status_code == expected(role, {"staff", "project_team", "admin"})


def test_staff_find_the_report_after_the_fair(client, fair, time_machine):
    time_machine.move_to(FAIR_LIVE, tick=False)
    edition = fair[0].editions.live(FAIR_LIVE).get()
    time_machine.move_to(FAIR_LIVE + timedelta(days=1), tick=False)
    client.force_login(RegionRoleFactory(region=fair[0], role="staff").user)
    html = client.get(
        reverse("placements:after-fair", kwargs={"slug": fair[0].slug})
    ).content.decode()
    report = reverse(
        "placements:report", kwargs={"slug": fair[0].slug, "pk": edition.pk}
    )
    assert report in html
    # Sending the survey stays with the project team.
    assert "/enquete-versturen/" not in html
