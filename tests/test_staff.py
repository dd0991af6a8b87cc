"""The staff-only handbook: built by its own config, fed by the same policy, and never in the public build."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from browser import chromium, served
from conftest import ROOT, Build, build, copy_project

STAFF_PAGES = [
    "procedures/refunds-and-returns/",
    "procedures/cancellations/",
    "procedures/damaged-or-wrong-items/",
    "procedures/upset-or-abusive-customers/",
    "team/code-of-conduct/",
    "team/service-standards/",
    "team/brand-voice/",
    "team/training-plan/",
    "reply-kit/",
]


@pytest.fixture(scope="module")
def staff_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("staff") / "project")
    result = build(project, "--config-file", "mkdocs.staff.yml")
    assert result.returncode == 0, result.output
    return result


def staff_sources() -> list[Path]:
    return sorted((ROOT / "staff").rglob("*.md"))


def sentences(markdown: str) -> list[str]:
    """The whole prose sentences (40+ characters, no policy reference in them) of a staff page's Markdown."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body).replace("**", "")
    found = []
    for line in body.split("\n"):
        line = re.sub(r"^\s*(?:[-*]|\d+\.|#+|!!!.*)\s*", "", line)
        for sentence in re.split(r"(?<=[.!?])\s+", line):
            if len(sentence) >= 40 and not re.search(r"[{}<>|`]", sentence):
                found.append(sentence.strip())
    return found


def test_staff_build_has_the_handbook_and_the_public_pages(staff_site: Build, built_site: Build) -> None:
    for url in STAFF_PAGES:
        assert (staff_site.site / url / "index.html").is_file(), url
    assert (staff_site.site / "returns-refunds/return-policy/index.html").is_file()
    home = staff_site.page("")
    assert "Internal: for the support team only" in home
    assert "Support handbook" in home


def test_staff_pages_use_the_same_policy_facts(staff_site: Build) -> None:
    standards = staff_site.page("team/service-standards")
    assert "<td>at least 80%</td>" in standards  # service_standards.csat_min_percent
    assert "<td>within 24 hours</td>" in standards
    assert "<td>at least 70%</td>" in standards
    refunds = staff_site.page("procedures/refunds-and-returns")
    assert "within 30 days of the delivery date" in refunds
    assert "We do not take back gift cards, final-sale items and personalized items." in refunds
    upset = staff_site.page("procedures/upset-or-abusive-customers")
    assert "escalations@example.com" in upset and "2 business days" in upset


def test_reply_kit_page_lists_the_catalogue(staff_site: Build, built_site: Build) -> None:
    page = staff_site.page("reply-kit")
    entries = json.loads((built_site.site / "support/catalogue.json").read_text(encoding="utf-8"))["entries"]
    assert page.count("data-hc-reply ") == len(entries)
    window = next(e for e in entries if e["id"] == "return-window")
    assert f'<a href="{window["short_link"]}" data-hc-reply-link>' in page
    assert html.escape(window["snippet"], quote=False) in page
    assert '<input id="hc-reply-filter"' in page and '<label for="hc-reply-filter">' in page
    assert 'href="../support/catalogue.csv"' in page
    assert (staff_site.site / "support/catalogue.csv").read_bytes() == (built_site.site / "support/catalogue.csv").read_bytes()


def test_no_staff_page_sentence_or_link_leaks_into_the_public_build(staff_site: Build, built_site: Build) -> None:
    public_raw = built_site.all_text()
    public = html.unescape(public_raw)
    index = json.loads((built_site.site / "search/search_index.json").read_text(encoding="utf-8"))
    public += "\n".join(f"{doc.get('title', '')}\n{doc.get('text', '')}" for doc in index["docs"])
    sitemap = (built_site.site / "sitemap.xml").read_text(encoding="utf-8")
    staff_text = html.unescape(staff_site.all_text())

    checked = 0
    for source in staff_sources():
        for fragment in sentences(source.read_text(encoding="utf-8")):
            assert fragment in staff_text, f"{source.name}: {fragment!r} should be on the staff page"  # the probe works
            assert fragment not in public, f"staff text from {source.name} is in the public build: {fragment!r}"
            checked += 1
    assert checked >= 80

    for url in STAFF_PAGES:
        assert (built_site.site / url).exists() is False, url
        assert f"help.example.com/{url}" not in sitemap
        assert f'"{url}' not in public_raw and f"/{url}\"" not in public_raw, url
    public_titles = {doc.get("title", "") for doc in index["docs"]}
    for title in ("Support handbook", "Reply kit", "Code of conduct", "Service standards", "Brand voice", "Training plan", "Upset or abusive customers"):
        assert title not in public_titles
        assert f"<title>{title}" not in public_raw
    assert "handbook.example.com" not in public_raw
    assert "reply-kit.js" not in public_raw and "staff.css" not in public_raw


# ---- in the browser


@pytest.fixture(scope="module")
def staff_browser(staff_site: Build) -> Iterator[tuple[str, Any]]:
    with served(staff_site.site) as base, chromium() as browser:
        yield base, browser


@pytest.mark.browser
def test_reply_kit_filters_as_you_type_and_copies_link_snippet_or_both(staff_browser: tuple[str, Any], built_site: Build) -> None:
    base, browser = staff_browser
    entries = json.loads((built_site.site / "support/catalogue.json").read_text(encoding="utf-8"))["entries"]
    window = next(e for e in entries if e["id"] == "return-window")
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(base + "reply-kit/")
        status = page.locator("[data-hc-reply-count]")
        expect(status).to_have_text(f"{len(entries)} entries")
        page.get_by_label("Filter replies").fill("return an item")
        shown = page.locator("[data-hc-reply]:visible")
        count = shown.count()
        assert 0 < count < len(entries)
        expect(status).to_have_text(f"{count} of {len(entries)} entries")
        item = page.locator('[data-hc-reply-id="return-window"]')
        expect(item).to_be_visible()
        for label, expected in (("Copy link", window["short_link"]), ("Copy snippet", window["snippet"]), ("Copy both", window["reply"])):
            button = item.get_by_role("button", name=f"{label}: {window['title']}")
            button.focus()
            page.keyboard.press("Enter")
            expect(button).to_have_text("Copied")
            assert page.evaluate("navigator.clipboard.readText()") == expected
        page.get_by_label("Filter replies").fill("zzzz no such words")
        expect(status).to_have_text(f"0 of {len(entries)} entries")
    finally:
        context.close()
