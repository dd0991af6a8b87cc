"""Small domain types for the store's facts: each parses, checks and formats itself.

They are written as plain values so the rest of the code never re-parses strings.
Each `parse` raises `ValueError("expected ...")`; the loader adds the place and the
value it found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from decimal import Decimal, InvalidOperation
from enum import IntEnum
from typing import Annotated, Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

DASH = re.compile(r"\s*(?:-|–|—|to)\s*")


def _text(value: Any, expected: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ValueError(expected)
    return str(value).strip()


# ---------------------------------------------------------------- money


@dataclass(frozen=True)
class Money:
    amount: Decimal

    @classmethod
    def parse(cls, value: Any) -> Money:
        expected = "expected an amount like 19.99"
        if isinstance(value, Money):
            return value
        text = _text(value, expected).lstrip("$").replace(",", "")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise ValueError(expected) from None
        if not amount.is_finite() or amount < 0:
            raise ValueError(expected + " (zero or more)")
        if amount != amount.quantize(Decimal("0.01")):
            raise ValueError(expected + " (at most two decimals)")
        return cls(amount.quantize(Decimal("0.01")))

    def __str__(self) -> str:
        if self.amount == self.amount.to_integral_value():
            return f"${int(self.amount):,}"
        return f"${self.amount:,.2f}"

    @property
    def plain(self) -> str:
        """The amount without currency sign, with two decimals ("19.99")."""
        return f"{self.amount:.2f}"


# ---------------------------------------------------------------- durations

UNITS = {
    "minute": "minutes",
    "minutes": "minutes",
    "hour": "hours",
    "hours": "hours",
    "day": "days",
    "days": "days",
    "calendar day": "days",
    "calendar days": "days",
    "business day": "business days",
    "business days": "business days",
    "month": "months",
    "months": "months",
}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DURATION = re.compile(r"^(\d+|[a-z]+)\s+([a-z ]+?)s?$")


def _unit(word: str, expected: str) -> str:
    unit = UNITS.get(word) or UNITS.get(word + "s")
    if unit is None:
        raise ValueError(expected)
    return unit


def _count(word: str, expected: str) -> int:
    if word.isdigit():
        return int(word)
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    raise ValueError(expected)


@dataclass(frozen=True)
class Duration:
    """A span such as '30 days', '24 hours', '7 business days' or 'one month'."""

    count: int
    unit: str  # one of the values of UNITS
    spelled: bool = False  # written as a word ("one month") rather than digits

    @classmethod
    def parse(cls, value: Any) -> Duration:
        expected = "expected a duration like '30 days', '24 hours' or '7 business days'"
        if isinstance(value, Duration):
            return value
        text = _text(value, expected).lower()
        match = _DURATION.match(text)
        if not match:
            raise ValueError(expected)
        word, unit = match.groups()
        count = _count(word, expected)
        if count <= 0:
            raise ValueError(expected + " (more than zero)")
        return cls(count, _unit(unit, expected), spelled=not word.isdigit())

    def __str__(self) -> str:
        unit = self.unit if self.count != 1 else self.unit[:-1]
        number = next((w for w, n in NUMBER_WORDS.items() if n == self.count), None)
        return f"{number if self.spelled and number else self.count} {unit}"


@dataclass(frozen=True)
class DayRange:
    """Business days such as '1-3 business days', '5–7 business days' or 'next business day'."""

    low: int
    high: int

    @classmethod
    def parse(cls, value: Any) -> DayRange:
        expected = "expected business days like '5-7 business days' or 'next business day'"
        if isinstance(value, DayRange):
            return value
        text = _text(value, expected).lower()
        if text in ("next business day", "1 business day"):
            return cls(1, 1)
        match = re.fullmatch(r"(\d+)(?:\s*(?:-|–|—|to)\s*(\d+))?\s+business days?", text)
        if not match:
            raise ValueError(expected)
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if low <= 0 or high < low:
            raise ValueError(expected + " (the first number at least 1 and not above the second)")
        return cls(low, high)

    def __str__(self) -> str:
        if self.low == self.high == 1:
            return "next business day"
        if self.low == self.high:
            return f"{self.low} business days"
        return f"{self.low}–{self.high} business days"


# ---------------------------------------------------------------- weekly hours


class Weekday(IntEnum):
    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6

    @classmethod
    def parse(cls, word: str, expected: str) -> Weekday:
        key = word.strip().lower()[:3]
        for day in cls:
            if day.name.lower() == key and day.long.lower().startswith(word.strip().lower()):
                return day
        raise ValueError(expected)

    @property
    def long(self) -> str:
        return ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[self]

    @property
    def short(self) -> str:
        return self.long[:3]


def format_clock(moment: time) -> str:
    """9 AM, 5 PM, 8:30 PM, 12 PM (noon)."""
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    if moment.minute:
        return f"{hour}:{moment.minute:02d} {suffix}"
    return f"{hour} {suffix}"


def _clock(text: str, expected: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip())
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour == 24 and minute == 0:
            return time(23, 59, 59)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(expected)


@dataclass(frozen=True)
class WeeklyHours:
    """Opening hours such as 'Mon-Fri 09:00-17:00', or '24/7' for always open."""

    days: tuple[Weekday, ...]
    opens: time
    closes: time

    EXPECTED = "expected hours like 'Mon-Fri 09:00-17:00' or '24/7'"

    @classmethod
    def parse(cls, value: Any) -> WeeklyHours:
        if isinstance(value, WeeklyHours):
            return value
        text = _text(value, cls.EXPECTED)
        if text.lower() in ("24/7", "always"):
            return cls(tuple(Weekday), time(0, 0), time(23, 59, 59))
        match = re.fullmatch(r"([A-Za-z]+)(?:\s*(?:-|–|—|to)\s*([A-Za-z]+))?\s+(\S+)\s*(?:-|–|—|to)\s*(\S+)", text)
        if not match:
            raise ValueError(cls.EXPECTED)
        first = Weekday.parse(match.group(1), cls.EXPECTED)
        last = Weekday.parse(match.group(2), cls.EXPECTED) if match.group(2) else first
        if last < first:
            raise ValueError(cls.EXPECTED + " (days in week order, Monday first)")
        opens = _clock(match.group(3), cls.EXPECTED)
        closes = _clock(match.group(4), cls.EXPECTED)
        if closes <= opens:
            raise ValueError("expected the closing time after the opening time")
        return cls(tuple(Weekday(d) for d in range(first, last + 1)), opens, closes)

    @property
    def always(self) -> bool:
        return len(self.days) == 7 and self.opens == time(0, 0) and self.closes >= time(23, 59)

    @property
    def days_text(self) -> str:
        if len(self.days) == 1:
            return self.days[0].long
        return f"{self.days[0].long} to {self.days[-1].long}"

    @property
    def short_days_text(self) -> str:
        if len(self.days) == 1:
            return self.days[0].short
        return f"{self.days[0].short}–{self.days[-1].short}"

    @property
    def clock_text(self) -> str:
        return f"{format_clock(self.opens)}–{format_clock(self.closes)}"

    def __str__(self) -> str:
        if self.always:
            return "24/7"
        return f"{self.days_text}, {self.clock_text}"

    @property
    def machine(self) -> str:
        """'Mo-Fr 09:00-17:00', as schema.org openingHours wants it."""
        if self.always:
            return "Mo-Su 00:00-23:59"
        days = self.days[0].short[:2]
        if len(self.days) > 1:
            days += "-" + self.days[-1].short[:2]
        return f"{days} {self.opens:%H:%M}-{self.closes:%H:%M}"


# ---------------------------------------------------------------- places and addresses


@dataclass(frozen=True)
class TimeZone:
    key: str
    label: str  # shown to shoppers, e.g. "Eastern Time (ET)"

    @classmethod
    def parse(cls, value: Any) -> TimeZone:
        expected = "expected an IANA time zone like 'America/New_York'"
        if isinstance(value, TimeZone):
            return value
        key = _text(value, expected)
        try:
            ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(expected) from None
        return cls(key, ZONE_LABELS.get(key, key.replace("_", " ")))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.key)

    @property
    def short(self) -> str:
        match = re.search(r"\((\w+)\)$", self.label)
        return match.group(1) if match else self.key

    def __str__(self) -> str:
        return self.label


ZONE_LABELS = {
    "America/New_York": "Eastern Time (ET)",
    "America/Chicago": "Central Time (CT)",
    "America/Denver": "Mountain Time (MT)",
    "America/Los_Angeles": "Pacific Time (PT)",
    "Europe/London": "UK time (GMT/BST)",
    "Europe/Berlin": "Central European Time (CET)",
}

_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


class EmailAddress(str):
    @classmethod
    def parse(cls, value: Any) -> EmailAddress:
        expected = "expected an email address like 'help@example.com'"
        text = _text(value, expected)
        if text.lower().startswith("mailto:"):
            text = text[len("mailto:") :]
        if not _EMAIL.match(text):
            raise ValueError(expected)
        return cls(text)

    @property
    def href(self) -> str:
        return "mailto:" + self


class PhoneNumber(str):
    @classmethod
    def parse(cls, value: Any) -> PhoneNumber:
        expected = "expected a phone number like '+1 555 0100' (digits, spaces, dashes, a leading +)"
        text = _text(value, expected)
        if text.lower().startswith("tel:"):
            text = text[len("tel:") :]
        digits = re.sub(r"[\s().-]", "", text)
        if not re.fullmatch(r"\+?\d{6,15}", digits):
            raise ValueError(expected)
        return cls(text)

    @property
    def href(self) -> str:
        return "tel:" + re.sub(r"[\s().-]", "", self)


class HttpsUrl(str):
    """A web address that shoppers may follow: https only, with a host."""

    @classmethod
    def parse(cls, value: Any) -> HttpsUrl:
        expected = "expected a web address starting with https:// (no other scheme is allowed)"
        text = _text(value, expected)
        parts = urlsplit(text)
        if parts.scheme != "https" or not parts.hostname or any(c in text for c in ' "<>\'`\\'):
            raise ValueError(expected)
        return cls(text)

    @property
    def href(self) -> str:
        return str(self)


def _field(cls: Any, schema: dict[str, Any]) -> Any:
    """A pydantic field type for a domain class with a `parse` classmethod."""
    return Annotated[
        cls,
        PlainValidator(cls.parse),
        PlainSerializer(str, return_type=str),
        WithJsonSchema(schema),
    ]


# JSON Schemas for editors' YAML language server (scripts/policy_schema.py). Each accepts
# what `parse` accepts, as closely as a pattern can; a few checks only the loader makes
# (a closing time after the opening time, the first number of a range not above the second).
_CLOCK = r"(?:[01]?\d|2[0-3]):[0-5]\d|24:00"
_WEEKDAY = r"(?:[Mm]on|[Tt]ue|[Ww]ed|[Tt]hu|[Ff]ri|[Ss]at|[Ss]un)[a-z]*"
_RANGE = r"\s*(?:-|–|—|to)\s*"


def _time_zones() -> list[str]:
    """The IANA zone names of the pinned tzdata package: the same list on every machine."""
    from importlib.resources import files

    return sorted(files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())


MoneyField = _field(
    Money,
    {
        "anyOf": [
            {"type": "number", "minimum": 0},
            {"type": "string", "pattern": r"^\$?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d{1,2})?$"},
        ],
        "description": "An amount in the store's currency, like 19.99 (zero or more, at most two decimals)",
        "examples": [19.99],
    },
)
DurationField = _field(
    Duration,
    {
        "type": "string",
        "pattern": r"^(?:[1-9]\d*|one|two|three|four|five|six)\s+(?:minute|hour|day|calendar day|business day|month)s?$",
        "description": "A duration like '30 days', '24 hours', '7 business days' or 'one month'",
        "examples": ["30 days"],
    },
)
DayRangeField = _field(
    DayRange,
    {
        "type": "string",
        "pattern": rf"^(?:next business day|[1-9]\d*(?:{_RANGE}[1-9]\d*)?\s+business days?)$",
        "description": "Business days like '5-7 business days' or 'next business day'",
        "examples": ["5-7 business days"],
    },
)
WeeklyHoursField = _field(
    WeeklyHours,
    {
        "type": "string",
        "pattern": rf"^(?:24/7|always|{_WEEKDAY}(?:{_RANGE}{_WEEKDAY})?\s+(?:{_CLOCK}){_RANGE}(?:{_CLOCK}))$",
        "description": "Opening hours like 'Mon-Fri 09:00-17:00' (24-hour clock), or '24/7'",
        "examples": ["Mon-Fri 09:00-17:00"],
    },
)
TimeZoneField = _field(
    TimeZone, {"type": "string", "enum": _time_zones(), "description": "An IANA time zone like 'America/New_York'"}
)
EmailField = _field(
    EmailAddress,
    {
        "type": "string",
        "pattern": r"^(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$",
        "description": "An email address like 'help@example.com'",
    },
)
PhoneField = _field(
    PhoneNumber,
    {
        "type": "string",
        "pattern": r"^(?:tel:)?\+?(?:[\s().-]*\d){6,15}[\s().-]*$",
        "description": "A phone number like '+1 555 0100' (digits, spaces, dashes, a leading +)",
    },
)
HttpsUrlField = _field(
    HttpsUrl,
    {
        "type": "string",
        "pattern": r"^https://[^\s\"'<>`\\/?#]+(?:[/?#][^\s\"'<>`\\]*)?$",
        "description": "A web address starting with https:// (no other scheme is allowed)",
    },
)
