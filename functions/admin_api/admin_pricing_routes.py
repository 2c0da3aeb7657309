"""Admin pricing routes: offers, tax rules, a preview of a pending change, the stored price lists.

Reading needs read_catalog; changing anything (and previewing a change) needs edit_pricing.
Offers are one collection whose `kind` says which: promotion (a segment offer is a promotion, or any
offer, limited to `segments`), special_price, package, group.
"""

from datetime import UTC, datetime
from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from staff_principal import current_principal

from parlour.access import Right
from parlour.api.openapi_answers import route_answers as _answers
from parlour.pricing import ingredients, lists
from parlour.pricing.lists import ListSummary, Preview, PreviewRequest, PublishedPriceList
from parlour.pricing.models import SegmentKey, TaxRule
from parlour.pricing.records import OfferRecord, TaxRuleRecord

router = APIGatewayHttpRouter()

_PRICING = "/admin/salons/<salon_id>/pricing"
_OFFERS_TAG, _TAXES_TAG, _LISTS_TAG = ["pricing: offers"], ["pricing: taxes"], ["pricing: price lists"]


_INVALID = "Invalid field, unknown location/service/variant, a negative total or overlapping special prices"
_READ = _answers(200, "Found", {404: "No such salon or entry", 422: "Invalid parameter"})
_CREATE = _answers(201, "Created at version 1", {404: "No such salon", 409: "The id is taken", 422: _INVALID})
_REPLACE = _answers(
    200, "Replaced at the next version", {404: "No such salon or entry", 409: "Stale version", 422: _INVALID}
)
_DELETE = _answers(204, "Deleted", {404: "No such salon or entry", 409: "Stale version"})
ExpectedVersion = Annotated[int | None, Query(ge=1, description="Delete only if still at this version")]
AnySegment = Annotated[
    SegmentKey, Query(description="general, new, returning, vip, birthday, campaign:<code>")
]
OfferBody = Annotated[
    dict[str, Any],
    Body(
        description="An offer: `kind` is promotion, special_price, package or group; the fields are "
        "those of the matching answer schema (PromotionRecord, ...), without `version` when creating "
        "and with the version read when replacing."
    ),
]


def _allow(salon_id: str, right: Right) -> None:
    current_principal(router).require(salon_id, right)


def _deleted() -> Response:
    return Response(status_code=HTTPStatus.NO_CONTENT)


# ---- offers --------------------------------------------------------------------------------------


@router.get(f"{_PRICING}/offers", tags=_OFFERS_TAG, responses=_READ, summary="List offers")
def list_offers(
    salon_id: str,
    kind: Annotated[str | None, Query(description="promotion, special_price, package or group")] = None,
    segment: Annotated[str | None, Query(description="Only offers naming this segment")] = None,
) -> list[OfferRecord]:
    _allow(salon_id, Right.read_catalog)
    return ingredients.list_offers(salon_id, kind, segment)


@router.post(f"{_PRICING}/offers", tags=_OFFERS_TAG, responses=_CREATE, status_code=201, summary="Create")
def create_offer(salon_id: str, offer: OfferBody) -> OfferRecord:
    _allow(salon_id, Right.edit_pricing)
    return ingredients.create_offer(salon_id, offer)


@router.get(f"{_PRICING}/offers/<offer_id>", tags=_OFFERS_TAG, responses=_READ, summary="One offer")
def get_offer(salon_id: str, offer_id: str) -> OfferRecord:
    _allow(salon_id, Right.read_catalog)
    return ingredients.get_offer(salon_id, offer_id)


@router.put(f"{_PRICING}/offers/<offer_id>", tags=_OFFERS_TAG, responses=_REPLACE, summary="Replace")
def replace_offer(salon_id: str, offer_id: str, offer: OfferBody) -> OfferRecord:
    _allow(salon_id, Right.edit_pricing)
    return ingredients.replace_offer(salon_id, offer_id, offer)


@router.delete(
    f"{_PRICING}/offers/<offer_id>", tags=_OFFERS_TAG, responses=_DELETE, status_code=204, summary="Delete"
)
def delete_offer(salon_id: str, offer_id: str, version: ExpectedVersion = None) -> Response[None]:
    _allow(salon_id, Right.edit_pricing)
    ingredients.delete_offer(salon_id, offer_id, version)
    return _deleted()


# ---- tax rules -----------------------------------------------------------------------------------


@router.get(f"{_PRICING}/taxes", tags=_TAXES_TAG, responses=_READ, summary="List tax rules")
def list_taxes(salon_id: str) -> list[TaxRuleRecord]:
    _allow(salon_id, Right.read_catalog)
    return ingredients.list_taxes(salon_id)


@router.post(f"{_PRICING}/taxes", tags=_TAXES_TAG, responses=_CREATE, status_code=201, summary="Create")
def create_tax(salon_id: str, tax: TaxRule) -> TaxRuleRecord:
    _allow(salon_id, Right.edit_pricing)
    return ingredients.create_tax(salon_id, tax)


@router.get(f"{_PRICING}/taxes/<tax_id>", tags=_TAXES_TAG, responses=_READ, summary="One tax rule")
def get_tax(salon_id: str, tax_id: str) -> TaxRuleRecord:
    _allow(salon_id, Right.read_catalog)
    return ingredients.get_tax(salon_id, tax_id)


@router.put(f"{_PRICING}/taxes/<tax_id>", tags=_TAXES_TAG, responses=_REPLACE, summary="Replace")
def replace_tax(salon_id: str, tax_id: str, tax: TaxRuleRecord) -> TaxRuleRecord:
    _allow(salon_id, Right.edit_pricing)
    return ingredients.replace_tax(salon_id, tax_id, tax)


@router.delete(
    f"{_PRICING}/taxes/<tax_id>", tags=_TAXES_TAG, responses=_DELETE, status_code=204, summary="Delete"
)
def delete_tax(salon_id: str, tax_id: str, version: ExpectedVersion = None) -> Response[None]:
    _allow(salon_id, Right.edit_pricing)
    ingredients.delete_tax(salon_id, tax_id, version)
    return _deleted()


# ---- preview and price lists ---------------------------------------------------------------------


@router.post(
    f"{_PRICING}/preview",
    tags=_LISTS_TAG,
    responses=_answers(200, "The list as clients would see it", {404: "No such salon", 422: _INVALID}),
    summary="What clients will see if a pending change is saved (nothing is saved)",
)
def preview(salon_id: str, request: PreviewRequest) -> Preview:
    _allow(salon_id, Right.edit_pricing)
    return lists.preview(salon_id, request, datetime.now(UTC))


@router.get(f"{_PRICING}/lists", tags=_LISTS_TAG, responses=_READ, summary="Every stored price list")
def list_price_lists(salon_id: str) -> list[ListSummary]:
    _allow(salon_id, Right.read_catalog)
    return lists.list_summaries(salon_id)


_LIST_READ = _answers(200, "Found", {404: "No such salon, location or list", 422: "Invalid parameter"})
_LIST_READ[200]["content"] = {"application/json": {"model": PublishedPriceList}}


@router.get(
    f"{_PRICING}/lists/<location_id>",
    tags=_LISTS_TAG,
    responses=_LIST_READ,
    summary="One stored price list, of any segment (the general one if the segment has none)",
)
def get_price_list(
    salon_id: str,
    location_id: str,
    segment: AnySegment = "general",
):
    # The stored document goes out as stored: neither parsed nor validated again on the way.
    _allow(salon_id, Right.read_catalog)
    document = lists.published_price_list(salon_id, location_id, segment)
    return Response(status_code=HTTPStatus.OK, content_type="application/json", body=document)
