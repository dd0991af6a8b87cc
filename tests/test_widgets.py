"""The widgets as a shopper sees them, in headless Chromium with a fixed clock: open now,
delivery dates, the return and refund calculator, "was this helpful", the page
without JavaScript, and the print stylesheet."""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import jinja2
import pytest

from browser import chromium, served
from conftest import ROOT, Build, build
from helpcenter import HelpCenter
from policy_dates import Calendar, Span, delivery_text, refund_text, return_text
from policy_types import format_clock
from structured_data import public_facts
from test_jsonld import blocks_of

pytestmark = pytest.mark.browser
NEW_YORK = ZoneInfo("America/New_York")
TUESDAY_10_AM = datetime(2026, 11, 24, 10, 0, tzinfo=NEW_YORK)
SATURDAY_NOON = datetime(2026, 11, 28, 12, 0, tzinfo=NEW_YORK)


@pytest.fixture(scope="module")
def helpcenter() -> HelpCenter:
    return HelpCenter.load(ROOT)


@pytest.fixture(scope="module")
def site(built_site: Build) -> Iterator[tuple[str, Any, Path]]:
    """(base URL, browser, site folder); every request the pages make is recorded in `requests`."""
    with served(built_site.site) as base, chromium() as browser:
        yield base, browser, built_site.site


requests: list[str] = []


def open_page(site: tuple[str, Any, Path], path: str, now: datetime, zone: str = "America/New_York", **options: Any) -> Any:
    base, browser, _ = site
    context = browser.new_context(timezone_id=zone, **options)
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    page.clock.set_fixed_time(now)
    page.goto(base + path)
    return page


def page_with(site: tuple[str, Any, Path], marker: str) -> str:
    """The address of the first built page whose HTML contains `marker`."""
    for path in sorted(site[2].rglob("index.html")):
        if marker in path.read_text(encoding="utf-8") and "/a/" not in f"/{path.relative_to(site[2])}":
            return str(path.parent.relative_to(site[2])) + "/"
    raise AssertionError(f"no page contains {marker}")


def status_texts(page: Any, channel: str) -> list[str]:
    statuses = page.locator(f"[data-hc-open='{channel}']")
    statuses.first.wait_for(state="visible")
    return [statuses.nth(i).inner_text() for i in range(statuses.count())]


# ---------------------------------------------------------------- open now


def test_phone_is_open_on_tuesday_at_10_am_eastern(site: Any, helpcenter: HelpCenter) -> None:
    phone = helpcenter.policy.channel("phone")
    assert phone is not None
    zone = helpcenter.policy.store.time_zone.short
    page = open_page(site, page_with(site, "hc-channels"), TUESDAY_10_AM)
    expected = f"Open now, closes at {format_clock(phone.hours.closes)} {zone}"
    assert status_texts(page, "phone") == [expected, expected]  # the hours table and the contact block
    assert page.locator("[data-hc-open='phone']").first.get_attribute("aria-live") == "polite"
    page.context.close()


@pytest.mark.parametrize(
    ("now", "reason", "next_day"),
    [
        (SATURDAY_NOON, "", "Monday"),
        (datetime(2026, 11, 26, 10, 0, tzinfo=NEW_YORK), " today for Thanksgiving Day", "tomorrow"),
        (datetime(2026, 12, 25, 10, 0, tzinfo=NEW_YORK), " today for Christmas Day", "Monday"),
    ],
    ids=["saturday", "thanksgiving", "christmas"],
)
def test_phone_is_closed_with_the_next_opening(site: Any, helpcenter: HelpCenter, now: datetime, reason: str, next_day: str) -> None:
    phone = helpcenter.policy.channel("phone")
    assert phone is not None
    if reason:
        assert now.date() in {h.date for h in helpcenter.policy.service_hours.holidays}, "the test expects this holiday in policy.yml"
    zone = helpcenter.policy.store.time_zone.short
    page = open_page(site, "", now)
    assert status_texts(page, "phone") == [f"Closed{reason}, opens {next_day} {format_clock(phone.hours.opens)} {zone}"]
    page.context.close()


def test_a_shopper_elsewhere_sees_their_own_clock_too(site: Any) -> None:
    page = open_page(site, "", TUESDAY_10_AM, zone="America/Los_Angeles")
    assert status_texts(page, "phone") == ["Open now, closes at 5 PM ET (2 PM your time)"]
    assert status_texts(page, "email") == ["Open now, 24/7"]
    page.context.close()


# ---------------------------------------------------------------- delivery and returns


def test_delivery_estimate_for_each_shipping_method(site: Any, helpcenter: HelpCenter) -> None:
    facts = public_facts(helpcenter.policy)
    store = Calendar.from_facts(facts)
    processing = (helpcenter.policy.orders.processing.low, helpcenter.policy.orders.processing.high)
    page = open_page(site, page_with(site, "data-hc-delivery="), TUESDAY_10_AM)
    for method in helpcenter.policy.shipping.methods:
        estimate = page.locator(f"[data-hc-delivery='{method.id}']")
        estimate.wait_for(state="visible")
        assert estimate.inner_text() == delivery_text(store, TUESDAY_10_AM, processing, (method.transit.low, method.transit.high))
    page.context.close()


def calculator_texts(page: Any, delivered: str, arrived: str) -> tuple[str, str]:
    page.get_by_label("When was your order delivered?").fill(delivered)
    page.get_by_label("When did your return reach us? (optional)").fill(arrived)
    return page.locator("[data-hc-return-result]").inner_text(), page.locator("[data-hc-refund-result]").inner_text()


def test_return_and_refund_dates(site: Any, helpcenter: HelpCenter) -> None:
    store = Calendar.from_facts(public_facts(helpcenter.policy))
    window = Span(helpcenter.policy.returns.window.count, helpcenter.policy.returns.window.unit)
    within = (helpcenter.policy.refunds.within.low, helpcenter.policy.refunds.within.high)
    page = open_page(site, "returns-refunds/return-policy/", TUESDAY_10_AM)
    page.locator("[data-hc-return-calculator]").wait_for(state="visible")
    assert calculator_texts(page, "2026-11-02", "2026-11-19") == (
        return_text(store, TUESDAY_10_AM, date(2026, 11, 2), window),
        refund_text(store, TUESDAY_10_AM, date(2026, 11, 19), within),
    )
    assert calculator_texts(page, "2026-09-01", "")[0].startswith("The return window closed on ")
    assert page.locator("[data-hc-return-result]").get_attribute("aria-live") == "polite"
    page.context.close()


def test_a_changed_return_window_changes_the_widget_and_the_return_policy_block(project: Path, site: Any) -> None:
    policy_file = project / "content/policies/policy.yml"
    text, count = re.subn(r"(?m)^(returns:\n  window: ).*$", r"\g<1>45 days", policy_file.read_text(encoding="utf-8"))
    assert count == 1
    policy_file.write_text(text, encoding="utf-8")
    changed = build(project)
    assert changed.returncode == 0, changed.output

    block = next(b for b in blocks_of(changed.page("returns-refunds/return-policy")) if b.get("@type") == "MerchantReturnPolicy")
    assert block["merchantReturnDays"] == 45

    before = open_page(site, "returns-refunds/return-policy/", TUESDAY_10_AM)
    original = calculator_texts(before, "2026-11-02", "")[0]
    before.context.close()
    with served(changed.site) as base:
        page = open_page((base, site[1], changed.site), "returns-refunds/return-policy/", TUESDAY_10_AM)
        assert calculator_texts(page, "2026-11-02", "")[0] == "Start your return by Thursday, December 17: 23 days left."
        page.context.close()
    assert original != "Start your return by Thursday, December 17: 23 days left."


# ---------------------------------------------------------------- was this helpful


def test_was_this_helpful_on_articles_and_faq_answers(site: Any, helpcenter: HelpCenter) -> None:
    form = helpcenter.policy.feedback.form_url
    page = open_page(site, "returns-refunds/return-policy/", TUESDAY_10_AM)
    control = page.get_by_role("group", name="Was this page helpful?")
    links = {a.inner_text(): a.get_attribute("href") for a in control.get_by_role("link").all()}
    assert sorted(links) == ["No", "Yes"]
    for answer, href in links.items():
        assert href.startswith(form + "?")
        query = parse_qs(urlsplit(href).query)
        assert query == {"page": ["https://help.example.com/returns-refunds/return-policy/"], "title": [page.title().split(" - ")[0]], "helpful": [answer.lower()]}
    assert page.context.cookies() == []
    page.context.close()

    faq = next(p for p in helpcenter.faq if p.slug == "returns")
    page = open_page(site, "faq/returns/", TUESDAY_10_AM)
    controls = page.get_by_role("group", name="Was this answer helpful?")
    assert controls.count() == len(faq.topic.entries)
    assert page.get_by_role("group", name="Was this page helpful?").count() == 0
    first = parse_qs(urlsplit(controls.first.get_by_role("link", name="Yes").get_attribute("href")).query)
    entry = faq.topic.entries[0]
    assert first == {"page": [f"https://help.example.com/faq/returns/#{entry.id}"], "title": [entry.q], "helpful": ["yes"]}
    page.context.close()


def test_only_the_site_itself_is_asked_for_anything(site: Any) -> None:
    requests.clear()
    for path in ("", "returns-refunds/return-policy/", page_with(site, "data-hc-delivery=")):
        page = open_page(site, path, TUESDAY_10_AM)
        page.locator("[data-hc-open='phone']").first.wait_for(state="visible")
        page.context.close()
    hosts = {urlsplit(url).netloc for url in requests}
    assert hosts == {urlsplit(site[0]).netloc}
    assert any(url.endswith("/policy.json") for url in requests)


# ---------------------------------------------------------------- without JavaScript, and on paper


def test_without_javascript_the_plain_facts_stay(site: Any, helpcenter: HelpCenter) -> None:
    page = open_page(site, page_with(site, "hc-channels"), TUESDAY_10_AM, java_script_enabled=False)
    assert page.locator("[data-hc-open]").first.is_hidden()  # every hidden widget element: test_without_javascript_nothing_hidden_shows
    assert "·" not in page.locator(".hc-contact").first.inner_text()  # no separator before a status that is not there
    row = page.locator("tr[data-channel='phone']")
    assert helpcenter.view["channels"][1]["hours"] in row.inner_text()
    page.context.close()
    page = open_page(site, "returns-refunds/return-policy/", TUESDAY_10_AM, java_script_enabled=False)
    assert page.locator("[data-hc-return-calculator]").is_hidden()
    plain = page.locator(".hc-return-calculator > p").first
    assert plain.is_visible() and plain.inner_text().startswith(f"Start a return within {helpcenter.facts['returns.window']} of delivery.")
    assert page.get_by_role("group", name="Was this page helpful?").is_visible()
    page.context.close()


# What the help center's templates render hidden for the script to fill in (its data-hc-*
# and hc-* elements) stays out of sight without it: no style of the site gives such an
# element a display of its own. (Material's own hidden controls, such as its back-to-top
# button, hide themselves in their own way.)
_SHOWN_THOUGH_HIDDEN = """() => Array.from(document.querySelectorAll("[hidden]"))
  .filter((e) => Array.from(e.attributes).some((a) => a.name.startsWith("data-hc")) || /(^|\\s)hc-/.test(e.className))
  .map((e) => [e.outerHTML.slice(0, 120), getComputedStyle(e).display])"""


def test_without_javascript_nothing_hidden_shows(site: Any) -> None:
    for path in ("", page_with(site, "hc-channels"), "returns-refunds/return-policy/", page_with(site, "data-hc-delivery=")):
        page = open_page(site, path, TUESDAY_10_AM, java_script_enabled=False)
        ours = page.evaluate(_SHOWN_THOUGH_HIDDEN)
        assert ours, path  # the page has some
        assert [html for html, display in ours if display != "none"] == [], path
        page.context.close()


def test_a_policy_page_prints_without_site_chrome(site: Any, helpcenter: HelpCenter) -> None:
    page = open_page(site, "returns-refunds/return-policy/", TUESDAY_10_AM)
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".hc-helpful", "[data-hc-return-calculator]"):
        assert page.locator(chrome).first.is_hidden(), chrome
    assert page.locator("article h1").is_visible()
    privacy = page.locator(".hc-contact a[href^='https://']").first
    after = page.evaluate("a => getComputedStyle(a, '::after').content", privacy.element_handle())
    assert json.loads(after) == f" ({privacy.get_attribute('href')})"
    page.context.close()


def test_an_edited_component_is_compiled_again(tmp_path: Path) -> None:
    """Compiled components are kept between builds (Jinja's bytecode cache): a template
    edited in place, under the same name and path, still renders as it now reads."""
    from page_references import Components

    template = tmp_path / "box.html"
    template.write_text("<p>{{ store }} one</p>\n", encoding="utf-8")
    first = Components(tmp_path, {"store": "Juniper"})
    assert first.env.bytecode_cache is not None
    assert first.render("box") == "<p>Juniper one</p>"
    template.write_text("<p>{{ store }} two</p>\n", encoding="utf-8")
    assert Components(tmp_path, {"store": "Juniper"}).render("box") == "<p>Juniper two</p>"


def test_copies_of_a_component_share_one_compiled_entry(tmp_path: Path) -> None:
    """The compiled components are kept by name and source, not by path: a copy of the
    project (as every test and benchmark build makes) adds nothing to the cache."""
    from page_references import Components

    source = f"<p>{{{{ store }}}} {uuid.uuid4().hex}</p>\n"  # new to the cache
    for folder in ("one", "copy"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "box.html").write_text(source, encoding="utf-8")
    cache = Components(tmp_path / "one", {}).env.bytecode_cache
    assert isinstance(cache, jinja2.FileSystemBytecodeCache)
    before = set(os.listdir(cache.directory))
    assert Components(tmp_path / "one", {"store": "Juniper"}).render("box").startswith("<p>Juniper ")
    assert Components(tmp_path / "copy", {"store": "Juniper"}).render("box").startswith("<p>Juniper ")
    assert len(set(os.listdir(cache.directory)) - before) == 1
