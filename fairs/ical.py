"""iCalendar feeds (RFC 5545) that calendar apps can subscribe to."""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Edition

PRODID = "-//Banenmarkt//Online banenmarkt//NL"
SEQUENCE_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def _sequence(changed_at: datetime) -> int:
    """SEQUENCE grows with every change, so calendar apps take a moved or
    cancelled edition over; minutes since 2020 fit the 32-bit field."""
    return int((changed_at - SEQUENCE_EPOCH).total_seconds() // 60)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Amsterdam")
    cal.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    return cal


def _finish(cal: Calendar) -> bytes:
    """Add the VTIMEZONE for Europe/Amsterdam, covering only the years the
    events span (the default covers 1970-2038 and bloats every feed)."""
    starts = [event.start for event in cal.events]
    if starts:
        first = min(starts).date() - timedelta(days=366)
        last = max(starts).date() + timedelta(days=366)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def _event(
    *,
    uid: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    url: str,
    description: str,
    stamp: datetime,
    cancelled: bool,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", summary)
    event.add("dtstart", timezone.localtime(starts_at))
    event.add("dtend", timezone.localtime(ends_at))
    event.add("dtstamp", stamp)
    event.add("sequence", _sequence(stamp))
    event.add("url", url)
    event.add("description", description)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    return event


def region_calendar(*, region, editions: Iterable[Edition], absolute) -> bytes:
    """One event per edition of one region. `absolute` turns a path into a URL."""
    cal = _calendar(_("Online job fair %(region)s") % {"region": region.name})
    url = absolute(region.get_absolute_url())
    for edition in editions:
        summary = edition.title or _("Online job fair %(region)s") % {
            "region": region.name
        }
        cal.add_component(
            _event(
                uid=f"edition-{edition.pk}@banenmarkt",
                summary=summary,
                starts_at=edition.starts_at,
                ends_at=edition.ends_at,
                url=url,
                description=_(
                    "The online job fair of region %(region)s. More information: %(url)s"
                )
                % {"region": region.name, "url": url},
                stamp=edition.updated_at,
                cancelled=edition.is_cancelled,
            )
        )
    return _finish(cal)


def national_calendar(*, editions: Iterable[Edition], absolute) -> bytes:
    """One event per time slot, naming every region that holds its fair then, so a
    subscriber sees one fair day rather than one event per region."""
    slots: dict[tuple[datetime, datetime], list[Edition]] = {}
    for edition in editions:
        slots.setdefault((edition.starts_at, edition.ends_at), []).append(edition)
    cal = _calendar(_("Online job fair (all regions)"))
    url = absolute(reverse("fairs:calendar"))
    for (starts_at, ends_at), in_slot in slots.items():
        held = [e for e in in_slot if not e.is_cancelled]
        names = ", ".join(e.region.name for e in held) or "-"
        cal.add_component(
            _event(
                uid=f"fair-{timezone.localtime(starts_at):%Y%m%dT%H%M}@banenmarkt",
                summary=_("Online job fair"),
                starts_at=starts_at,
                ends_at=ends_at,
                url=url,
                description=_("Regions: %(regions)s. More information: %(url)s")
                % {"regions": names, "url": url},
                stamp=max(e.updated_at for e in in_slot),
                cancelled=not held,
            )
        )
    return _finish(cal)


def event_calendar(
    *,
    name: str,
    uid: str,
    summary: str,
    starts_at: datetime,
    ends_at: datetime,
    url: str,
    description: str,
    stamp: datetime,
    cancelled: bool = False,
) -> bytes:
    """A calendar of one event, to attach to an email (a booked speed date)."""
    cal = _calendar(name)
    cal.add_component(
        _event(
            uid=uid,
            summary=summary,
            starts_at=starts_at,
            ends_at=ends_at,
            url=url,
            description=description,
            stamp=stamp,
            cancelled=cancelled,
        )
    )
    return _finish(cal)
