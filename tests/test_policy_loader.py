"""The policy loader: typed values from the shipped file, and clear messages for bad input."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import ROOT
from policy_loader import load_policy
from problems import HelpCenterError

POLICY = ROOT / "content/policies/policy.yml"


def problems_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "policy.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HelpCenterError) as caught:
        load_policy(path, tmp_path)
    return [str(p) for p in caught.value.problems]


def edited(old: str, new: str) -> str:
    text = POLICY.read_text(encoding="utf-8")
    assert old in text, f"the shipped policy no longer contains {old!r}"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if needle in line)


def test_shipped_policy_has_the_demo_store_facts() -> None:
    policy = load_policy(POLICY, ROOT)
    prices = {m.id: (m.price.amount, str(m.transit)) for m in policy.shipping.methods}
    assert prices == {
        "standard": (Decimal("5.99"), "5–7 business days"),
        "expedited": (Decimal("12.99"), "2–3 business days"),
        "overnight": (Decimal("19.99"), "next business day"),
    }
    assert str(policy.shipping.free_standard_over) == "$50"
    assert [c.id for c in policy.channels] == ["email", "phone", "chat", "social"]
    assert str(policy.channel("phone").hours) == "Monday to Friday, 9 AM–5 PM"
    assert str(policy.channel("chat").hours) == "Monday to Friday, 8 AM–8 PM"
    assert policy.channel("email").hours.always
    assert policy.store.time_zone.key == "America/New_York"
    assert str(policy.returns.window) == "30 days"
    assert str(policy.refunds.within) == "7 business days"
    assert str(policy.orders.cancellation.window) == "12 hours"
    assert str(policy.escalation.email) == "escalations@example.com"
    assert policy.feedback.form_url.startswith("https://")
    assert str(policy.privacy.response) == "one month"
    assert [r.country for r in policy.shipping.regions] == ["US", "CA"]


def test_wrong_type_names_file_line_column_path_expected_and_found(tmp_path: Path) -> None:
    text = edited("price: 19.99", "price: nineteen")
    line = line_of(text, "price: nineteen")
    assert problems_for(tmp_path, text) == [
        f"policy.yml:{line}:14: shipping.methods[Overnight].price: expected an amount like 19.99, found 'nineteen'"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("price: 5.99", "price: -5.99", "shipping.methods[Standard].price: expected an amount like 19.99 (zero or more), found -5.99"),
        ("hours: Mon-Fri 08:00-20:00", "hours: Mon-Fri 20:00-08:00", "channels[Live chat].hours: expected the closing time after the opening time, found 'Mon-Fri 20:00-08:00'"),
        ("time_zone: America/New_York", "time_zone: America/Gotham", "store.time_zone: expected an IANA time zone like 'America/New_York', found 'America/Gotham'"),
        ("form_url: https://www.example.com/feedback", "form_url: http://www.example.com/feedback", "feedback.form_url: expected a web address starting with https:// (no other scheme is allowed), found 'http://www.example.com/feedback'"),
        ("policy_url: https://www.example.com/privacy", "policy_url: javascript:alert(1)", "privacy.policy_url: expected a web address starting with https:// (no other scheme is allowed), found 'javascript:alert(1)'"),
        ("email: escalations@example.com", "email: escalations at example", "escalation.email: expected an email address like 'help@example.com', found 'escalations at example'"),
        ("window: 30 days", "window: a month or so", "returns.window: expected a duration like '30 days', '24 hours' or '7 business days', found 'a month or so'"),
        ("exchanges: false", "exchanges: nope", "returns.exchanges: expected true or false, found 'nope'"),
        ("exchanges: false", "exchanges: yes", "returns.exchanges: expected true or false, found 'yes'"),
        ("exchanges: false", "exchange: false", "returns.exchange: unknown key; did you mean 'exchanges'?"),
        ("return_shipping_paid_by: shopper", "return_shipping_paid_by: nobody", "returns.return_shipping_paid_by: expected 'shopper' or 'store', found 'nobody'"),
        ("methods: [standard, expedited]", "methods: [standard, express]", "shipping.regions: expected shipping method ids (standard, expedited, overnight), found 'express' for Canada"),
        ("csat_min_percent: 80", "csat_min_percent: 180", "service_standards.csat_min_percent: expected input should be less than or equal to 100, found 180"),
    ],
    ids=["negative-price", "closes-before-opening", "unknown-time-zone", "http-url", "javascript-url", "bad-email", "bad-duration", "bad-boolean", "yes-is-not-a-boolean", "unknown-key", "bad-choice", "unknown-method", "out-of-range"],
)
def test_bad_value_gets_one_clear_problem(tmp_path: Path, old: str, new: str, expected: str) -> None:
    text = edited(old, new)
    (problem,) = problems_for(tmp_path, text)
    assert problem.startswith("policy.yml:")
    assert problem.split(": ", 1)[1] == expected
    # the line points at the changed value (or, for a cross-check, at its section)
    line = int(problem.split(":")[1])
    assert line in (line_of(text, new.strip()), line_of(text, "  regions:"))


def test_missing_key_names_its_section(tmp_path: Path) -> None:
    text = edited("  within: 7 business days\n", "")
    assert problems_for(tmp_path, text) == [f"policy.yml:{line_of(text, 'refunds:')}:1: refunds.within: required key is missing; add it"]


def test_every_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = edited("price: 12.99", "price: cheap").replace("hours: 24/7", "hours: always-ish").replace("  nps_min: 50", "  nps_minimum: 50")
    messages = problems_for(tmp_path, text)
    assert len(messages) == 4, messages
    assert any("shipping.methods[Expedited].price" in m for m in messages)
    assert any("channels[Email].hours: expected hours like 'Mon-Fri 09:00-17:00' or '24/7'" in m for m in messages)
    assert any("service_standards.nps_minimum: unknown key; did you mean 'nps_min'?" in m for m in messages)
    assert any("service_standards.nps_min: required key is missing" in m for m in messages)


def test_malformed_yaml_gives_line_and_column(tmp_path: Path) -> None:
    text = edited("  name: Juniper Lane Goods", "  name: [Juniper Lane Goods")
    (problem,) = problems_for(tmp_path, text)
    assert problem.startswith("policy.yml:")
    assert "YAML syntax error" in problem and "check the indentation and quoting" in problem


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    text = edited("  window: 30 days\n", "  window: 30 days\n  window: 14 days\n")
    line = line_of(text, "window: 14 days")
    assert problems_for(tmp_path, text) == [f"policy.yml:{line}:3: returns.window: this key appears twice; keep one of them"]


def test_yaml_1_1_surprises_are_not_applied(tmp_path: Path) -> None:
    """'NO' stays a country code and 9:00 stays a clock time (YAML 1.1 would make them False and 540)."""
    text = edited("hours: Mon-Fri 09:00-17:00\n  # Phone", "hours: Mon-Fri 9:00-17:00\n  # Phone").replace("country: CA", "country: NO")
    policy_path = tmp_path / "policy.yml"
    policy_path.write_text(text, encoding="utf-8")
    policy = load_policy(policy_path, tmp_path)
    assert policy.shipping.regions[1].country == "NO"
    assert str(policy.service_hours.hours) == "Monday to Friday, 9 AM–5 PM"


def test_empty_file(tmp_path: Path) -> None:
    assert problems_for(tmp_path, "# nothing yet\n") == ["policy.yml:1:1: the file is empty; expected the keys of the document"]


def test_check_command_reports_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "content/policies").mkdir(parents=True)
    (tmp_path / "content/faq").mkdir(parents=True)
    (tmp_path / "content/policies/policy.yml").write_text(edited("price: 19.99", "price: '19,99 dollars'"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/check_policy.py"), "--root", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/policies/policy.yml:" in result.stderr
    assert "shipping.methods[Overnight].price: expected an amount like 19.99, found '19,99 dollars'" in result.stderr
