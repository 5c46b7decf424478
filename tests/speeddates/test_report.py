"""The edition report counts the speed dates held (booked, not a no-show;
cancelled and moved bookings do not count)."""

import pytest

from placements.report import edition_report
from speeddates import services

from ..factories import MembershipFactory
from .conftest import at

pytestmark = pytest.mark.django_db


def test_the_report_counts_speed_dates_held_and_no_shows(
    slots, seeker, other_seeker, twente, edition
):
    third = MembershipFactory(region=twente).user
    services.booking_create(slot=slots[0], seeker=seeker)
    missed = services.booking_create(slot=slots[1], seeker=other_seeker)
    cancelled = services.booking_create(slot=slots[2], seeker=third)
    services.booking_cancel(booking=cancelled, seeker=third)
    services.booking_mark_no_show(booking=missed, now=at(11, 0))

    report = edition_report(region=twente, edition=edition)
    assert report["speed_dates_held"] == 1
    assert report["speed_dates_no_show"] == 1
