"""Policy model -> plain data for pages and templates (strings, lists, dicts; never HTML).

`facts(policy)` gives the flat names that editors write into prose as
`{{ returns.window }}`; `view(policy)` gives the structured data that the
component templates lay out. Both are built from the model only.
"""

from __future__ import annotations

from typing import Any

from policy_model import Channel, Policy
from policy_types import Duration


def join_words(items: list[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def response_text(channel: Channel) -> str:
    within: Duration | None = channel.response_within
    if within is None:
        return "answered live while the line is open"
    if within.unit == "minutes" and within.count <= 5:
        return f"immediately (under {within})"
    return f"within {within}"


def channel_view(policy: Policy, channel: Channel) -> dict[str, Any]:
    zone = policy.store.time_zone
    hours = channel.hours
    contact = channel.email or channel.phone
    return {
        "id": channel.id,
        "name": channel.name,
        "contact": str(contact) if contact else "",
        "href": contact.href if contact else "",
        "always_open": hours.always,
        "days": "Every day" if hours.always else hours.days_text,
        "short_days": hours.short_days_text,
        "hours": "Open 24/7" if hours.always else f"{hours.clock_text} {zone.short}",
        "hours_text": "24 hours a day, 7 days a week" if hours.always else f"{hours.days_text}, {hours.clock_text} {zone.short}",
        "response": response_text(channel),
        "machine_hours": hours.machine,
        "opens": hours.opens.strftime("%H:%M"),
        "closes": hours.closes.strftime("%H:%M"),
        "weekdays": [d.value for d in hours.days],
    }


def view(policy: Policy) -> dict[str, Any]:
    """Structured, formatted data for the component templates."""
    zone = policy.store.time_zone
    shipping = policy.shipping
    methods = {m.id: m for m in shipping.methods}
    returns = policy.returns
    damaged = policy.damaged_or_wrong_items
    service = policy.service_hours.hours
    return {
        "store": {
            "name": policy.store.name,
            "website": str(policy.store.website),
            "help_center": str(policy.store.help_center),
            "time_zone": zone.label,
            "time_zone_short": zone.short,
            "time_zone_key": zone.key,
        },
        "channels": [channel_view(policy, c) for c in policy.channels],
        "service_hours": {
            "text": f"{service.days_text}, {service.clock_text} {zone.short}",
            "holidays": [{"date": h.date.isoformat(), "label": f"{h.date:%A, %B} {h.date.day}, {h.date.year}", "name": h.name} for h in policy.service_hours.holidays],
        },
        "orders": {
            "processing": str(policy.orders.processing),
            "confirmation_email": policy.orders.confirmation_email,
            "shipping_confirmation": f"within {policy.orders.shipping_confirmation_within} of shipment",
            "cancel_window": str(policy.orders.cancellation.window),
            "cancel_only_if_not_shipped": policy.orders.cancellation.only_if_not_shipped,
        },
        "shipping": {
            "free_over": str(shipping.free_standard_over) if shipping.free_standard_over is not None else "",
            "free_method": methods["standard"].name if "standard" in methods else shipping.methods[0].name,
            "methods": [
                {
                    "id": m.id,
                    "name": m.name,
                    "price": str(m.price),
                    "transit": str(m.transit),
                    "transit_low": m.transit.low,
                    "transit_high": m.transit.high,
                    "regions": [r.name for r in shipping.regions if m.id in r.methods],
                }
                for m in shipping.methods
            ],
            "regions": [
                {
                    "country": r.country,
                    "name": r.name,
                    "methods": join_words([methods[i].name for i in r.methods]),
                    "all_methods": len(r.methods) == len(shipping.methods),
                    "customs": r.customs_paid_by_recipient,
                }
                for r in shipping.regions
            ],
            "region_names": join_words([r.name for r in shipping.regions]),
            "late_after": str(shipping.delays.late_after),
            "email_on_delay": shipping.delays.email_on_delay,
            "late_remedies": join_words([{"reship": "reship your order", "refund": "refund it"}[r] for r in shipping.delays.remedies], "or"),
        },
        "returns": {
            "window": str(returns.window),
            "condition": returns.condition,
            "shopper_pays_return_shipping": returns.return_shipping_paid_by == "shopper",
            "non_returnable": returns.non_returnable,
            "non_returnable_text": join_words(returns.non_returnable),
            "exchanges": returns.exchanges,
        },
        "refunds": {"method": policy.refunds.method, "within": str(policy.refunds.within)},
        "damaged": {
            "report_within": str(damaged.report_within),
            "photos_required": damaged.photos_required,
            "remedies": join_words(damaged.remedies, "or"),
            "store_pays_return": damaged.return_shipping_paid_by == "store",
        },
        "escalation": {
            "steps": list(policy.escalation.steps),
            "email": str(policy.escalation.email),
            "href": policy.escalation.email.href,
            "response": str(policy.escalation.response),
        },
        "feedback": {
            "form_url": str(policy.feedback.form_url),
            "post_purchase_survey": policy.feedback.post_purchase_survey,
            "chat_rating": policy.feedback.chat_rating,
            "social_reviews": policy.feedback.social_reviews,
        },
        "privacy": {
            "laws": join_words(list(policy.privacy.laws)),
            "policy_url": str(policy.privacy.policy_url),
            "email": str(policy.privacy.email),
            "href": policy.privacy.email.href,
            "response": str(policy.privacy.response),
        },
        "payments": {"methods": list(policy.payments.methods), "text": join_words(list(policy.payments.methods))},
        "standards": {
            "first_response": str(policy.service_standards.first_response),
            "csat": f"{policy.service_standards.csat_min_percent}%",
            "nps": str(policy.service_standards.nps_min),
            "fcr": f"{policy.service_standards.first_contact_resolution_min_percent}%",
        },
    }


def facts(policy: Policy) -> dict[str, str]:
    """The flat names editors may write into prose, each with its formatted value."""
    data = view(policy)
    names: dict[str, str] = {
        "store.name": data["store"]["name"],
        "store.website": data["store"]["website"],
        "store.time_zone": data["store"]["time_zone"],
        "hours.service": data["service_hours"]["text"],
        "orders.processing": data["orders"]["processing"],
        "orders.confirmation_email": data["orders"]["confirmation_email"],
        "orders.shipping_confirmation": data["orders"]["shipping_confirmation"],
        "orders.cancel_window": data["orders"]["cancel_window"],
        "shipping.free_over": data["shipping"]["free_over"],
        "shipping.regions": data["shipping"]["region_names"],
        "shipping.late_after": data["shipping"]["late_after"],
        "returns.window": data["returns"]["window"],
        "returns.condition": data["returns"]["condition"],
        "returns.non_returnable": data["returns"]["non_returnable_text"],
        "refunds.method": data["refunds"]["method"],
        "refunds.within": data["refunds"]["within"],
        "damaged.report_within": data["damaged"]["report_within"],
        "damaged.remedies": data["damaged"]["remedies"],
        "escalation.email": data["escalation"]["email"],
        "escalation.response": data["escalation"]["response"],
        "feedback.form_url": data["feedback"]["form_url"],
        "privacy.laws": data["privacy"]["laws"],
        "privacy.email": data["privacy"]["email"],
        "privacy.response": data["privacy"]["response"],
        "privacy.policy_url": data["privacy"]["policy_url"],
        "payments.methods": data["payments"]["text"],
        "standards.first_response": data["standards"]["first_response"],
        "standards.csat": data["standards"]["csat"],
        "standards.nps": data["standards"]["nps"],
        "standards.fcr": data["standards"]["fcr"],
    }
    for channel in data["channels"]:
        prefix = f"channels.{channel['id']}"
        names[f"{prefix}.name"] = channel["name"]
        names[f"{prefix}.hours"] = channel["hours_text"]
        names[f"{prefix}.response"] = channel["response"]
        if channel["contact"]:
            names[f"{prefix}.contact"] = channel["contact"]
    for method in data["shipping"]["methods"]:
        prefix = f"shipping.{method['id']}"
        names[f"{prefix}.name"] = method["name"]
        names[f"{prefix}.price"] = method["price"]
        names[f"{prefix}.transit"] = method["transit"]
    names["shipping.late_remedies"] = data["shipping"]["late_remedies"]
    for region in data["shipping"]["regions"]:
        prefix = f"shipping.region.{region['country'].lower()}"
        names[f"{prefix}.name"] = region["name"]
        names[f"{prefix}.methods"] = region["methods"]
    return names
