"""Policy drift lint: facts typed by hand and contradictions, named with file:line:column and the reference."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build
from helpcenter import HelpCenter
from policy_drift import DriftRules, drift_rules, lint_text


@pytest.fixture(scope="module")
def site() -> HelpCenter:
    return HelpCenter.load(ROOT)


@pytest.fixture(scope="module")
def rules(site: HelpCenter) -> DriftRules:
    return drift_rules(site.facts, site.view)


def findings(text: str, rules: DriftRules) -> list[str]:
    return [str(p) for p in lint_text(text, "page.md", rules)]


def typed(value: str, name: str) -> str:
    return f"'{value}' is typed by hand; write {{{{ {name} }}}} so the page changes with policy.yml"


def test_a_return_window_typed_by_hand(site, rules) -> None:
    window = site.facts["returns.window"]
    text = f"You can return an item within {window} of delivery."
    assert findings(text, rules) == [f"page.md:1:{text.index(window) + 1}: " + typed(window, "returns.window")]


def test_another_return_window_is_a_contradiction(site, rules) -> None:
    window = site.facts["returns.window"]
    other = "14 days" if window != "14 days" else "21 days"
    text = f"Changed your mind? Send it back within {other}.\n\nReturns are accepted for {other}."
    message = f"'{other}' contradicts the policy: returns.window is {window}; write {{{{ returns.window }}}} instead"
    assert findings(text, rules) == [
        f"page.md:1:{text.index(other) + 1}: {message}",
        f"page.md:3:{text.split(chr(10))[2].index(other) + 1}: {message}",
    ]


def test_prices(site, rules) -> None:
    overnight = site.facts["shipping.overnight.price"]
    assert findings(f"Overnight costs {overnight}.", rules) == ["page.md:1:17: " + typed(overnight, "shipping.overnight.price")]
    assert findings("Overnight shipping costs $99.95.", rules) == [
        f"page.md:1:26: '$99.95' contradicts the policy: shipping.overnight.price is {overnight}; "
        "write {{ shipping.overnight.price }} instead"
    ]
    free = site.facts["shipping.free_over"]
    assert findings("Free shipping on orders over $1,000.", rules) == [
        f"page.md:1:30: '$1,000' contradicts the policy: shipping.free_over is {free}; write {{{{ shipping.free_over }}}} instead"
    ]
    assert findings("A $1,000 sofa is heavy.", rules) == []  # a price with no policy words near it


def test_addresses_hours_and_phone(site, rules) -> None:
    email = site.facts["escalation.email"]
    url = site.facts["privacy.policy_url"]
    phone = site.facts["channels.phone.contact"]
    assert findings(f"Write to {email}.", rules) == ["page.md:1:10: " + typed(email, "escalation.email")]
    assert findings(f"Read [our policy]({url}/).", rules) == ["page.md:1:19: " + typed(f"{url}/", "privacy.policy_url")]
    assert findings(f"Call {phone}.", rules) == ["page.md:1:6: " + typed(phone, "channels.phone.contact")]
    domain = email.split("@")[1]
    assert findings(f"Write to help@{domain}.", rules)[0].startswith(f"page.md:1:10: 'help@{domain}' is not an address in the policy; write one of ")
    chat = site.policy.channel("chat")
    assert chat is not None
    opens, closes = chat.hours.clock_text.split("–")
    assert findings(f"Live chat is open {opens} to {closes}.", rules) == ["page.md:1:19: " + typed(f"{opens} to {closes}", "channels.chat.hours")]
    assert findings("Live chat is open 7 AM–11 PM.", rules) == [
        f"page.md:1:19: '7 AM–11 PM' contradicts the policy: channels.chat.hours is {chat.hours.clock_text}; "
        "write {{ channels.chat.hours }} instead"
    ]


def test_code_references_and_marked_lines_are_not_flagged(site, rules) -> None:
    window = site.facts["returns.window"]
    text = "\n".join(
        [
            f"Returns: you have {{{{ returns.window }}}}, written as `{window}` in code.",
            "```text",
            f"Return within {window}.",
            "```",
            "We answer email 24 hours a day, 7 days a week.",
            f"Our {window} guarantee stands. <!-- drift: ignore -->",
            "Orders ship in 5-7 days; see page 12.",
        ]
    )
    assert findings(text, rules) == []


def test_build_warns_and_strict_fails(project: Path, site: HelpCenter) -> None:
    window = site.facts["returns.window"]
    page = project / "docs/returns-refunds/return-policy.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.append(f"Remember: returns within {window} only.")
    page.write_text("\n".join(lines), encoding="utf-8")
    result = build(project)
    column = lines[-1].index(window) + 1
    assert (
        f"WARNING -  helpcenter: policy drift: docs/returns-refunds/return-policy.md:{len(lines)}:{column}: "
        + typed(window, "returns.window")
    ) in result.output
    assert result.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in result.output
    assert "Traceback" not in result.output


def test_faq_answers_are_linted_with_their_place(project: Path, site: HelpCenter) -> None:
    topic = project / "content/faq/returns.yml"
    price = site.facts["shipping.standard.price"]
    topic.write_text(
        topic.read_text(encoding="utf-8")
        + f"  - id: return-label-cost\n    q: What does a return label cost?\n    a: |\n      A label costs about {price}, like Standard shipping.\n",
        encoding="utf-8",
    )
    line = topic.read_text(encoding="utf-8").split("\n").index(f"      A label costs about {price}, like Standard shipping.") + 1
    result = subprocess.run([sys.executable, str(ROOT / "scripts/lint_drift.py"), "--root", str(project)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == (
        f"policy drift: content/faq/returns.yml:{line}:{7 + len('A label costs about ')}: {typed(price, 'shipping.standard.price')}\n"
        "1 finding: write the references above instead of the values.\n"
    )


def test_shipped_content_has_no_drift() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts/lint_drift.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
