"""Escaping: XSS payloads fed through every text field of policy.yml and the FAQ come out inert.

Every free-text field of the policy model (found by walking the model, so a new field
is covered without touching this test) and every FAQ field (title, description,
question, answer, keywords) gets payloads; the real strict build must pass its own
post-build security check, and the built site must show the payloads as text: no
executable markup, no javascript: URL, JSON and JSON-LD that parse back to the same
strings. URL fields reject other schemes when the policy is loaded.
"""

from __future__ import annotations

import html
import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from conftest import ROOT, build, copy_project
from html_scan import scan_page, url_scheme
from policy_loader import load_policy
from policy_model import Policy
from problems import HelpCenterError
from site_security import check, known_script

# Each payload tries one way out: HTML, attributes, URLs, templates, Markdown, JSON and script ends.
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "</script><script>alert(1)</script>",
    "' onmouseover='alert(1)' x='",
    '" onfocus="alert(1)" autofocus x="',
    "[pay here](javascript:alert(1))",
    "<a href=javascript:alert(1)>x</a>",
    "{: onclick=alert(1) }",
    "<svg/onload=alert(1)>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!-- {% shipping_table %}",
    "![x](x onerror=alert(1))",
    "*bold* `code` _u_ | table |",
    "\\u003cscript\\u003e",
]
# Fields that hold ids of other entries rather than text.
NOT_TEXT = {("shipping", "regions", "methods")}


def _text_fields(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], bool]]:
    """(path of field names, is a list) for every free-text field of a model, nested models included."""
    found: list[tuple[tuple[str, ...], bool]] = []
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        annotation = info.annotation
        is_list = typing.get_origin(annotation) is list
        inner = typing.get_args(annotation)[0] if is_list else annotation
        options = [a for a in typing.get_args(inner) if a is not type(None)] if typing.get_origin(inner) is typing.Union else [inner]
        if any(isinstance(o, type) and issubclass(o, BaseModel) for o in options):
            sub = next(o for o in options if isinstance(o, type) and issubclass(o, BaseModel))
            found += _text_fields(sub, path)
        elif inner is str and path not in NOT_TEXT and not any(getattr(m, "pattern", None) for m in info.metadata):
            found.append((path, is_list))
    return found


TEXT_FIELDS = _text_fields(Policy)


def _set(data: Any, path: tuple[str, ...], value: str, is_list: bool) -> int:
    """Set every occurrence of `path` in the raw policy data; returns how many were set."""
    if isinstance(data, list):
        return sum(_set(item, path, value, is_list) for item in data)
    if not isinstance(data, dict) or path[0] not in data:
        return 0
    if len(path) > 1:
        return _set(data[path[0]], path[1:], value, is_list)
    data[path[0]] = [f"{value} {i}" for i in range(len(data[path[0]]))] if is_list else value
    return 1


def _chunks(limit: int) -> list[str]:
    """The payloads grouped into strings of at most `limit` characters, all of them used."""
    groups, current = [], ""
    for payload in PAYLOADS:
        if current and len(current) + 1 + len(payload) > limit:
            groups.append(current)
            current = ""
        current = f"{current} {payload}".strip()
    return [*groups, current]


CHUNKS = _chunks(76)  # FAQ titles allow 80 characters


def visible_text(page: str) -> str:
    """The text a shopper reads: tags (and script/style bodies) removed, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1\s*>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def test_every_text_field_of_the_model_is_covered() -> None:
    paths = {".".join(p) for p, _ in TEXT_FIELDS}
    assert {"store.name", "channels.name", "service_hours.holidays.name", "escalation.steps", "payments.methods", "returns.condition"} <= paths
    assert len(paths) >= 12


@pytest.mark.parametrize("number", range(len(CHUNKS)))
def test_payloads_in_every_policy_and_faq_field_come_out_inert(tmp_path: Path, number: int) -> None:
    payload = CHUNKS[number]
    project = copy_project(tmp_path / "project")
    policy_file = project / "content" / "policies" / "policy.yml"
    data = yaml.safe_load(policy_file.read_text(encoding="utf-8"))
    for path, is_list in TEXT_FIELDS:
        _set(data, path, f"T{number} {payload}", is_list)
    policy_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # An answer is Markdown with references: unknown references and links other than https, mailto
    # and tel stop the build (test_answer_with_a_javascript_link_stops_the_build); the rest is shown.
    answer = payload.replace("{{", "{ {").replace("{%", "{ %").replace("](", "] (")
    topic = {
        "title": payload[:80],
        "description": f"About {payload}",
        "order": 99,
        "entries": [{"id": f"xss-{number}-question", "q": f"Why {payload}?", "a": f"Because {answer}.", "keywords": [payload, "xss"]}],
    }
    (project / "content" / "faq" / "zz-xss.yml").write_text(yaml.safe_dump(topic, allow_unicode=True), encoding="utf-8")

    result = build(project)
    assert result.returncode == 0, result.output
    assert check(result.site) == []  # the post-build security check, once more, on the finished site

    pages = {p.relative_to(result.site).as_posix(): p.read_text(encoding="utf-8") for p in result.site.rglob("*.html")}
    for name, text in pages.items():
        scanned = scan_page(text)
        for tag in scanned.tags:
            assert not [a for a in tag.attrs if a.startswith("on")], (name, tag)
            assert all(url_scheme(v) not in ("javascript", "vbscript") for v in tag.attrs.values()), (name, tag)
            if tag.name == "script" and "src" not in tag.attrs:
                if tag.attrs.get("type", "") in ("application/json", "application/ld+json"):
                    json.loads(tag.text)
                else:
                    assert known_script(tag.text), (name, tag.text[:200])
            assert tag.name not in ("svg", "img") or "x" != tag.attrs.get("src"), (name, tag)
        assert "alert(1)" not in "".join(t.text for t in scanned.tags if t.name == "script" and t.attrs.get("type", "") not in ("application/json", "application/ld+json"))

    # The payloads are shown as text: on every page (contact block) and on the FAQ page.
    assert f"T{number} {payload}" in visible_text(pages["index.html"])
    faq = " ".join(visible_text(pages["faq/zz-xss/index.html"]).split())
    assert f"Why {payload}?" in faq and f"About {payload}" in faq
    if not re.search(r"[*_`\[!]", answer):  # an answer is Markdown: '&lt;' is how it writes '<'
        assert f"Because {html.unescape(answer)}." in faq
        # the FAQ page's JSON-LD gives the answer as the page shows it (raw HTML as text, not parsed)
        faq_blocks = [json.loads(t.text) for t in scan_page(pages["faq/zz-xss/index.html"]).tags if t.attrs.get("type") == "application/ld+json"]
        entries = [q for block in faq_blocks if block.get("@type") == "FAQPage" for q in block["mainEntity"]]
        assert [q["acceptedAnswer"]["text"] for q in entries] == [" ".join(f"Because {html.unescape(answer)}.".split())]

    # JSON files and JSON-LD blocks parse and give the strings back exactly, not double-escaped.
    blocks = [t.text for text in pages.values() for t in scan_page(text).tags if t.attrs.get("type") == "application/ld+json"]
    blocks += [p.read_text(encoding="utf-8") for p in result.site.rglob("*.json")]
    strings = [value for block in blocks for value in _strings(json.loads(block))]
    for marker in (f"T{number} ", "Why "):
        carrying = [v for v in strings if marker in v and "zz-xss" not in v]
        assert not carrying or any(f"{marker}{payload}"[: len(marker) + len(payload)] in v for v in carrying), carrying[:3]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("field", ["store.website", "store.help_center", "feedback.form_url", "privacy.policy_url"])
@pytest.mark.parametrize(
    "value, shown",
    [
        ("javascript:alert(1)", "'javascript:alert(1)'"),
        ("http://www.example.com/x", "'http://www.example.com/x'"),
        ("data:text/html,<script>alert(1)</script>", "'data:text/html,<script>alert(1)</script>'"),
        ('https://example.com/"><script>', "'https://example.com/\"><script>'"),
    ],
)
def test_url_fields_accept_https_only_when_loading(tmp_path: Path, field: str, value: str, shown: str) -> None:
    source = (ROOT / "content" / "policies" / "policy.yml").read_text(encoding="utf-8")
    section, key = field.split(".")
    lines = source.splitlines()
    start = lines.index(f"{section}:")
    number = next(i for i in range(start, len(lines)) if lines[i].startswith(f"  {key}:"))
    lines[number] = f"  {key}: {json.dumps(value)}"
    policy = tmp_path / "policy.yml"
    policy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(HelpCenterError) as caught:
        load_policy(policy, tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"policy.yml:{number + 1}:{len(key) + 5}: {field}: expected a web address starting with https:// (no other scheme is allowed), found {shown}"
    ]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("mailto:javascript:alert(1)", "expected an email address like 'help@example.com'"),
        ('a@b.co"><script>', "expected an email address like 'help@example.com'"),
    ],
)
def test_email_fields_reject_markup_and_other_schemes(tmp_path: Path, value: str, expected: str) -> None:
    source = (ROOT / "content" / "policies" / "policy.yml").read_text(encoding="utf-8")
    policy = tmp_path / "policy.yml"
    policy.write_text(source.replace("  email: escalations@example.com", f"  email: {json.dumps(value)}"), encoding="utf-8")
    with pytest.raises(HelpCenterError) as caught:
        load_policy(policy, tmp_path)
    assert len(caught.value.problems) == 1 and expected in caught.value.problems[0].message


def test_answer_with_a_javascript_link_stops_the_build(project: Path) -> None:
    faq = project / "content" / "faq" / "zz-xss.yml"
    faq.write_text(
        "title: Links\ndescription: Answers with links in them.\norder: 99\nentries:\n"
        "  - id: xss-link\n    q: Where do I pay?\n    a: |\n      Pay [here](javascript:alert(1)).\n\n      [ref]: vbscript:msgbox(1)\n",
        encoding="utf-8",
    )
    result = build(project)
    assert result.returncode == 1 and "Traceback" not in result.output
    assert "content/faq/zz-xss.yml:8: entries[xss-link].a: link to 'javascript:alert(1)' is not allowed; links may only be https://, mailto:, tel: or pages of this help center" in result.output
    assert "content/faq/zz-xss.yml:10: entries[xss-link].a: link to 'vbscript:msgbox(1)' is not allowed;" in result.output
