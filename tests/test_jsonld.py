"""Machine-readable policy on the built site: JSON-LD blocks checked against the required
properties of their schema.org types, policy.json (public facts only) and llms.txt."""

from __future__ import annotations

import html.parser
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, Build
from faq_source import FaqEntry, FaqPage, FaqTopic
from helpcenter import HelpCenter
from policy_loader import load_policy
from structured_data import faq_answers, public_facts, return_days

SCHEMA = "https://schema.org"

# What each schema.org type must carry here. Where schema.org itself requires nothing,
# these follow Google's structured-data documentation (required properties for
# MerchantReturnPolicy, OfferShippingDetails, FAQPage, BreadcrumbList), plus what this
# help center promises to publish (contact hours, rates, transit times).
REQUIRED: dict[str, set[str]] = {
    "Organization": {"name", "url", "contactPoint"},
    "ContactPoint": {"contactType", "hoursAvailable"},
    "OpeningHoursSpecification": set(),  # opens/closes: checked where hours are meant (ContactPoint.hoursAvailable)
    "MerchantReturnPolicy": {"applicableCountry", "returnPolicyCategory", "merchantReturnDays", "returnMethod", "returnFees"},
    "OfferShippingDetails": {"shippingRate", "shippingDestination", "deliveryTime"},
    "MonetaryAmount": {"value", "currency"},
    "DefinedRegion": {"addressCountry"},
    "ShippingDeliveryTime": {"handlingTime", "transitTime"},
    "QuantitativeValue": {"minValue", "maxValue", "unitCode"},
    "FAQPage": {"mainEntity"},
    "Question": {"name", "acceptedAnswer"},
    "Answer": {"text"},
    "BreadcrumbList": {"itemListElement"},
    "ListItem": {"position", "name", "item"},
}
# At least one of these per type.
ONE_OF: dict[str, set[str]] = {
    "ContactPoint": {"telephone", "email", "url"},
    "OpeningHoursSpecification": {"dayOfWeek", "validFrom"},
}
ENUMERATIONS = {
    "returnPolicyCategory": {f"{SCHEMA}/MerchantReturnFiniteReturnWindow", f"{SCHEMA}/MerchantReturnNotPermitted", f"{SCHEMA}/MerchantReturnUnlimitedWindow"},
    "returnMethod": {f"{SCHEMA}/ReturnByMail", f"{SCHEMA}/ReturnInStore", f"{SCHEMA}/ReturnAtKiosk"},
    "returnFees": {f"{SCHEMA}/FreeReturn", f"{SCHEMA}/ReturnFeesCustomerResponsibility", f"{SCHEMA}/ReturnShippingFees"},
}


class _JsonLd(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def blocks_of(text: str) -> list[dict[str, Any]]:
    parser = _JsonLd()
    parser.feed(text)
    return [json.loads(block) for block in parser.blocks]


def nodes(value: Any) -> list[dict[str, Any]]:
    """Every object with a @type, nested ones included."""
    found = []
    if isinstance(value, dict):
        if "@type" in value:
            found.append(value)
        for item in value.values():
            found += nodes(item)
    elif isinstance(value, list):
        for item in value:
            found += nodes(item)
    return found


def problems_of(block: dict[str, Any]) -> list[str]:
    problems = []
    if block.get("@context") != SCHEMA:
        problems.append(f"block without @context {SCHEMA}: {block.get('@context')}")
    for node in nodes(block):
        kind = node["@type"]
        if kind not in REQUIRED:
            problems.append(f"unexpected type {kind}")
            continue
        missing = REQUIRED[kind] - node.keys()
        if missing:
            problems.append(f"{kind} lacks {sorted(missing)}")
        if kind in ONE_OF and not ONE_OF[kind] & node.keys():
            problems.append(f"{kind} needs one of {sorted(ONE_OF[kind])}")
        for name, allowed in ENUMERATIONS.items():
            if name in node and node[name] not in allowed:
                problems.append(f"{kind}.{name} = {node[name]!r}")
        if kind == "ContactPoint" and any({"opens", "closes"} - set(h) for h in node.get("hoursAvailable", [])):
            problems.append("ContactPoint.hoursAvailable lacks opens or closes")
        for name in ("url", "item"):
            if name in node and urlsplit(node[name]).scheme != "https":
                problems.append(f"{kind}.{name} is not an https address: {node[name]!r}")
    return problems


def pages(site: Path) -> dict[str, str]:
    """Every built page of the help center (not redirect stubs, not the search page)."""
    found = {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("index.html"))}
    return {name: text for name, text in found.items() if 'class="md-content"' in text and not name.startswith("search/")}


def by_type(site_pages: dict[str, str], kind: str) -> dict[str, dict[str, Any]]:
    found = {}
    for name, text in site_pages.items():
        for block in blocks_of(text):
            if block.get("@type") == kind or any(n.get("@type") == kind for n in block.get("@graph", [])):
                found[name] = block
    return found


@pytest.fixture(scope="module")
def site_pages(built_site: Build) -> dict[str, str]:
    return pages(built_site.site)


@pytest.fixture(scope="module")
def helpcenter() -> HelpCenter:
    return HelpCenter.load(ROOT)


def test_every_block_has_the_required_properties_of_its_type(site_pages: dict[str, str]) -> None:
    seen: set[str] = set()
    problems = []
    for name, text in site_pages.items():
        for block in blocks_of(text):
            seen |= {n["@type"] for n in nodes(block)}
            problems += [f"{name}: {p}" for p in problems_of(block)]
    assert problems == []
    assert seen == set(REQUIRED), "every type in the table is published somewhere"


def test_the_checker_catches_a_missing_property() -> None:
    broken = {"@context": SCHEMA, "@type": "MerchantReturnPolicy", "applicableCountry": ["US"], "returnMethod": "ReturnByMail"}
    assert problems_of(broken) == [
        "MerchantReturnPolicy lacks ['merchantReturnDays', 'returnFees', 'returnPolicyCategory']",
        "MerchantReturnPolicy.returnMethod = 'ReturnByMail'",
    ]


def test_breadcrumbs_on_every_page(site_pages: dict[str, str], built_site: Build) -> None:
    site_url = "https://help.example.com/"
    for name, text in site_pages.items():
        trails = [b for b in blocks_of(text) if b.get("@type") == "BreadcrumbList"]
        assert len(trails) == 1, name
        items = trails[0]["itemListElement"]
        assert [i["position"] for i in items] == list(range(1, len(items) + 1)), name
        assert items[0]["item"] == site_url
        assert items[-1]["item"] == site_url + name.removesuffix("index.html"), name


def test_return_policy_block_matches_the_policy(site_pages: dict[str, str], helpcenter: HelpCenter) -> None:
    policy = helpcenter.policy
    blocks = by_type(site_pages, "MerchantReturnPolicy")
    assert "index.html" in blocks and "returns-refunds/return-policy/index.html" in blocks
    block = blocks["returns-refunds/return-policy/index.html"]
    assert block["merchantReturnDays"] == return_days(policy.returns.window)
    assert block["applicableCountry"] == [r.country for r in policy.shipping.regions]
    shopper_pays = policy.returns.return_shipping_paid_by == "shopper"
    assert block["returnFees"] == f"{SCHEMA}/{'ReturnFeesCustomerResponsibility' if shopper_pays else 'FreeReturn'}"


def test_shipping_details_per_region_and_method(site_pages: dict[str, str], helpcenter: HelpCenter) -> None:
    policy = helpcenter.policy
    graph = by_type(site_pages, "OfferShippingDetails")["index.html"]["@graph"]
    expected = {(r.country, m) for r in policy.shipping.regions for m in r.methods}
    assert {(n["shippingDestination"]["addressCountry"], n["@id"].rsplit("-", 1)[1]) for n in graph} == expected
    for node in graph:
        method = policy.shipping.method(node["@id"].rsplit("-", 1)[1])
        assert node["shippingRate"] == {"@type": "MonetaryAmount", "value": float(method.price.amount), "currency": "USD"}
        assert node["deliveryTime"]["transitTime"]["minValue"] == method.transit.low
        assert node["deliveryTime"]["transitTime"]["maxValue"] == method.transit.high
        assert node["deliveryTime"]["handlingTime"]["maxValue"] == policy.orders.processing.high


def test_contact_points_carry_hours_and_holidays(site_pages: dict[str, str], helpcenter: HelpCenter) -> None:
    organization = by_type(site_pages, "Organization")["index.html"]
    phone = next(p for p in organization["contactPoint"] if p.get("telephone"))
    weekly, *closed = phone["hoursAvailable"]
    hours = helpcenter.policy.channel("phone").hours  # type: ignore[union-attr]
    assert weekly["opens"] == f"{hours.opens:%H:%M}" and weekly["closes"] == f"{hours.closes:%H:%M}"
    assert [c["validFrom"] for c in closed] == [h.date.isoformat() for h in helpcenter.policy.service_hours.holidays]


def test_faq_pages_carry_their_questions_and_answers(site_pages: dict[str, str], helpcenter: HelpCenter) -> None:
    blocks = by_type(site_pages, "FAQPage")
    assert sorted(blocks) == sorted(f"faq/{p.slug}/index.html" for p in helpcenter.faq)
    for page in helpcenter.faq:
        questions = blocks[f"faq/{page.slug}/index.html"]["mainEntity"]
        assert [q["name"] for q in questions] == [e.q for e in page.topic.entries]
        for question in questions:
            text = question["acceptedAnswer"]["text"]
            assert text and "{{" not in text and "{%" not in text and "<" not in text
    returns = next(p for p in helpcenter.faq if any(e.id == "return-window" for e in p.topic.entries))
    answer = next(q for q in blocks[f"faq/{returns.slug}/index.html"]["mainEntity"] if q["name"].startswith("How long do I have"))
    assert helpcenter.facts["returns.window"] in answer["acceptedAnswer"]["text"]


def test_json_ld_is_written_with_sorted_keys_and_html_safe(site_pages: dict[str, str]) -> None:
    parser = _JsonLd()
    parser.feed(site_pages["index.html"])
    for raw in parser.blocks:
        assert raw == json.dumps(json.loads(raw), sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def test_policy_json_holds_the_public_facts_only(built_site: Build) -> None:
    published = json.loads((built_site.site / "policy.json").read_text(encoding="utf-8"))
    policy = load_policy(ROOT / "content/policies/policy.yml", ROOT)
    assert published == json.loads(json.dumps(public_facts(policy)))
    assert "service_standards" not in published
    text = json.dumps(published)
    assert "csat" not in text and "nps" not in text and "first_contact_resolution" not in text
    assert published["returns"]["window"]["count"] == policy.returns.window.count


def test_llms_txt_indexes_every_article_and_faq_page(built_site: Build, helpcenter: HelpCenter, site_pages: dict[str, str]) -> None:
    text = (built_site.site / "llms.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Juniper Lane Goods Help Center"
    assert lines[2].startswith("> Answers about")
    linked = {line.split("](")[1].split(")")[0] for line in lines if line.startswith("- [")}
    urls = {"https://help.example.com/" + name.removesuffix("index.html") for name in site_pages if name != "index.html"}
    assert linked == urls
    for page in helpcenter.faq:
        assert f"- [{page.topic.title}](https://help.example.com/faq/{page.slug}/): {page.topic.description}" in lines


def test_faq_answers_are_the_text_the_page_shows_under_each_question() -> None:
    entries = (FaqEntry(id="keep-label", q="Should I keep the label?", a="..." * 5), FaqEntry(id="refund-time", q="When is my refund paid?", a="..." * 5))
    page = FaqPage("returns", "content/faq/returns.yml", FaqTopic(title="Returns", description="Sending things back.", entries=entries), "")
    content = (
        '<h1 id="returns">Returns</h1>\n<p>Sending things back.</p>\n'
        '<h2 id="keep-label">Should I keep the label?<a class="headerlink" href="#keep-label">&para;</a></h2>\n'
        "<p>Yes, <em>keep</em> it &amp; the box.</p>\n<h2 id=\"why\">Why</h2>\n<p>We may ask for it.</p>\n"
        '<div class="hc-helpful" data-search-exclude><p>Was this answer helpful?</p><a href="#">Yes</a></div>\n'
        '<h2 id="refund-time">When is my refund paid?</h2>\n'
        '<div class="admonition note"><p class="admonition-title">Note</p><p>Within 5 days.</p></div>\n'
        "<table><tr><th>Card</th><td>3 days</td></tr></table>"
    )
    assert faq_answers(page, content) == [
        ("Should I keep the label?", "Yes, keep it & the box. Why We may ask for it."),
        ("When is my refund paid?", "Note Within 5 days. Card | 3 days"),
    ]
    # a question the page does not show is not in its structured data either
    assert faq_answers(page, content.split('<h2 id="refund-time">')[0]) == [("Should I keep the label?", "Yes, keep it & the box. Why We may ask for it.")]
