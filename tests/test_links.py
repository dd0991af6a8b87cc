"""Stable links: short links, the published-URL ledger, copy-link buttons and shared searches."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from playwright.sync_api import expect

from browser import chromium, served
from conftest import ROOT, Build, build

LEDGER = Path("content/ledger/published-urls.txt")
REFRESH = re.compile(r"""<meta\s+http-equiv="refresh"\s+content="0;\s*url=([^"]+)">""", re.I)
ARTICLE = "returns-refunds/return-policy.md"  # the article the move and delete tests work on
ARTICLE_URL = "/returns-refunds/return-policy/"


def follow(site: Path, url: str) -> tuple[str, list[str]]:
    """Follow meta-refresh redirect pages in a built site from `url`; returns (final URL, hops)."""
    current = urljoin("http://site.test/", url)
    hops = []
    for _ in range(10):
        parts = urlsplit(current)
        page = site / parts.path.lstrip("/") / "index.html"
        assert page.is_file(), f"{url}: no page at {parts.path} (after {hops})"
        match = REFRESH.search(page.read_text(encoding="utf-8"))
        if not match:
            return parts.path + (f"#{parts.fragment}" if parts.fragment else ""), hops
        hops.append(parts.path)
        current = urljoin(current, html.unescape(match.group(1)))
    raise AssertionError(f"{url}: redirect loop {hops}")


def has_anchor(site: Path, url: str) -> bool:
    path, _, anchor = url.partition("#")
    text = (site / path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return not anchor or f'id="{anchor}"' in text


def catalogue(site: Path) -> list[dict[str, str]]:
    return json.loads((site / "support/catalogue.json").read_text(encoding="utf-8"))["entries"]


def ledger_line(project: Path, url: str) -> int:
    lines = (project / LEDGER).read_text(encoding="utf-8").split("\n")
    return lines.index(url) + 1


def test_every_short_link_leads_to_its_article_or_answer(built_site: Build) -> None:
    entries = [e for e in catalogue(built_site.site) if e["type"] in ("article", "faq")]
    assert len(entries) >= 20
    for entry in entries:
        short = urlsplit(entry["short_link"]).path
        assert short == f"/a/{entry['id']}/"
        final, hops = follow(built_site.site, short)
        expected = urlsplit(entry["url"])
        assert final == expected.path + (f"#{expected.fragment}" if expected.fragment else ""), entry["id"]
        assert hops == [short]
        assert has_anchor(built_site.site, final), final


def test_short_link_page_uses_no_inline_script(built_site: Build) -> None:
    page = (built_site.site / "a/return-window/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://help.example.com/faq/returns/#return-window">' in page
    assert '<meta http-equiv="refresh" content="0; url=../../faq/returns/#return-window">' in page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="../../assets/javascripts/short-link.js">']
    assert "Redirecting to How long do I have to return an item?" in page


def test_ledger_lists_every_url_the_build_publishes(built_site: Build) -> None:
    published = (built_site.site / "support/published-urls.txt").read_text(encoding="utf-8").split()
    listed = set((ROOT / LEDGER).read_text(encoding="utf-8").split("\n"))
    assert {ARTICLE_URL, "/a/return-policy/", "/faq/returns/#return-window", "/a/return-window/"} <= set(published)
    unlisted = [url for url in published if url not in listed]
    assert not unlisted, f"run `python scripts/ledger.py update` and commit {LEDGER}: {unlisted[:5]}"


def test_deleting_a_listed_article_fails_the_build_naming_the_url(project: Path) -> None:
    (project / "docs" / ARTICLE).unlink()
    result = build(project)
    assert result.returncode == 1
    line = ledger_line(project, ARTICLE_URL)
    assert (
        f"{LEDGER.as_posix()}:{line}: {ARTICLE_URL} was published but no longer works: no page at {ARTICLE_URL}. "
        "Restore the page, or if it moved, add a redirect in mkdocs.yml under plugins > redirects > redirect_maps, "
        "for example 'returns-refunds/return-policy.md': 'new/place.md'."
    ) in result.output
    # Its short link and the FAQ answers' anchors are named too, each with its own fix.
    assert "/a/return-policy/ was published but no longer works: no page at /a/return-policy/. Restore the article or FAQ entry whose id is 'return-policy'" in result.output
    assert "Traceback" not in result.output


def test_moving_an_article_with_a_redirect_passes_and_its_short_link_follows(project: Path) -> None:
    new = "returns-refunds/our-return-policy.md"
    (project / "docs" / ARTICLE).rename(project / "docs" / new)
    for source in [*(project / "docs").rglob("*.md"), *(project / "content/faq").glob("*.yml")]:
        text = source.read_text(encoding="utf-8")
        source.write_text(re.sub(r"(?<![\w-])return-policy\.md", "our-return-policy.md", text), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "redirect_maps: {}" in text
    config.write_text(text.replace("redirect_maps: {}", f"redirect_maps:\n        '{ARTICLE}': '{new}'"), encoding="utf-8")

    result = build(project)

    assert result.returncode == 0, result.output
    new_url = "/returns-refunds/our-return-policy/"
    assert follow(result.site, ARTICLE_URL) == (new_url, [ARTICLE_URL])  # mkdocs-redirects' page counts
    assert follow(result.site, "/a/return-policy/") == (new_url, ["/a/return-policy/"])  # straight to the new place
    entry = next(e for e in catalogue(result.site) if e["id"] == "return-policy")
    assert entry["url"] == "https://help.example.com" + new_url


def test_a_ledger_url_whose_redirect_leads_nowhere_fails(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("redirect_maps: {}", "redirect_maps:\n        'old/gone.md': 'https://www.example.com/'"), encoding="utf-8")
    ledger = project / LEDGER
    ledger.write_text(ledger.read_text(encoding="utf-8") + "/old/gone/\n/old/never-was/\n", encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert "/old/gone/" not in result.output.replace("'old/gone.md'", "")  # an external redirect counts as working
    line = ledger_line(project, "/old/never-was/")
    assert f"{LEDGER.as_posix()}:{line}: /old/never-was/ was published but no longer works: no page at /old/never-was/." in result.output


# ---- in the browser


@pytest.fixture(scope="module")
def site(built_site: Build) -> Iterator[tuple[str, Any]]:
    with served(built_site.site) as base, chromium() as browser:
        yield base, browser


def copied_after_enter(site: tuple[str, Any], path: str, button_name: str) -> str:
    base, browser = site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        page.goto(base + path)
        button = page.get_by_role("button", name=button_name, exact=True)
        assert button.is_visible()
        button.focus()
        page.keyboard.press("Enter")
        expect(button).to_have_text("Link copied")  # (the site's CSP forbids wait_for_function's eval)
        expect(page.locator("[data-hc-copy-status]")).to_have_text(re.compile(r"^Link copied: https://"))
        return str(page.evaluate("navigator.clipboard.readText()"))
    finally:
        context.close()


@pytest.mark.browser
def test_copy_link_on_an_article_heading_copies_the_full_url(site: tuple[str, Any]) -> None:
    copied = copied_after_enter(site, "returns-refunds/return-policy/", "Copy link to this section: What cannot be returned")
    assert copied == "https://help.example.com/returns-refunds/return-policy/#what-cannot-be-returned"


@pytest.mark.browser
def test_copy_link_on_an_faq_question_copies_the_full_url(site: tuple[str, Any]) -> None:
    copied = copied_after_enter(site, "faq/returns/", "Copy link to this section: How long do I have to return an item?")
    assert copied == "https://help.example.com/faq/returns/#return-window"


@pytest.mark.browser
def test_every_article_heading_has_a_copy_link_button(site: tuple[str, Any]) -> None:
    base, browser = site
    page = browser.new_page()
    try:
        page.goto(base + "returns-refunds/return-policy/")
        headings = page.locator(".md-content__inner h2[id]")
        buttons = page.locator(".md-content__inner h2[id] + button.hc-copy-link")
        assert headings.count() >= 3
        assert buttons.count() == headings.count()
        assert page.locator(".md-content__inner h1 + button.hc-copy-link").get_attribute("aria-label") == "Copy link to this page: Return policy"
    finally:
        page.close()


@pytest.mark.browser
def test_short_link_keeps_the_section_it_names(site: tuple[str, Any]) -> None:
    base, browser = site
    page = browser.new_page()
    try:
        page.goto(base + "a/return-policy/#what-cannot-be-returned")
        page.wait_for_url(base + "returns-refunds/return-policy/#what-cannot-be-returned")
        page.goto(base + "a/return-window/")
        page.wait_for_url(base + "faq/returns/#return-window")
    finally:
        page.close()


@pytest.mark.browser
def test_a_shared_search_link_opens_the_search_with_results(site: tuple[str, Any]) -> None:
    base, browser = site
    page = browser.new_page()
    try:
        page.goto(base + "?q=returns")
        query = page.locator("input.md-search__input")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible", timeout=15000)
        assert query.input_value() == "returns"
        assert results.count() >= 3
        links = page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.getAttribute('href'))")
        assert any("returns-refunds/" in link or "faq/returns/" in link for link in links[:3]), links
    finally:
        page.close()


def test_missing_and_duplicate_ids_fail_the_build_with_file_and_line(project: Path) -> None:
    source = (project / "docs" / ARTICLE).read_text(encoding="utf-8")
    assert "\nid: return-policy\n" in source
    (project / "docs" / ARTICLE).write_text(source.replace("\nid: return-policy\n", "\n"), encoding="utf-8")
    twin = project / "docs/returns-refunds/return-window-copy.md"
    twin.write_text(source.replace("\nid: return-policy\n", "\nid: return-window\n"), encoding="utf-8")
    result = build(project)
    assert result.returncode == 1
    assert f"docs/{ARTICLE}:2:1: id: required key is missing; add it" in result.output, result.output
    line = source.split("\n").index("id: return-policy") + 1
    assert (
        f"docs/returns-refunds/return-window-copy.md:{line}:5: id: the id 'return-window' is already used by "
        "an FAQ entry (content/faq/returns.yml:"
    ) in result.output, result.output
    assert "Traceback" not in result.output
