"""Public booking routes: availability, booking, and the client's self-service with a manage token.

The manage token travels in `Authorization: Bearer <token>` (the PWA keeps it in the URL fragment, which
browsers never send to servers), so it never lands in access logs.
"""

from datetime import UTC, date, datetime
from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import AwareDatetime, BaseModel, ConfigDict

from parlour.api.http import MANAGE_LINK
from parlour.booking import self_service, slots
from parlour.booking.self_service import ClientAppointment
from parlour.booking.service import BookingRequest, Reason
from parlour.catalog.models import SLUG_PATTERN, Slug

router = APIGatewayHttpRouter()
_TAGS = ["booking"]
_MANAGE_TOKEN = [{MANAGE_LINK: []}]


def _now() -> datetime:
    """The clock every route reads (one place, so tests can set it)."""
    return datetime.now(UTC)


# Up to 31 days of slots: gzip when the client accepts it.
@router.get(
    "/public/salons/<salon_id>/availability", tags=_TAGS, summary="Free slots of a variant", compress=True
)
def availability(
    salon_id: str,
    service_id: Annotated[str, Query(pattern=SLUG_PATTERN)],
    variant_id: Annotated[str, Query(pattern=SLUG_PATTERN)],
    from_day: Annotated[date, Query(alias="from", description="First local day, YYYY-MM-DD")],
    to_day: Annotated[date, Query(alias="to", description="Last local day (at most 31 days in all)")],
    location_id: Annotated[str | None, Query(pattern=SLUG_PATTERN)] = None,
    staff_id: Annotated[
        str | None, Query(pattern=SLUG_PATTERN, description="One specialist; all capable ones if absent")
    ] = None,
) -> slots.Availability:
    return slots.free_slots(
        salon_id,
        service_id=service_id,
        variant_id=variant_id,
        first_day=from_day,
        last_day=to_day,
        location_id=location_id,
        staff_id=staff_id,
        now=_now(),
    )


@router.post(
    "/public/salons/<salon_id>/appointments",
    tags=_TAGS,
    status_code=HTTPStatus.CREATED,
    summary="Book a slot",
)
def book(salon_id: str, request: BookingRequest) -> Response[self_service.BookingConfirmation]:
    key = router.current_event.headers.get("idempotency-key")
    confirmation = self_service.book_online(salon_id, request, idempotency_key=key, now=_now())
    return Response(
        status_code=HTTPStatus.CREATED, content_type=content_types.APPLICATION_JSON, body=confirmation
    )


def _manage_token() -> str:
    header = router.current_event.headers.get("authorization") or ""
    return header.removeprefix("Bearer ").strip()


@router.get(
    "/public/salons/<salon_id>/appointments/<appointment_id>",
    tags=_TAGS,
    security=_MANAGE_TOKEN,
    summary="View (manage link)",
)
def view(salon_id: str, appointment_id: str) -> ClientAppointment:
    return self_service.view(salon_id, appointment_id, _manage_token(), now=_now())


class CancelRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason = ""


@router.post(
    "/public/salons/<salon_id>/appointments/<appointment_id>/cancel",
    tags=_TAGS,
    security=_MANAGE_TOKEN,
    summary="Cancel (manage link)",
)
def cancel(salon_id: str, appointment_id: str, request: CancelRequest) -> ClientAppointment:
    return self_service.cancel(salon_id, appointment_id, _manage_token(), reason=request.reason, now=_now())


class RescheduleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime
    staff_id: Slug | None = None


@router.post(
    "/public/salons/<salon_id>/appointments/<appointment_id>/reschedule",
    tags=_TAGS,
    security=_MANAGE_TOKEN,
    summary="Move to another time (manage link)",
)
def reschedule(salon_id: str, appointment_id: str, request: RescheduleRequest) -> ClientAppointment:
    return self_service.reschedule(
        salon_id,
        appointment_id,
        _manage_token(),
        start=request.start,
        staff_id=request.staff_id,
        now=_now(),
    )
