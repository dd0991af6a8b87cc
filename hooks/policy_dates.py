"""Dates that answer shoppers' questions: is a channel open now, when will an order
arrive, until when can an item be returned, when will the refund come.

Pure and engine-agnostic: every function takes the clock (`now`, an aware
datetime) as an argument, so tests fix it. The data comes from the public facts
(`structured_data.public_facts`, the same `policy.json` the browser reads);
`docs/assets/javascripts/helpcenter-widgets.js` implements the same rules and
words, and tests/test_dates_js.py checks that both give the same answers.

Rules:
- Hours are in the store's time zone; a wall-clock time that does not exist or
  happens twice (daylight-saving changes) takes the offset in force before the
  change (Python's fold=0, PEP 495).
- A holiday closes every channel that has set hours; channels open 24/7 stay open.
- A business day is Monday to Friday and not a holiday. "n business days after
  day d" is the n-th business day strictly after d, so an order placed on a
  weekend starts counting on Monday.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
DAY_MINUTES = 24 * 60
SEARCH_DAYS = 400  # how far ahead to look for the next opening


# ---------------------------------------------------------------- data


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class Hours:
    """Weekly opening hours: the same hours on each listed weekday (0 = Monday)."""

    days: frozenset[int]
    opens: int  # minutes after midnight
    closes: int  # minutes after midnight; 1440 means midnight at the end of the day
    always: bool = False

    @classmethod
    def from_facts(cls, hours: Mapping[str, Any]) -> Hours:
        return cls(frozenset(hours["days"]), _minutes(hours["opens"]), _minutes(hours["closes"]), bool(hours["always"]))


@dataclass(frozen=True)
class Calendar:
    """The store's time zone and its holidays (date -> name)."""

    zone: str
    short: str  # e.g. "ET"
    holidays: Mapping[date, str]

    @classmethod
    def from_facts(cls, facts: Mapping[str, Any]) -> Calendar:
        zone = facts["store"]["time_zone"]
        holidays = {date.fromisoformat(h["date"]): h["name"] for h in facts["service_hours"]["holidays"]}
        return cls(zone["key"], zone["short"], holidays)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def today(self, now: datetime) -> date:
        return now.astimezone(self.tz).date()

    def is_business_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_business_days(self, day: date, count: int) -> date:
        """The `count`-th business day after `day` (`day` itself never counts)."""
        while count > 0:
            day += timedelta(days=1)
            if self.is_business_day(day):
                count -= 1
        return day

    def wall(self, day: date, minutes: int) -> datetime:
        """The instant (UTC) when the store's clocks show `minutes` after midnight on `day`."""
        day += timedelta(days=minutes // DAY_MINUTES)
        minutes %= DAY_MINUTES
        local = datetime(day.year, day.month, day.day, minutes // 60, minutes % 60, tzinfo=self.tz)
        return local.astimezone(UTC)


@dataclass(frozen=True)
class Span:
    """A count of time such as 30 days, 7 business days or 1 month."""

    count: int
    unit: str  # minutes, hours, days, business days, months

    @classmethod
    def from_facts(cls, span: Mapping[str, Any]) -> Span:
        return cls(int(span["count"]), span["unit"])


# ---------------------------------------------------------------- words


def clock_text(moment: datetime) -> str:
    """9 AM, 5 PM, 8:30 PM (the wall clock of an aware datetime)."""
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"


def date_text(day: date, today: date) -> str:
    """'Tuesday, March 10', with the year when it is not this year."""
    text = f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}"
    return text if day.year == today.year else f"{text}, {day.year}"


def _offset(moment: datetime, zone: str) -> timedelta | None:
    return moment.astimezone(ZoneInfo(zone)).utcoffset()


def _viewer_text(moment: datetime, store: Calendar, viewer_zone: str | None) -> str:
    """' (2 PM your time)' when the shopper's clock differs from the store's, else ''."""
    if not viewer_zone or _offset(moment, viewer_zone) == _offset(moment, store.zone):
        return ""
    theirs = moment.astimezone(ZoneInfo(viewer_zone))
    day = "" if theirs.date() == moment.astimezone(store.tz).date() else WEEKDAYS[theirs.weekday()] + " "
    return f" ({day}{clock_text(theirs)} your time)"


# ---------------------------------------------------------------- open now


@dataclass(frozen=True)
class OpenStatus:
    open: bool
    always: bool = False
    change: datetime | None = None  # closing time when open, next opening when closed (UTC)
    holiday: str = ""  # the holiday that closes the channel today, if any


def _interval(hours: Hours, store: Calendar, day: date, closed_on_holidays: bool) -> tuple[datetime, datetime] | None:
    if day.weekday() not in hours.days or (closed_on_holidays and day in store.holidays):
        return None
    return store.wall(day, hours.opens), store.wall(day, hours.closes)


def open_status(hours: Hours, store: Calendar, now: datetime, closed_on_holidays: bool = True) -> OpenStatus:
    """Whether a channel is open at `now`, and when that changes."""
    if hours.always:
        return OpenStatus(open=True, always=True)
    now = now.astimezone(UTC)
    today = store.today(now)
    holiday = store.holidays.get(today, "") if closed_on_holidays and today.weekday() in hours.days else ""
    for ahead in range(SEARCH_DAYS):
        interval = _interval(hours, store, today + timedelta(days=ahead), closed_on_holidays)
        if interval is None:
            continue
        opens, closes = interval
        if opens <= now < closes:
            return OpenStatus(open=True, change=closes)
        if opens > now:
            return OpenStatus(open=False, change=opens, holiday=holiday)
    return OpenStatus(open=False, holiday=holiday)


def open_text(status: OpenStatus, store: Calendar, now: datetime, viewer_zone: str | None = None) -> str:
    """'Open now, closes at 5 PM ET (2 PM your time)' or 'Closed, opens Monday 9 AM ET'."""
    if status.always:
        return "Open now, 24/7"
    if status.change is None:
        return "Closed"
    local = status.change.astimezone(store.tz)
    clock = f"{clock_text(local)} {store.short}{_viewer_text(status.change, store, viewer_zone)}"
    if status.open:
        return f"Open now, closes at {clock}"
    today = store.today(now)
    ahead = (local.date() - today).days
    if ahead == 0:
        when = "at"
    elif ahead == 1:
        when = "tomorrow"
    elif ahead < 7:
        when = WEEKDAYS[local.weekday()]
    else:
        when = date_text(local.date(), today) + ","
    reason = f" today for {status.holiday}" if status.holiday else ""
    return f"Closed{reason}, opens {when} {clock}"


# ---------------------------------------------------------------- delivery


def delivery_window(store: Calendar, now: datetime, processing: tuple[int, int], transit: tuple[int, int]) -> tuple[date, date]:
    """First and last arrival day of an order placed at `now`: processing then transit, in business days."""
    today = store.today(now)
    return (
        store.add_business_days(today, processing[0] + transit[0]),
        store.add_business_days(today, processing[1] + transit[1]),
    )


def delivery_text(store: Calendar, now: datetime, processing: tuple[int, int], transit: tuple[int, int]) -> str:
    """'Order today, arrives between Tuesday, March 10 and Thursday, March 12'."""
    first, last = delivery_window(store, now, processing, transit)
    today = store.today(now)
    if first == last:
        return f"Order today, arrives on {date_text(first, today)}"
    return f"Order today, arrives between {date_text(first, today)} and {date_text(last, today)}"


# ---------------------------------------------------------------- returns and refunds


def add_span(store: Calendar, day: date, span: Span) -> date:
    """`day` plus a span; hours and minutes round up to whole days, months keep the day of month when they can."""
    if span.unit == "business days":
        return store.add_business_days(day, span.count)
    if span.unit == "months":
        month = day.month - 1 + span.count
        year, month = day.year + month // 12, month % 12 + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    per_day = {"days": 1, "hours": 24, "minutes": DAY_MINUTES}[span.unit]
    return day + timedelta(days=math.ceil(span.count / per_day))


def return_deadline(store: Calendar, delivered: date, window: Span) -> date:
    """The last day to start a return of an order delivered on `delivered`."""
    return add_span(store, delivered, window)


def refund_by(store: Calendar, arrived: date, within: tuple[int, int]) -> date:
    """The day by which the refund is sent, for a return that reached the store on `arrived`."""
    return store.add_business_days(arrived, within[1])


def return_text(store: Calendar, now: datetime, delivered: date, window: Span) -> str:
    """'Start your return by Saturday, March 14: 12 days left.' (and the other cases)."""
    today = store.today(now)
    if delivered > today:
        return "That date is in the future: enter the day your order was delivered."
    deadline = return_deadline(store, delivered, window)
    shown = date_text(deadline, today)
    left = (deadline - today).days
    if left < 0:
        return f"The return window closed on {shown}."
    if left == 0:
        return f"Today, {shown}, is the last day to start your return."
    return f"Start your return by {shown}: {left} day{'s' if left != 1 else ''} left."


def refund_text(store: Calendar, now: datetime, arrived: date, within: tuple[int, int]) -> str:
    """'Expect your refund by Tuesday, March 24.'"""
    return f"Expect your refund by {date_text(refund_by(store, arrived, within), store.today(now))}."
