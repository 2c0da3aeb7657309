"""Offers and tax rules as an admin reads and replaces them: the engine's models plus their `version`.

Offers arrive as plain JSON and are parsed here rather than by the API layer, because pydantic's
error locations for tagged unions carry the tag ("promotion.discount.percent.percent"); the paths
here are those of the request body ("discount.percent"), so a 422 names the field a form shows.
"""

from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from parlour.catalog.models import Version
from parlour.errors import InvalidInput
from parlour.pricing.models import GroupDeal, Offer, PackageDeal, Promotion, SpecialPrice, TaxRule


class PromotionRecord(Promotion):
    version: Version


class SpecialPriceRecord(SpecialPrice):
    version: Version


class PackageDealRecord(PackageDeal):
    version: Version


class GroupDealRecord(GroupDeal):
    version: Version


AnyOfferRecord = PromotionRecord | SpecialPriceRecord | PackageDealRecord | GroupDealRecord
OfferRecord = Annotated[AnyOfferRecord, Field(discriminator="kind")]


class TaxRuleRecord(TaxRule):
    version: Version


_OFFER = TypeAdapter(Offer)
_OFFER_RECORD = TypeAdapter(OfferRecord)
_TAX_RECORD = TypeAdapter(TaxRuleRecord)
_TAG_ERRORS = {"union_tag_invalid", "union_tag_not_found"}


def parse_offer(body: Any) -> AnyOfferRecord:
    """A new offer from a request body (no version: it is about to be created at version 1)."""
    try:
        offer = _OFFER.validate_python(body)
    except ValidationError as invalid:
        raise _invalid(invalid) from None
    return _OFFER_RECORD.validate_python({**offer.model_dump(), "version": 0})


def parse_offer_record(body: Any) -> AnyOfferRecord:
    """An offer with the version its sender read (a replacement)."""
    try:
        return _OFFER_RECORD.validate_python(body)
    except ValidationError as invalid:
        raise _invalid(invalid) from None


def offer_record_from_stored(fields: dict[str, Any]) -> AnyOfferRecord:
    return _OFFER_RECORD.validate_python(fields)


def tax_record_from_stored(fields: dict[str, Any]) -> TaxRuleRecord:
    return _TAX_RECORD.validate_python(fields)


def field_path(error: dict[str, Any]) -> str:
    """The body path of one error of an Offer validation, without the union tags pydantic adds."""
    location = [str(part) for part in error["loc"]]
    if error["type"] in _TAG_ERRORS:
        # Nothing matched the tag: the error is about the tag field itself.
        return ".".join([*location[1:], "type"]) if location else "kind"
    location = location[1:]  # the offer's kind
    if "discount" in location:
        at = location.index("discount")
        del location[at + 1 : at + 2]  # the discount's type
    return ".".join(location) or "body"


def _invalid(invalid: ValidationError) -> InvalidInput:
    fields = [
        {"field": field_path(error), "message": error["msg"]} for error in invalid.errors(include_url=False)
    ]
    first = fields[0]
    return InvalidInput(first["field"], f"{first['field']}: {first['message']}", details={"fields": fields})
