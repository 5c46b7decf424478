"""The national fair rule: the first Tuesday of every even month, 10:00-13:00.

Times are built as wall-clock times in Europe/Amsterdam and only then made
aware, so an edition is 10:00-13:00 local in winter (UTC+1) and summer (UTC+2)
alike. Adding hours to an aware datetime would drift by an hour across a DST
change; building from the local date never does.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, TU, rrule

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
FAIR_MONTHS = (2, 4, 6, 8, 10, 12)
FAIR_OPENS = time(10, 0)
FAIR_CLOSES = time(13, 0)


def national_fair_dates(*, start: date, end: date) -> list[date]:
    """Every fair day of the national rule from `start` to `end`, inclusive."""
    if end < start:
        return []
    rule = rrule(
        MONTHLY,
        bymonth=FAIR_MONTHS,
        byweekday=TU(1),
        dtstart=datetime.combine(start, time.min),
        until=datetime.combine(end, time.max),
    )
    return [moment.date() for moment in rule]


def fair_window(day: date) -> tuple[datetime, datetime]:
    """The aware start and end of the fair held on `day`."""
    return (
        datetime.combine(day, FAIR_OPENS, tzinfo=AMSTERDAM),
        datetime.combine(day, FAIR_CLOSES, tzinfo=AMSTERDAM),
    )
