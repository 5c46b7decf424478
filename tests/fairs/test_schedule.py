from datetime import UTC, date, datetime, timedelta

import pytest

from fairs.schedule import AMSTERDAM, fair_window, national_fair_dates


def first_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7)


def test_national_fair_dates_known_dates():
    dates = national_fair_dates(start=date(2021, 1, 1), end=date(2021, 12, 31))
    assert dates == [
        date(2021, 2, 2),
        date(2021, 4, 6),
        date(2021, 6, 1),
        date(2021, 8, 3),
        date(2021, 10, 5),
        date(2021, 12, 7),
    ]


def test_national_fair_dates_follow_rule_over_many_years():
    dates = national_fair_dates(start=date(2021, 1, 1), end=date(2035, 12, 31))
    expected = [
        first_tuesday(year, month)
        for year in range(2021, 2036)
        for month in (2, 4, 6, 8, 10, 12)
    ]
    assert dates == expected
    assert all(d.weekday() == 1 and d.day <= 7 and d.month % 2 == 0 for d in dates)


def test_national_fair_dates_bounds_are_inclusive():
    assert national_fair_dates(start=date(2026, 12, 1), end=date(2026, 12, 1)) == [
        date(2026, 12, 1)
    ]
    assert national_fair_dates(start=date(2026, 12, 2), end=date(2027, 2, 1)) == []
    assert national_fair_dates(start=date(2027, 1, 1), end=date(2026, 1, 1)) == []


@pytest.mark.parametrize(
    ("day", "utc_start", "utc_end"),
    [
        # Winter time (UTC+1).
        (
            date(2026, 12, 1),
            datetime(2026, 12, 1, 9, tzinfo=UTC),
            datetime(2026, 12, 1, 12, tzinfo=UTC),
        ),
        (
            date(2027, 2, 2),
            datetime(2027, 2, 2, 9, tzinfo=UTC),
            datetime(2027, 2, 2, 12, tzinfo=UTC),
        ),
        # After the change to summer time on 28 March 2027 (UTC+2).
        (
            date(2027, 4, 6),
            datetime(2027, 4, 6, 8, tzinfo=UTC),
            datetime(2027, 4, 6, 11, tzinfo=UTC),
        ),
        (
            date(2027, 10, 5),
            datetime(2027, 10, 5, 8, tzinfo=UTC),
            datetime(2027, 10, 5, 11, tzinfo=UTC),
        ),
        # After the change back on 31 October 2027.
        (
            date(2027, 12, 7),
            datetime(2027, 12, 7, 9, tzinfo=UTC),
            datetime(2027, 12, 7, 12, tzinfo=UTC),
        ),
    ],
)
def test_fair_window_is_10_to_13_local_in_winter_and_summer(day, utc_start, utc_end):
    starts_at, ends_at = fair_window(day)
    assert (starts_at, ends_at) == (utc_start, utc_end)
    assert starts_at.astimezone(AMSTERDAM).hour == 10
    assert ends_at.astimezone(AMSTERDAM).hour == 13
    assert ends_at - starts_at == timedelta(hours=3)
