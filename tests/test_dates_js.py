"""The browser's date logic (docs/assets/javascripts/helpcenter-widgets.js) gives the same
words as hooks/policy_dates.py, on a table of fixed instants: two years sampled every
few hours, plus the minutes around each daylight-saving change and holiday, for
shoppers in several time zones. Runs the JavaScript in headless Chromium.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from browser import chromium
from policy_dates import Calendar, Hours, Span, delivery_text, open_status, open_text, refund_text, return_text
from policy_loader import load_policy
from structured_data import public_facts

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "docs/assets/javascripts/helpcenter-widgets.js"
VIEWERS = [None, "America/New_York", "America/Los_Angeles", "Europe/London", "Asia/Tokyo", "Asia/Kolkata", "Australia/Lord_Howe"]

pytestmark = pytest.mark.browser


def _facts() -> dict[str, Any]:
    facts = public_facts(load_policy(ROOT / "content/policies/policy.yml", ROOT))
    # Extra channels whose hours fall in the daylight-saving gap and overlap, and end at midnight.
    odd = copy.deepcopy(facts["channels"][0])
    extra = [
        ("gap", {"days": [6], "opens": "02:30", "closes": "03:30", "always": False}),
        ("overlap", {"days": [6], "opens": "01:15", "closes": "01:45", "always": False}),
        ("late", {"days": [0, 2, 4, 5], "opens": "18:00", "closes": "24:00", "always": False}),
    ]
    for name, hours in extra:
        channel = dict(odd, id=name, hours=dict(hours, text=name), closed_on_holidays=True)
        facts["channels"].append(channel)
    return facts


def _instants(facts: dict[str, Any]) -> list[datetime]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    moments = [start + timedelta(minutes=n * 317) for n in range(2 * 365 * 24 * 60 // 317)]
    # Around the New York changes of 2026 and 2027, and each holiday's edges.
    for change in (datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC), datetime(2027, 3, 14, 7, tzinfo=UTC), datetime(2027, 11, 7, 6, tzinfo=UTC)):
        moments += [change + timedelta(minutes=m) for m in range(-120, 121, 15)]
    for holiday in facts["service_hours"]["holidays"]:
        day = date.fromisoformat(holiday["date"])
        for hour in (0, 4, 5, 13, 14, 22, 23):
            moments.append(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))
    return moments


def _python_answers(facts: dict[str, Any], moments: list[datetime]) -> dict[str, list[str]]:
    store = Calendar.from_facts(facts)
    processing = (facts["orders"]["processing"]["low"], facts["orders"]["processing"]["high"])
    within = (facts["refunds"]["within"]["low"], facts["refunds"]["within"]["high"])
    window = Span.from_facts(facts["returns"]["window"])
    answers: dict[str, list[str]] = {"open": [], "delivery": [], "returns": []}
    for number, now in enumerate(moments):
        viewer = VIEWERS[number % len(VIEWERS)]
        for channel in facts["channels"]:
            status = open_status(Hours.from_facts(channel["hours"]), store, now, channel["closed_on_holidays"])
            answers["open"].append(open_text(status, store, now, viewer))
        for method in facts["shipping"]["methods"]:
            transit = (method["transit"]["low"], method["transit"]["high"])
            answers["delivery"].append(delivery_text(store, now, processing, transit))
        if number % 5 == 0:
            today = store.today(now)
            for back in (-3, 0, 17, 29, 30, 31, 45):
                delivered = today - timedelta(days=back)
                answers["returns"].append(return_text(store, now, delivered, window))
                answers["returns"].append(refund_text(store, now, delivered, within))
    return answers


JS_ANSWERS = """([facts, moments, viewers]) => {
  const d = window.helpcenterDates;
  const store = d.calendarOf(facts);
  const processing = [facts.orders.processing.low, facts.orders.processing.high];
  const within = [facts.refunds.within.low, facts.refunds.within.high];
  const span = {count: facts.returns.window.count, unit: facts.returns.window.unit};
  const answers = {open: [], delivery: [], returns: []};
  const DAY = 86400000;
  moments.forEach((now, number) => {
    const viewer = viewers[number % viewers.length];
    for (const channel of facts.channels) {
      const status = d.openStatus(d.hoursOf(channel.hours), store, now, channel.closed_on_holidays);
      answers.open.push(d.openText(status, store, now, viewer));
    }
    for (const method of facts.shipping.methods) {
      answers.delivery.push(d.deliveryText(store, now, processing, [method.transit.low, method.transit.high]));
    }
    if (number % 5 === 0) {
      const parts = new Intl.DateTimeFormat("en-CA", {timeZone: store.zone, year: "numeric", month: "2-digit", day: "2-digit"}).format(new Date(now));
      const today = d.parseDay(parts);
      for (const back of [-3, 0, 17, 29, 30, 31, 45]) {
        answers.returns.push(d.returnText(store, now, today - back, span));
        answers.returns.push(d.refundText(store, now, today - back, within));
      }
    }
  });
  return answers;
}"""


def test_javascript_and_python_give_the_same_answers() -> None:
    facts = _facts()
    moments = _instants(facts)
    expected = _python_answers(facts, moments)
    with chromium() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.set_content("<!doctype html><title>dates</title>")
        page.add_script_tag(content=SCRIPT.read_text(encoding="utf-8"))
        millis = [int(m.timestamp() * 1000) for m in moments]
        actual = page.evaluate(JS_ANSWERS, [facts, millis, VIEWERS])
    assert len(moments) > 3000
    for kind in ("open", "delivery", "returns"):
        assert len(actual[kind]) == len(expected[kind])
        differences = [(i, py, js) for i, (py, js) in enumerate(zip(expected[kind], actual[kind])) if py != js]
        assert differences == [], f"{kind}: {len(differences)} differences, first: {differences[:3]}"
    # The table covers every kind of answer, not one repeated sentence.
    assert {text.split(",")[0] for text in expected["open"]} >= {"Open now", "Closed", "Closed today for Thanksgiving Day"}
    assert any("your time" in text for text in expected["open"]) and any("Wednesday" in text for text in expected["open"])
    assert {text.split(" ")[0] for text in expected["returns"]} >= {"Start", "Today,", "The", "That", "Expect"}
