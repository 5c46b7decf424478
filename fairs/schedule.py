"""The national fair rule: the first Tuesday of every even month, 10:00-13:00.

Times are built as wall-clock times in Europe/Amsterdam and only then made
aware, so an edition is 10:00-13:00 local in winter (UTC+1) and summer (UTC+2)
alike. Adding hours to an aware datetime would drift by an hour across a DST
change; building from the local date never does.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, TU, rrule
from django.utils import timezone
from django.utils.formats import date_format, time_format

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


def fair_window_display(starts_at, ends_at) -> str:
    """'dinsdag 1 december 2026, 10:00–13:00' in the active language, in local
    time; a window over midnight names both days."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if start.date() == end.date():
        return f"{date_format(start)}, {time_format(start)}–{time_format(end)}"
    return f"{date_format(start)}, {time_format(start)} – {date_format(end)}, {time_format(end)}"
