"""Public price lists: what a salon charges at a location, read as stored (one GetItem). No sign-in.

Segments: without `segment` the general list. A campaign's list (`segment=campaign:<code>`) is public,
as its code is printed on the campaign; if the salon has no list for that code the general list is
answered (its `segment` field says so). Lists for what a client is (new, returning, vip, birthday)
need a signed-in client and are not served here.
"""

from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from parlour.api.http import ErrorAnswer
from parlour.pricing import lists
from parlour.pricing.lists import PublishedPriceList

router = APIGatewayHttpRouter()


_ERROR = {"application/json": {"model": ErrorAnswer}}
_ANSWERS: dict[int, Any] = {
    200: {"description": "The price list", "content": {"application/json": {"model": PublishedPriceList}}},
    404: {"description": "No such salon or location, or its list is not built yet", "content": _ERROR},
    422: {"description": "Not a public segment", "content": _ERROR},
}


@router.get(
    "/public/salons/<salon_id>/locations/<location_id>/prices",
    tags=["prices"],
    responses=_ANSWERS,
    summary="Every price at a location, with its breakdown and the rule that won",
    compress=True,  # hundreds of KB for a large salon; gzip when the client accepts it
)
def get_prices(
    salon_id: str,
    location_id: str,
    segment: Annotated[str, Query(description="general (default) or campaign:<code>")] = "general",
):
    # The stored document goes out as stored: neither parsed nor validated again on the way.
    document = lists.published_price_list(salon_id, location_id, lists.public_segment(segment))
    return Response(status_code=HTTPStatus.OK, content_type=content_types.APPLICATION_JSON, body=document)
