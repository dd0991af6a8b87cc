"""The date logic (hooks/policy_dates.py) with fixed clocks: open now, delivery windows,
return deadlines and refund dates, across weekends, holidays, daylight saving,
midnight and shoppers in other time zones.

The calendar and hours here are test data, written out so that every expected
answer can be checked by hand with a wall calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from policy_dates import (
    Calendar,
    Hours,
    Span,
    add_span,
    delivery_text,
    delivery_window,
    open_status,
    open_text,
    refund_text,
    return_text,
)

HOLIDAYS = {date(2026, 11, 26): "Thanksgiving Day", date(2026, 12, 25): "Christmas Day", date(2027, 1, 1): "New Year's Day"}
STORE = Calendar("America/New_York", "ET", HOLIDAYS)
OFFICE = Hours(frozenset(range(5)), 9 * 60, 17 * 60)  # Mon-Fri 09:00-17:00
ALWAYS = Hours(frozenset(range(7)), 0, 1440, always=True)
EVENING = Hours(frozenset(range(7)), 18 * 60, 1440)  # every day 18:00-24:00


def et(*args: int) -> datetime:
    """An instant given as New York wall-clock time (unambiguous dates only)."""
    return STORE.wall(date(*args[:3]), args[3] * 60 + (args[4] if len(args) > 4 else 0))


def say(hours: Hours, now: datetime, viewer: str | None = None, store: Calendar = STORE) -> str:
    return open_text(open_status(hours, store, now), store, now, viewer)


# ---------------------------------------------------------------- open now


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (et(2026, 11, 24, 10), "Open now, closes at 5 PM ET"),  # Tuesday morning
        (et(2026, 11, 24, 8, 59), "Closed, opens at 9 AM ET"),  # before opening, same day
        (et(2026, 11, 24, 9), "Open now, closes at 5 PM ET"),  # opening minute counts as open
        (et(2026, 11, 27, 16, 59), "Open now, closes at 5 PM ET"),
        (et(2026, 11, 27, 17), "Closed, opens Monday 9 AM ET"),  # closing minute is closed
        (et(2026, 11, 28, 12), "Closed, opens Monday 9 AM ET"),  # Saturday
        (et(2026, 11, 29, 23, 59), "Closed, opens tomorrow 9 AM ET"),  # Sunday just before midnight
        (et(2026, 11, 25, 18), "Closed, opens Friday 9 AM ET"),  # Wednesday evening: Thursday is Thanksgiving
        (et(2026, 11, 26, 10), "Closed today for Thanksgiving Day, opens tomorrow 9 AM ET"),
        (et(2026, 12, 25, 10), "Closed today for Christmas Day, opens Monday 9 AM ET"),
        (et(2026, 12, 31, 18), "Closed, opens Monday 9 AM ET"),  # New Year's Day, then a weekend
    ],
)
def test_open_now_in_the_store_time_zone(now: datetime, expected: str) -> None:
    assert say(OFFICE, now) == expected
    assert say(OFFICE, now, "America/New_York") == expected  # a shopper in the store's zone sees no "your time"
    assert say(OFFICE, now, "America/Toronto") == expected  # another zone name, same clock


def test_a_shopper_in_another_time_zone_sees_both_clocks() -> None:
    tuesday = et(2026, 11, 24, 10)
    assert say(OFFICE, tuesday, "America/Los_Angeles") == "Open now, closes at 5 PM ET (2 PM your time)"
    assert say(OFFICE, tuesday, "Asia/Tokyo") == "Open now, closes at 5 PM ET (Wednesday 7 AM your time)"
    assert say(OFFICE, tuesday, "Asia/Kolkata") == "Open now, closes at 5 PM ET (Wednesday 3:30 AM your time)"
    saturday = et(2026, 11, 28, 12)
    assert say(OFFICE, saturday, "Europe/London") == "Closed, opens Monday 9 AM ET (2 PM your time)"
    assert say(OFFICE, saturday, "Pacific/Honolulu") == "Closed, opens Monday 9 AM ET (4 AM your time)"


def test_daylight_saving_changes_on_different_dates() -> None:
    # The US moves its clocks on 8 March 2026, the UK on 29 March: between them London is 4 hours ahead, not 5.
    assert say(OFFICE, et(2026, 3, 10, 10), "Europe/London") == "Open now, closes at 5 PM ET (9 PM your time)"
    assert say(OFFICE, et(2026, 4, 7, 10), "Europe/London") == "Open now, closes at 5 PM ET (10 PM your time)"


def test_next_opening_across_daylight_saving_changes() -> None:
    # Saturday before spring forward (EST, UTC-5) -> Monday 9 AM is EDT (UTC-4): 13:00 UTC.
    status = open_status(OFFICE, STORE, datetime(2026, 3, 7, 17, tzinfo=UTC))
    assert (status.open, status.change) == (False, datetime(2026, 3, 9, 13, tzinfo=UTC))
    # Friday before fall back (EDT) -> Monday 9 AM is EST: 14:00 UTC.
    status = open_status(OFFICE, STORE, datetime(2026, 10, 30, 22, tzinfo=UTC))
    assert (status.open, status.change) == (False, datetime(2026, 11, 2, 14, tzinfo=UTC))
    assert say(OFFICE, datetime(2026, 10, 30, 22, tzinfo=UTC)) == "Closed, opens Monday 9 AM ET"


def test_clock_times_that_do_not_exist_or_happen_twice() -> None:
    # 02:30 on 8 March 2026 does not exist in New York; 01:30 on 1 November 2026 happens twice.
    # Both take the offset in force before the change (EST in March, EDT in November).
    assert STORE.wall(date(2026, 3, 8), 150) == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert STORE.wall(date(2026, 11, 1), 90) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    night = Hours(frozenset({6}), 150, 210)  # Sundays 02:30-03:30
    status = open_status(night, STORE, datetime(2026, 3, 8, 7, 0, tzinfo=UTC))  # 2:00 EST, just before the jump
    assert status.change == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert not status.open


def test_midnight_and_always_open() -> None:
    assert say(ALWAYS, et(2026, 11, 26, 3)) == "Open now, 24/7"  # holidays do not close a 24/7 channel
    assert say(EVENING, et(2026, 11, 24, 23, 30)) == "Open now, closes at 12 AM ET"
    assert say(EVENING, et(2026, 11, 24, 23, 30), "America/Chicago") == "Open now, closes at 12 AM ET (Tuesday 11 PM your time)"
    assert say(EVENING, et(2026, 11, 25, 0, 0)) == "Closed, opens at 6 PM ET"
    assert say(EVENING, et(2026, 11, 24, 23, 30), "Europe/Berlin") == "Open now, closes at 12 AM ET (6 AM your time)"


def test_holidays_close_only_channels_that_keep_holidays() -> None:
    thanksgiving = et(2026, 11, 26, 10)
    assert open_status(OFFICE, STORE, thanksgiving, closed_on_holidays=False).open
    assert not open_status(OFFICE, STORE, thanksgiving, closed_on_holidays=True).open


def test_a_closure_longer_than_a_week_names_the_date() -> None:
    closed = {date(2026, 12, 21) + timedelta(days=n): "Winter break" for n in range(12)}
    store = Calendar("America/New_York", "ET", closed)
    assert say(OFFICE, et(2026, 12, 21, 10), store=store) == "Closed today for Winter break, opens Monday, January 4, 2027, 9 AM ET"


def test_no_opening_ever() -> None:
    never = Hours(frozenset(), 9 * 60, 17 * 60)
    assert say(never, et(2026, 11, 24, 10)) == "Closed"


# ---------------------------------------------------------------- delivery


@pytest.mark.parametrize(
    ("now", "processing", "transit", "expected"),
    [
        # Tuesday 10 March: 6 and 10 business days later.
        (et(2026, 3, 10, 10), (1, 3), (5, 7), "Order today, arrives between Wednesday, March 18 and Tuesday, March 24"),
        # Saturday: counting starts on Monday.
        (et(2026, 3, 14, 10), (1, 3), (1, 1), "Order today, arrives between Tuesday, March 17 and Thursday, March 19"),
        # Wednesday before Thanksgiving: Thursday is skipped.
        (et(2026, 11, 25, 10), (1, 3), (1, 1), "Order today, arrives between Monday, November 30 and Wednesday, December 2"),
        # Late Friday evening in New York is already Saturday in UTC: still a Friday order.
        (datetime(2026, 3, 14, 2, tzinfo=UTC), (1, 1), (1, 1), "Order today, arrives on Tuesday, March 17"),
        # Across Christmas and New Year: the year appears.
        (et(2026, 12, 23, 10), (1, 3), (2, 3), "Order today, arrives between Tuesday, December 29 and Monday, January 4, 2027"),
    ],
)
def test_delivery_window(now: datetime, processing: tuple[int, int], transit: tuple[int, int], expected: str) -> None:
    assert delivery_text(STORE, now, processing, transit) == expected


def test_delivery_days_are_business_days() -> None:
    for start in range(60):
        now = et(2026, 11, 1, 12) + timedelta(days=start)
        first, last = delivery_window(STORE, now, (1, 3), (2, 5))
        assert STORE.is_business_day(first) and STORE.is_business_day(last)
        assert first <= last


# ---------------------------------------------------------------- returns and refunds


def test_return_deadline_messages() -> None:
    thirty = Span(30, "days")
    delivered = date(2026, 3, 1)
    assert return_text(STORE, et(2026, 3, 10, 10), delivered, thirty) == "Start your return by Tuesday, March 31: 21 days left."
    assert return_text(STORE, et(2026, 3, 30, 10), delivered, thirty) == "Start your return by Tuesday, March 31: 1 day left."
    assert return_text(STORE, et(2026, 3, 31, 23, 59), delivered, thirty) == "Today, Tuesday, March 31, is the last day to start your return."
    assert return_text(STORE, et(2026, 4, 1, 0, 1), delivered, thirty) == "The return window closed on Tuesday, March 31."
    assert return_text(STORE, et(2026, 2, 27, 10), delivered, thirty) == "That date is in the future: enter the day your order was delivered."


def test_return_windows_in_other_units() -> None:
    assert add_span(STORE, date(2026, 11, 20), Span(5, "business days")) == date(2026, 11, 30)  # skips a weekend and Thanksgiving
    assert add_span(STORE, date(2026, 1, 31), Span(1, "months")) == date(2026, 2, 28)
    assert add_span(STORE, date(2026, 12, 15), Span(2, "months")) == date(2027, 2, 15)
    assert add_span(STORE, date(2026, 3, 1), Span(36, "hours")) == date(2026, 3, 3)


def test_refund_date_skips_weekends_and_holidays() -> None:
    # Return reaches us Thursday 19 November; 7 business days skip two weekends and Thanksgiving.
    assert refund_text(STORE, et(2026, 11, 19, 12), date(2026, 11, 19), (7, 7)) == "Expect your refund by Tuesday, December 1."
    assert refund_text(STORE, et(2026, 12, 28, 12), date(2026, 12, 28), (3, 5)) == "Expect your refund by Tuesday, January 5, 2027."
