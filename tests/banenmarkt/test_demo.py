from datetime import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse

from demo import accounts
from demo.accounts import PASSWORD
from fairs.models import Edition, Reaction, Region
from fairs.schedule import AMSTERDAM
from members.models import User
from moderation.models import Report
from tests.auth import totp_code

DEMO_EMAILS = [
    "werkzoekende@demo.nl",
    "werkgever@demo.nl",
    "uitzendbureau@demo.nl",
    "klantmanager@demo.nl",
    "beheerder@demo.nl",
    "projectteam@demo.nl",
    "wsp@demo.nl",
    "admin@demo.nl",
]

pytestmark = pytest.mark.django_db


def test_load_demo_creates_regions_editions_and_accounts(capsys, time_machine):
    time_machine.move_to(datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM))
    call_command("load_demo")
    out = capsys.readouterr().out

    regions = {r.slug: r for r in Region.objects.all()}
    assert set(regions) == {"twente", "rijk-van-nijmegen", "zuid-holland-centraal"}
    assert regions["twente"].posting_policy == Region.PostingPolicy.OPEN
    assert regions["rijk-van-nijmegen"].posting_policy == Region.PostingPolicy.FAIR_ONLY
    for region in regions.values():
        first = Edition.objects.filter(region=region).not_closed().first()
        assert first.scheduled_date.isoformat() == "2026-12-01"

    assert PASSWORD == "banenmarkt-demo"
    assert PASSWORD in out
    for email in DEMO_EMAILS:
        assert email in out
        user = User.objects.get(email=email)
        assert user.check_password(PASSWORD)
        assert EmailAddress.objects.get(user=user, email=email).verified
    admin = User.objects.get(email="admin@demo.nl")
    assert admin.is_staff and admin.is_superuser
    # Nobody reports or reacts to (other than by a reply) what they wrote.
    assert Report.objects.exists()
    assert not Report.objects.filter(reporter=F("publication__post__author")).exists()
    assert not Reaction.objects.filter(
        parent__isnull=True, author=F("publication__post__author")
    ).exists()
    assert (
        not User.objects.filter(is_staff=True).exclude(email="admin@demo.nl").exists()
    )


def test_load_demo_twice_changes_nothing():
    call_command("load_demo")
    counts = (User.objects.count(), Region.objects.count(), Edition.objects.count())
    call_command("load_demo")
    assert (
        User.objects.count(),
        Region.objects.count(),
        Edition.objects.count(),
    ) == counts


def test_demo_accounts_can_log_in(client):
    """Members with their password; the accounts with a role also with the
    code of the demo's authenticator secret (README)."""
    call_command("load_demo")
    staff = set(accounts.STAFF)
    for email in DEMO_EMAILS:
        client.logout()
        response = client.post(
            reverse("account_login"), {"login": email, "password": PASSWORD}
        )
        assert response.status_code == 302, email
        if email in staff:
            assert response.url == reverse("mfa_authenticate"), email
            assert "_auth_user_id" not in client.session
            response = client.post(
                reverse("mfa_authenticate"),
                {"code": totp_code(accounts.DEMO_TOTP_SECRET)},
            )
            assert response.status_code == 302, email
        assert client.session["_auth_user_id"], email
    assert staff < set(DEMO_EMAILS)


def test_demo_has_after_fair_work_in_both_booking_modes():
    from placements.models import CallBack, Placement, SurveyAnswer

    call_command("load_demo")
    modes = {p.region.booking_mode for p in Placement.objects.select_related("region")}
    assert modes == {"umbrella", "per_placement"}
    assert CallBack.objects.filter(called_at__isnull=False).exists()
    assert CallBack.objects.filter(called_at__isnull=True).exists()  # in progress
    assert SurveyAnswer.objects.filter(
        invitation__isnull=True
    ).exists()  # an anonymous one


@pytest.mark.django_db(transaction=True)
def test_load_demo_prints_no_emails(capsys, time_machine, mailoutbox):
    """The emails that the demo's events would send are counted, not printed
    (the console backend of `make run`) or sent."""
    time_machine.move_to(datetime(2026, 12, 1, 11, tzinfo=AMSTERDAM))
    call_command("load_demo")  # commits: the emails go out after it
    out = capsys.readouterr().out
    assert mailoutbox == []
    assert "Subject:" not in out
    assert len(out.splitlines()) < 30
    assert "emails of the demo's events were not sent." in out
    assert int(out.split(" emails of the demo")[0].split()[-1]) > 0


def test_demo_region_pages_say_the_posting_rule_once(client):
    """The page states the region's posting rule itself; the demo's
    descriptions do not say it a second time."""
    call_command("load_demo")
    for slug, rule in (
        ("twente", "tussen"),
        ("rijk-van-nijmegen", "berichten plaatsen"),
    ):
        html = client.get(reverse("fairs:region", kwargs={"slug": slug})).content
        text = html.decode()
        assert text.count(rule) == 1, slug


def test_demo_has_invite_links_with_people_who_came_through_them():
    from members.selectors import invite_links

    call_command("load_demo")
    call_command("load_demo")  # a second load attributes nobody twice
    twente = Region.objects.get(slug="twente")
    counts = {
        link.channel: (link.requested, link.joined, link.waiting)
        for link in invite_links(region=twente)
    }
    assert set(counts) == {"poster", "email_signature", "caseworker"}
    assert counts["email_signature"] == (2, 2, 0)
    assert counts["caseworker"] == (1, 1, 0)
    requested, joined, waiting = counts["poster"]
    assert requested == waiting > 0 and joined == 0
