"""The policy as data for machines: public facts (policy.json), schema.org JSON-LD
blocks, and the llms.txt index of the help center.

Engine-agnostic: plain dicts and strings built from the validated policy model.
The theme template `overrides/partials/helpcenter-jsonld.html` writes the blocks
with Jinja's `tojson` (sorted keys, HTML-safe escaping), so they are the same
bytes on every build.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2.utils import htmlsafe_json_dumps

import html_text
from faq_source import FaqPage
from page_references import COMPONENT

if TYPE_CHECKING:  # the build process gets PolicyData made elsewhere: it never loads the model
    from policy_model import Policy
    from policy_types import DayRange, Duration, Money, WeeklyHours

SCHEMA = "https://schema.org"
# The policy's amounts carry no currency: Money prints them with "$", in US dollars.
CURRENCY = "USD"
END_OF_DAY = time(23, 59, 59)  # how WeeklyHours stores a closing time of 24:00

# Which components show which part of the policy: a page that places one of them
# gets the matching JSON-LD block (the home page gets all of them).
TOPIC_COMPONENTS = {
    "contact": {"channel_hours", "response_times", "holidays", "escalation_steps"},
    "returns": {"return_terms", "return_calculator", "damaged_items"},
    "shipping": {"shipping_table", "shipping_regions"},
}


# ---------------------------------------------------------------- public facts (policy.json)


def _hours(hours: WeeklyHours, short: str) -> dict[str, Any]:
    closes = "24:00" if hours.closes == END_OF_DAY else f"{hours.closes:%H:%M}"
    return {
        "text": "24/7" if hours.always else f"{hours.days_text}, {hours.clock_text} {short}",
        "days": [d.value for d in hours.days],
        "opens": f"{hours.opens:%H:%M}",
        "closes": closes,
        "always": hours.always,
    }


def _days(days: DayRange) -> dict[str, Any]:
    return {"text": str(days), "low": days.low, "high": days.high}


def _span(span: Duration) -> dict[str, Any]:
    return {"text": str(span), "count": span.count, "unit": span.unit}


def _money(amount: Money | None) -> str | None:
    return amount.plain if amount is not None else None


def public_facts(policy: Policy) -> dict[str, Any]:
    """Every public fact of the policy (everything but the staff-only service standards),
    with the machine-readable parts the date widgets compute from."""
    zone = policy.store.time_zone
    shipping = policy.shipping
    damaged = policy.damaged_or_wrong_items
    return {
        "store": {
            "name": policy.store.name,
            "website": str(policy.store.website),
            "help_center": str(policy.store.help_center),
            "time_zone": {"key": zone.key, "label": zone.label, "short": zone.short},
        },
        "channels": [
            {
                "id": c.id,
                "name": c.name,
                "email": str(c.email) if c.email else None,
                "phone": str(c.phone) if c.phone else None,
                "hours": _hours(c.hours, zone.short),
                # A holiday closes every channel with set hours; 24/7 channels stay open.
                "closed_on_holidays": not c.hours.always,
                "response_within": str(c.response_within) if c.response_within else None,
            }
            for c in policy.channels
        ],
        "service_hours": {
            "hours": _hours(policy.service_hours.hours, zone.short),
            "holidays": [{"date": h.date.isoformat(), "name": h.name} for h in policy.service_hours.holidays],
        },
        "orders": {
            "processing": _days(policy.orders.processing),
            "confirmation_email": policy.orders.confirmation_email,
            "shipping_confirmation_within": str(policy.orders.shipping_confirmation_within),
            "cancellation": {
                "window": str(policy.orders.cancellation.window),
                "only_if_not_shipped": policy.orders.cancellation.only_if_not_shipped,
            },
        },
        "shipping": {
            "currency": CURRENCY,
            "free_standard_over": _money(shipping.free_standard_over),
            "methods": [{"id": m.id, "name": m.name, "price": m.price.plain, "transit": _days(m.transit)} for m in shipping.methods],
            "regions": [
                {"country": r.country, "name": r.name, "methods": list(r.methods), "customs_paid_by_recipient": r.customs_paid_by_recipient}
                for r in shipping.regions
            ],
            "delays": {
                "email_on_delay": shipping.delays.email_on_delay,
                "late_after": _days(shipping.delays.late_after),
                "remedies": list(shipping.delays.remedies),
            },
        },
        "returns": {
            "window": _span(policy.returns.window),
            "condition": policy.returns.condition,
            "return_shipping_paid_by": policy.returns.return_shipping_paid_by,
            "non_returnable": list(policy.returns.non_returnable),
            "exchanges": policy.returns.exchanges,
        },
        "refunds": {"method": policy.refunds.method, "within": _days(policy.refunds.within)},
        "damaged_or_wrong_items": {
            "report_within": _span(damaged.report_within),
            "photos_required": damaged.photos_required,
            "remedies": list(damaged.remedies),
            "return_shipping_paid_by": damaged.return_shipping_paid_by,
        },
        "escalation": {"steps": list(policy.escalation.steps), "email": str(policy.escalation.email), "response": _days(policy.escalation.response)},
        "feedback": {"form_url": str(policy.feedback.form_url)},
        "privacy": {
            "laws": list(policy.privacy.laws),
            "policy_url": str(policy.privacy.policy_url),
            "email": str(policy.privacy.email),
            "response": str(policy.privacy.response),
        },
        "payments": {"methods": list(policy.payments.methods)},
    }


# ---------------------------------------------------------------- JSON-LD


def _weekdays(hours: WeeklyHours) -> list[str]:
    return [f"{SCHEMA}/{d.long}" for d in hours.days]


def _opening_hours(hours: WeeklyHours) -> dict[str, Any]:
    return {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": _weekdays(hours),
        "opens": f"{hours.opens:%H:%M}",
        "closes": "23:59" if hours.closes == END_OF_DAY else f"{hours.closes:%H:%M}",
    }


def return_days(window: Duration) -> int:
    """The return window in calendar days, as merchantReturnDays wants it (at least that many)."""
    per_unit = {"days": 1, "business days": 7 / 5, "months": 31, "hours": 1 / 24, "minutes": 1 / (24 * 60)}[window.unit]
    return max(1, math.ceil(window.count * per_unit))


def _quantity(days: DayRange) -> dict[str, Any]:
    return {"@type": "QuantitativeValue", "minValue": days.low, "maxValue": days.high, "unitCode": "DAY"}


def _amount(amount: Money) -> Decimal:
    return amount.amount


def _organization(policy: Policy, base: str) -> dict[str, Any]:
    countries = [r.country for r in policy.shipping.regions]
    points = []
    for channel in policy.channels:
        point: dict[str, Any] = {"@type": "ContactPoint", "contactType": "customer support", "name": channel.name}
        if channel.email:
            point["email"] = str(channel.email)
        if channel.phone:
            point["telephone"] = str(channel.phone)
        if not channel.email and not channel.phone:
            point["url"] = base
        point["areaServed"] = countries
        point["hoursAvailable"] = [_opening_hours(channel.hours)]
        if not channel.hours.always:
            point["hoursAvailable"] += [
                {"@type": "OpeningHoursSpecification", "name": h.name, "validFrom": h.date.isoformat(), "validThrough": h.date.isoformat(), "opens": "00:00", "closes": "00:00"}
                for h in policy.service_hours.holidays
            ]
        points.append(point)
    return {
        "@context": SCHEMA,
        "@type": "Organization",
        "@id": base + "#organization",
        "name": policy.store.name,
        "url": str(policy.store.website),
        "contactPoint": points,
        "hasMerchantReturnPolicy": {"@id": base + "#return-policy"},
    }


def _return_policy(policy: Policy, base: str) -> dict[str, Any]:
    fees = {"shopper": f"{SCHEMA}/ReturnFeesCustomerResponsibility", "store": f"{SCHEMA}/FreeReturn"}
    return {
        "@context": SCHEMA,
        "@type": "MerchantReturnPolicy",
        "@id": base + "#return-policy",
        "name": f"{policy.store.name} return policy",
        "url": base,
        "applicableCountry": [r.country for r in policy.shipping.regions],
        "returnPolicyCategory": f"{SCHEMA}/MerchantReturnFiniteReturnWindow",
        "merchantReturnDays": return_days(policy.returns.window),
        "returnMethod": f"{SCHEMA}/ReturnByMail",
        "returnFees": fees[policy.returns.return_shipping_paid_by],
        "customerRemorseReturnFees": fees[policy.returns.return_shipping_paid_by],
        "itemDefectReturnFees": fees[policy.damaged_or_wrong_items.return_shipping_paid_by],
        "refundType": f"{SCHEMA}/FullRefund",
    }


def _shipping_details(policy: Policy, base: str) -> dict[str, Any]:
    from policy_types import Weekday

    handling = _quantity(policy.orders.processing)
    business_days = {"@type": "OpeningHoursSpecification", "dayOfWeek": [f"{SCHEMA}/{d.long}" for d in Weekday if d < Weekday.SAT]}
    nodes = []
    for region in policy.shipping.regions:
        for method_id in region.methods:
            method = policy.shipping.method(method_id)
            nodes.append(
                {
                    "@type": "OfferShippingDetails",
                    "@id": f"{base}#shipping-{region.country.lower()}-{method.id}",
                    "shippingLabel": method.name,
                    "shippingRate": {"@type": "MonetaryAmount", "value": _amount(method.price), "currency": CURRENCY},
                    "shippingDestination": {"@type": "DefinedRegion", "addressCountry": region.country},
                    "deliveryTime": {
                        "@type": "ShippingDeliveryTime",
                        "handlingTime": handling,
                        "transitTime": _quantity(method.transit),
                        "businessDays": business_days,
                    },
                }
            )
    return {"@context": SCHEMA, "@graph": nodes}


@dataclass(frozen=True)
class PolicyData:
    """The JSON-LD blocks of a help center: the policy's own, written once per build
    (`policy_json`: name -> the JSON of its <script>; plain text, so it is made where the
    policy is loaded and sent to the build process), and each page's own."""

    policy_json: dict[str, str]

    @classmethod
    def of(cls, policy: Policy) -> PolicyData:
        base = str(policy.store.help_center).rstrip("/") + "/"
        blocks = {"organization": _organization(policy, base), "returns": _return_policy(policy, base), "shipping": _shipping_details(policy, base)}
        return cls({name: _script_json(_plain(block)) for name, block in blocks.items()})

    def scripts(self, *, placed: frozenset[str], home: bool, trail: list[tuple[str, str]], faq: list[tuple[str, str]] | None) -> list[str]:
        """The JSON-LD blocks of one page, as the text of their <script> elements: breadcrumbs
        always, FAQPage on FAQ pages, and the policy blocks that match the components the page
        places (`placed`, see `placed_components`; all of them on the home page). JSON as
        Jinja's `tojson` writes it (keys sorted; <, >, & and ' escaped, so it cannot end the
        element), each policy block written once per build."""
        page = [breadcrumbs(trail)] + ([faq_page(faq)] if faq else [])  # text and numbers only: no _plain
        return [_script_json(block) for block in page] + [self.policy_json[name] for name in self._policy_names(placed, home)]

    def _policy_names(self, placed: frozenset[str], home: bool) -> list[str]:
        topics = {topic for topic, names in TOPIC_COMPONENTS.items() if home or placed & names}
        if not (home or topics):
            return []
        return ["organization"] + [name for name in ("returns", "shipping") if name in topics]


def placed_components(markdown: str) -> frozenset[str]:
    """The names of the components a page's Markdown places (`{% name %}`)."""
    return frozenset(match.group(1) for match in COMPONENT.finditer(markdown))


def _script_json(block: Any) -> str:
    return str(htmlsafe_json_dumps(block, sort_keys=True))


def _plain(value: Any) -> Any:
    """Decimals -> numbers that JSON writes exactly ("5.99", not 5.9900000001)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    """BreadcrumbList from (name, url) pairs, home first, the page last."""
    return {
        "@context": SCHEMA,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": number, "name": name, "item": url} for number, (name, url) in enumerate(trail, start=1)
        ],
    }


def faq_page(entries: list[tuple[str, str]]) -> dict[str, Any]:
    """FAQPage from (question, answer text) pairs."""
    return {
        "@context": SCHEMA,
        "@type": "FAQPage",
        "mainEntity": [{"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in entries],
    }


def faq_answers(page: FaqPage, content: str) -> list[tuple[str, str]]:
    """(question, answer text) for each entry of a FAQ page, the text as `content` (the page's
    rendered HTML) shows it: what follows the entry's heading, up to the next entry's, read
    as the reply kit reads pages (html_text: its "was this helpful?" control, left out of
    search, is left out here too). An entry whose heading the page lacks is left out."""
    questions = {entry.id for entry in page.topic.entries}
    texts: dict[str, list[str]] = {}
    answer: list[str] | None = None  # the text of the entry being read
    for section in html_text.sections(content)[1]:
        if section.id in questions:
            answer = texts.setdefault(section.id, [])
        elif answer is None:
            continue  # before the first question
        else:
            answer.append(section.title)  # a heading inside an answer
        answer += [block.text for block in section.blocks]
    return [(entry.q, " ".join(texts[entry.id])) for entry in page.topic.entries if entry.id in texts]


# ---------------------------------------------------------------- llms.txt


@dataclass(frozen=True)
class IndexEntry:
    folder: str  # the page's top-level folder ("" for pages at the root)
    title: str
    url: str
    description: str
    is_index: bool = False  # the folder's landing page: its title names the section


def llms_txt(title: str, summary: str, facts_url: str, entries: Iterable[IndexEntry]) -> str:
    """The llms.txt index (llmstxt.org): title, summary, then every page by section
    (one per top-level folder, named after its landing page, which comes first)."""
    lines = [f"# {title}", "", f"> {_one_line(summary)}", "", f"The store's policy facts, as JSON: {facts_url}", ""]
    sections: dict[str, list[IndexEntry]] = {}
    for entry in entries:
        sections.setdefault(entry.folder, []).append(entry)
    for folder, items in sections.items():
        items.sort(key=lambda item: not item.is_index)
        name = items[0].title if items[0].is_index else folder.replace("-", " ").capitalize() or "Help center"
        lines += [f"## {_one_line(name)}", ""]
        for item in items:
            note = f": {_one_line(item.description)}" if item.description else ""
            lines.append(f"- [{_one_line(item.title)}]({item.url}){note}")
        lines.append("")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------- files at the site root


def write_site_files(site_dir: Path, policy: Policy, *, title: str, summary: str, base_url: str, entries: Iterable[IndexEntry]) -> None:
    """policy.json (the public facts) and llms.txt (the index) at the root of the built site."""
    facts = json.dumps(public_facts(policy), indent=2, ensure_ascii=False) + "\n"
    # Same data, but no raw <, > or & even if a browser sniffs the file as HTML.
    facts = facts.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    (site_dir / "policy.json").write_text(facts, encoding="utf-8")
    index = llms_txt(title, summary, base_url.rstrip("/") + "/policy.json", entries)
    (site_dir / "llms.txt").write_text(index, encoding="utf-8")
