"""The JSON Schema of policy.yml: in sync with the model, accepts the shipped file, rejects bad input
like the loader does (so editors see inline errors for the same mistakes the build stops on)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import ROOT
from policy_loader import YamlDocument, load_yaml, validate
from policy_model import Policy
from problems import HelpCenterError

SCHEMA_FILE = ROOT / "content/policies/policy.schema.json"
POLICY_FILE = ROOT / "content/policies/policy.yml"
SCRIPT = ROOT / "scripts/policy_schema.py"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def shipped() -> Any:
    return load_yaml(POLICY_FILE, ROOT).data


def changed(data: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A copy of `data` with the value at `path` replaced (or removed when value is DELETE)."""
    result = copy.deepcopy(data)
    node = result
    for part in path[:-1]:
        node = node[part]
    if value is DELETE:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return result


DELETE = object()

BAD_INPUTS = [
    ("wrong type: a price in words", ("shipping", "methods", 2, "price"), "nineteen"),
    ("wrong type: text where true/false belongs", ("returns", "exchanges"), "maybe"),
    ("wrong type: a list where keys belong", ("returns",), ["30 days"]),
    ("wrong type: text where a list belongs", ("payments", "methods"), "Visa"),
    ("unknown key (typo)", ("returns", "windw"), "30 days"),
    ("unknown key at the top", ("shipping_methods",), {}),
    ("missing key", ("returns", "window"), DELETE),
    ("missing section", ("privacy",), DELETE),
    ("negative price", ("shipping", "methods", 0, "price"), -5),
    ("negative price as text", ("shipping", "methods", 0, "price"), "-5.99"),
    ("price with three decimals", ("shipping", "methods", 0, "price"), "5.999"),
    ("non-https URL", ("feedback", "form_url"), "http://www.example.com/feedback"),
    ("script URL", ("privacy", "policy_url"), "javascript:alert(1)"),
    ("bad hours: am/pm", ("channels", 1, "hours"), "9am-5pm"),
    ("bad hours: no such hour", ("channels", 1, "hours"), "Mon-Fri 09:00-25:00"),
    ("bad hours: no such day", ("service_hours", "hours"), "Someday 09:00-17:00"),
    ("bad hours: days only", ("service_hours", "hours"), "Mon-Fri"),
    ("unknown time zone", ("store", "time_zone"), "Mars/Olympus_Mons"),
    ("bad email", ("escalation", "email"), "escalations at example.com"),
    ("bad phone", ("channels", 1, "phone"), "call us"),
    ("bad duration", ("returns", "window"), "a while"),
    ("zero duration", ("returns", "window"), "0 days"),
    ("bad business days", ("refunds", "within"), "about a week"),
    ("bad date", ("service_hours", "holidays", 0, "date"), "2026-13-01"),
    ("bad country code", ("shipping", "regions", 0, "country"), "usa"),
    ("not an allowed value", ("returns", "return_shipping_paid_by"), "nobody"),
    ("percent above 100", ("service_standards", "csat_min_percent"), 150),
    ("empty list", ("channels",), []),
    ("bad id", ("channels", 0, "id"), "E Mail"),
]


@pytest.mark.parametrize(("label", "path", "value"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_schema_rejects_what_the_loader_rejects(validator, shipped, label, path, value) -> None:
    data = changed(shipped, path, value)
    assert list(validator.iter_errors(data)), f"the schema accepts {label}"
    with pytest.raises(HelpCenterError):
        validate(YamlDocument("policy.yml", data), Policy)


GOOD_SPELLINGS = [
    (("shipping", "methods", 0, "price"), "$1,299.00"),
    (("shipping", "methods", 0, "price"), 0),
    (("shipping", "methods", 0, "price"), "5.99"),
    (("channels", 1, "hours"), "Monday to Friday 9:00 to 17:00"),
    (("channels", 1, "hours"), "Mon–Sat 08:30–24:00"),
    (("channels", 1, "hours"), "Sun 10:00-14:00"),
    (("escalation", "email"), "mailto:escalations@example.com"),
    (("channels", 1, "phone"), "tel:+1 (555) 010-0100"),
    (("refunds", "within"), "5 to 7 business days"),
    (("refunds", "within"), "1 business day"),
    (("privacy", "response"), "one month"),
    (("returns", "window"), "14 calendar days"),
    (("feedback", "form_url"), "https://www.example.com/feedback?source=help#form"),
]


@pytest.mark.parametrize(("path", "value"), GOOD_SPELLINGS, ids=[str(g[1]) for g in GOOD_SPELLINGS])
def test_schema_accepts_what_the_loader_accepts(validator, shipped, path, value) -> None:
    data = changed(shipped, path, value)
    validate(YamlDocument("policy.yml", data), Policy)  # the loader accepts it ...
    assert [e.message for e in validator.iter_errors(data)] == []  # ... so no inline error either


def test_shipped_policy_is_valid_against_the_schema(validator, shipped) -> None:
    assert [e.message for e in validator.iter_errors(shipped)] == []


def test_policy_file_points_at_the_schema() -> None:
    first_line = POLICY_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./policy.schema.json"


def test_committed_schema_is_in_sync_with_the_model() -> None:
    result = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "OK: content/policies/policy.schema.json is up to date.\n"


def test_stale_schema_is_reported_and_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "content/policies/policy.schema.json"
    target.parent.mkdir(parents=True)
    target.write_text('{"type": "object"}\n', encoding="utf-8")
    check = [sys.executable, str(SCRIPT), "--root", str(tmp_path), "--check"]
    stale = subprocess.run(check, capture_output=True, text=True)
    assert stale.returncode == 1
    assert stale.stderr == (
        "content/policies/policy.schema.json: out of date with hooks/policy_model.py; "
        "run `python scripts/policy_schema.py` and commit the result\n"
    )
    subprocess.run([sys.executable, str(SCRIPT), "--root", str(tmp_path)], check=True, capture_output=True)
    assert target.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")
    assert subprocess.run(check, capture_output=True).returncode == 0
