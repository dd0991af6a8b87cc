"""The validated shape of content/policies/policy.yml.

The loader turns the YAML into these models (or one error listing every
problem); the JSON Schema that editors' YAML language server uses is generated
from the same models (scripts/policy_schema.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationInfo, field_validator

from policy_types import (
    DayRangeField,
    DurationField,
    EmailField,
    HttpsUrlField,
    MoneyField,
    PhoneField,
    TimeZoneField,
    WeeklyHoursField,
)

Slug = Field(pattern=r"^[a-z][a-z0-9-]*$", description="A short lowercase name: letters, digits, dashes")
Text = Field(min_length=1, max_length=200)


def _unique_ids(items: list[Any]) -> list[Any]:
    ids = [item.id for item in items]
    for item_id in ids:
        if ids.count(item_id) > 1:
            raise ValueError(f"expected each id once, found '{item_id}' twice")
    return items


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Store(Strict):
    name: str = Text
    website: HttpsUrlField
    help_center: HttpsUrlField
    time_zone: TimeZoneField


class Channel(Strict):
    id: str = Slug
    name: str = Text
    email: EmailField | None = None
    phone: PhoneField | None = None
    hours: WeeklyHoursField
    response_within: DurationField | None = Field(
        None, description="How soon a message is answered; leave out for live channels such as phone"
    )


class Holiday(Strict):
    date: date
    name: str = Text


class ServiceHours(Strict):
    hours: WeeklyHoursField
    holidays: list[Holiday] = []

    @field_validator("holidays")
    @classmethod
    def _unique_dates(cls, holidays: list[Holiday]) -> list[Holiday]:
        seen = [h.date for h in holidays]
        for day in seen:
            if seen.count(day) > 1:
                raise ValueError(f"expected each holiday date once, found {day} twice")
        return sorted(holidays, key=lambda h: h.date)


class Cancellation(Strict):
    window: DurationField
    only_if_not_shipped: StrictBool = True


class Orders(Strict):
    processing: DayRangeField
    confirmation_email: str = Text
    shipping_confirmation_within: DurationField
    cancellation: Cancellation


class ShippingMethod(Strict):
    id: str = Slug
    name: str = Text
    price: MoneyField
    transit: DayRangeField


class Region(Strict):
    country: str = Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code, like US")
    name: str = Text
    methods: list[str] = Field(min_length=1)
    customs_paid_by_recipient: StrictBool = False


class Delays(Strict):
    email_on_delay: StrictBool = True
    late_after: DayRangeField
    remedies: list[Literal["reship", "refund"]] = Field(min_length=1)


class Shipping(Strict):
    free_standard_over: MoneyField | None = None
    methods: list[ShippingMethod] = Field(min_length=1)
    regions: list[Region] = Field(min_length=1)
    delays: Delays

    @field_validator("methods")
    @classmethod
    def _unique_methods(cls, methods: list[ShippingMethod]) -> list[ShippingMethod]:
        return _unique_ids(methods)

    @field_validator("regions")
    @classmethod
    def _known_methods(cls, regions: list[Region], info: ValidationInfo) -> list[Region]:
        ids = [m.id for m in info.data.get("methods", [])]
        for region in regions:
            for method in region.methods:
                if ids and method not in ids:
                    raise ValueError(f"expected shipping method ids ({', '.join(ids)}), found '{method}' for {region.name}")
        return regions

    def method(self, method_id: str) -> ShippingMethod:
        return next(m for m in self.methods if m.id == method_id)


Payer = Literal["shopper", "store"]


class Returns(Strict):
    window: DurationField
    condition: str = Text
    return_shipping_paid_by: Payer
    non_returnable: list[str] = []
    exchanges: StrictBool = False


class Refunds(Strict):
    method: str = Text
    within: DayRangeField


class DamagedOrWrongItems(Strict):
    report_within: DurationField
    photos_required: StrictBool = True
    remedies: list[str] = Field(min_length=1)
    return_shipping_paid_by: Payer


class Escalation(Strict):
    steps: list[str] = Field(min_length=1)
    email: EmailField
    response: DayRangeField


class Feedback(Strict):
    form_url: HttpsUrlField
    post_purchase_survey: StrictBool = True
    chat_rating: StrictBool = True
    social_reviews: StrictBool = True


class Privacy(Strict):
    laws: list[str] = Field(min_length=1)
    policy_url: HttpsUrlField
    email: EmailField
    response: DurationField


class Payments(Strict):
    methods: list[str] = Field(min_length=1)


class ServiceStandards(Strict):
    first_response: DurationField
    csat_min_percent: int = Field(ge=0, le=100)
    nps_min: int = Field(ge=-100, le=100)
    first_contact_resolution_min_percent: int = Field(ge=0, le=100)


class Policy(Strict):
    """The whole policy file."""

    store: Store
    channels: list[Channel] = Field(min_length=1)
    service_hours: ServiceHours
    orders: Orders
    shipping: Shipping
    returns: Returns
    refunds: Refunds
    damaged_or_wrong_items: DamagedOrWrongItems
    escalation: Escalation
    feedback: Feedback
    privacy: Privacy
    payments: Payments
    service_standards: ServiceStandards

    @field_validator("channels")
    @classmethod
    def _unique_channels(cls, channels: list[Channel]) -> list[Channel]:
        return _unique_ids(channels)

    def channel(self, channel_id: str) -> Channel | None:
        return next((c for c in self.channels if c.id == channel_id), None)
