"""Platform admins move, cancel and add editions in the Django admin, and the
generator never undoes their work."""

from datetime import date, datetime

import pytest
from django.urls import reverse

from fairs import services
from fairs.models import Edition, Region
from fairs.schedule import AMSTERDAM

from ..factories import RegionFactory, UserFactory

NOW = datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM)

pytestmark = pytest.mark.django_db


@pytest.fixture
def twente(time_machine):
    time_machine.move_to(NOW)
    region = RegionFactory(name="Twente", slug="twente")
    services.editions_generate()
    return region


def datetime_fields(prefix: str, moment: datetime) -> dict:
    local = moment.astimezone(AMSTERDAM)
    return {
        f"{prefix}_0": local.strftime("%d-%m-%Y"),
        f"{prefix}_1": local.strftime("%H:%M:%S"),
    }


def test_admin_moves_an_edition_and_the_generator_keeps_it(client, admin_user, twente):
    edition = twente.editions.get(scheduled_date=date(2027, 4, 6))
    client.force_login(admin_user)
    url = reverse("admin:fairs_edition_change", args=[edition.pk])
    assert client.get(url).status_code == 200

    new_start = datetime(2027, 4, 13, 10, tzinfo=AMSTERDAM)
    new_end = datetime(2027, 4, 13, 13, tzinfo=AMSTERDAM)
    response = client.post(
        url,
        {
            "title": "",
            **datetime_fields("starts_at", new_start),
            **datetime_fields("ends_at", new_end),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    edition.refresh_from_db()
    assert (edition.starts_at, edition.ends_at) == (new_start, new_end)

    assert services.editions_generate() == []
    assert not Edition.objects.filter(starts_at__date=date(2027, 4, 6)).exists()


def test_admin_cancels_but_cannot_delete_a_regular_edition(client, admin_user, twente):
    edition = twente.editions.get(scheduled_date=date(2027, 6, 1))
    client.force_login(admin_user)
    delete_url = reverse("admin:fairs_edition_delete", args=[edition.pk])
    assert client.get(delete_url).status_code == 403

    client.post(
        reverse("admin:fairs_edition_change", args=[edition.pk]),
        {
            "title": "",
            "is_cancelled": "on",
            **datetime_fields("starts_at", edition.starts_at),
            **datetime_fields("ends_at", edition.ends_at),
        },
    )
    edition.refresh_from_db()
    assert edition.is_cancelled
    assert services.editions_generate() == []


def test_admin_adds_an_extra_edition(client, admin_user, twente):
    client.force_login(admin_user)
    start = datetime(2027, 3, 16, 10, tzinfo=AMSTERDAM)
    end = datetime(2027, 3, 16, 12, tzinfo=AMSTERDAM)
    response = client.post(
        reverse("admin:fairs_edition_add"),
        {
            "region": twente.pk,
            "title": "Omgekeerde banenmarkt: techniek",
            **datetime_fields("starts_at", start),
            **datetime_fields("ends_at", end),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    extra = Edition.objects.get(kind=Edition.Kind.EXTRA)
    assert (extra.region, extra.starts_at, extra.ends_at) == (twente, start, end)
    assert extra.scheduled_date is None
    assert services.editions_generate() == []
    assert Edition.objects.filter(kind=Edition.Kind.EXTRA).count() == 1


def test_admin_rejects_an_edition_that_ends_before_it_starts(
    client, admin_user, twente
):
    client.force_login(admin_user)
    start = datetime(2027, 3, 16, 13, tzinfo=AMSTERDAM)
    response = client.post(
        reverse("admin:fairs_edition_add"),
        {
            "region": twente.pk,
            **datetime_fields("starts_at", start),
            **datetime_fields("ends_at", start.replace(hour=10)),
        },
    )
    assert response.status_code == 200
    assert "De banenmarkt moet eindigen na het begin." in response.content.decode()
    assert not Edition.objects.filter(kind=Edition.Kind.EXTRA).exists()


def test_admin_manages_regions(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:fairs_region_add"),
        {
            "name": "Midden-Utrecht",
            "slug": "midden-utrecht",
            "description": "",
            "contact_email": "banenmarkt@utrecht.example",
            "posting_policy": "fair_only",
            "follows_national_schedule": "on",
            "booking_mode": "umbrella",
            "pitch_retention_months": "6",
        },
    )
    assert response.status_code == 302
    region = Region.objects.get(slug="midden-utrecht")
    assert region.pitch_retention_months == 6
    assert region.posting_policy == Region.PostingPolicy.FAIR_ONLY
    assert region.follows_national_schedule
    assert region.booking_mode == Region.BookingMode.UMBRELLA


@pytest.mark.parametrize(
    "url_name", ["admin:fairs_region_changelist", "admin:fairs_edition_changelist"]
)
def test_admin_is_closed_to_non_admins(client, url_name):
    assert client.get(reverse(url_name)).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse(url_name)).status_code == 302


def test_edition_changelist_queries_do_not_grow(
    client, admin_user, twente, django_assert_max_num_queries
):
    client.force_login(admin_user)
    for n in range(5):
        RegionFactory(slug=f"extra-{n}")
    services.editions_generate()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:fairs_edition_changelist")).status_code == 200
