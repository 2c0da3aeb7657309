"""Admin bookings desk: day and week lists, manual bookings and walk-ins, state changes, clients."""

from datetime import UTC, date, datetime
from http import HTTPStatus
from typing import Annotated

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import AwareDatetime, BaseModel, ConfigDict
from staff_principal import current_principal

from parlour.booking import desk
from parlour.booking.models import Appointment
from parlour.booking.transitions import ACTION_TARGETS
from parlour.catalog.models import Slug

router = APIGatewayHttpRouter()
_SALON = "/admin/salons/<salon_id>"
_TAGS = ["desk"]
Days = Annotated[int, Query(ge=1, le=31, description="1 for a day view, 7 for a week view")]


def _now() -> datetime:
    return datetime.now(UTC)


@router.get(f"{_SALON}/locations/<location_id>/appointments", tags=_TAGS, summary="A location's day or week")
def location_appointments(
    salon_id: str,
    location_id: str,
    from_day: Annotated[
        date | None,
        Query(alias="from", description="First local day; today in the location's zone if absent"),
    ] = None,
    days: Days = 1,
) -> list[Appointment]:
    return desk.location_days(current_principal(router), salon_id, location_id, from_day, days, now=_now())


@router.get(f"{_SALON}/staff/<staff_id>/appointments", tags=_TAGS, summary="A specialist's day or week")
def staff_appointments(
    salon_id: str,
    staff_id: str,
    from_day: Annotated[
        date | None,
        Query(alias="from", description="First local day; today where the specialist works if absent"),
    ] = None,
    days: Days = 1,
) -> list[Appointment]:
    return desk.staff_days(current_principal(router), salon_id, staff_id, from_day, days, now=_now())


@router.post(
    f"{_SALON}/appointments",
    tags=_TAGS,
    status_code=HTTPStatus.CREATED,
    summary="Book for a client, hold, or take a walk-in",
)
def book(salon_id: str, request: desk.DeskBooking) -> Response[Appointment]:
    booked = desk.book(current_principal(router), salon_id, request, now=_now())
    return Response(
        status_code=HTTPStatus.CREATED, content_type=content_types.APPLICATION_JSON, body=booked.appointment
    )


@router.get(f"{_SALON}/appointments/<appointment_id>", tags=_TAGS, summary="An appointment and its history")
def detail(salon_id: str, appointment_id: str) -> desk.AppointmentDetail:
    return desk.detail(current_principal(router), salon_id, appointment_id)


class DeskReschedule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime
    staff_id: Slug | None = None
    override: bool = False


@router.post(f"{_SALON}/appointments/<appointment_id>/reschedule", tags=_TAGS, summary="Move in time")
def reschedule(salon_id: str, appointment_id: str, request: DeskReschedule) -> Appointment:
    return desk.reschedule(
        current_principal(router),
        salon_id,
        appointment_id,
        start=request.start,
        staff_id=request.staff_id,
        override=request.override,
        now=_now(),
    )


class DeskMove(BaseModel):
    model_config = ConfigDict(extra="forbid")

    staff_id: Slug
    override: bool = False


@router.post(f"{_SALON}/appointments/<appointment_id>/move", tags=_TAGS, summary="Give to another specialist")
def move(salon_id: str, appointment_id: str, request: DeskMove) -> Appointment:
    return desk.move_to_specialist(
        current_principal(router),
        salon_id,
        appointment_id,
        staff_id=request.staff_id,
        override=request.override,
        now=_now(),
    )


@router.get(f"{_SALON}/clients", tags=_TAGS, summary="Find a client by phone or email")
def find_client(
    salon_id: str,
    phone: Annotated[
        str | None,
        Query(
            max_length=40,
            description="E.164 with its country code; `+48…` may be written as is or as `%2B48…`, "
            "spaces and hyphens are ignored",
        ),
    ] = None,
    email: Annotated[
        str | None, Query(max_length=320, description="A `+` in the address may be written as is")
    ] = None,
) -> desk.ClientDetail:
    return desk.find_client(current_principal(router), salon_id, phone=phone, email=email)


@router.get(f"{_SALON}/clients/<client_id>", tags=_TAGS, summary="A client with their appointments")
def client_detail(salon_id: str, client_id: str) -> desk.ClientDetail:
    return desk.client_detail(current_principal(router), salon_id, client_id)


# Registered last: Powertools tries routes in order, and /reschedule and /move are more specific.
_ACTIONS = {action.value: target for action, target in ACTION_TARGETS.items()}


@router.post(f"{_SALON}/appointments/<appointment_id>/<action>", tags=_TAGS, summary="Change the state")
def change_status(salon_id: str, appointment_id: str, action: str, request: desk.StatusChange) -> Appointment:
    if action not in _ACTIONS:
        raise desk.InvalidInput("action", f"unknown action {action!r}; one of {', '.join(_ACTIONS)}")
    return desk.change_status(
        current_principal(router),
        salon_id,
        appointment_id,
        _ACTIONS[action],
        reason=request.reason,
        now=_now(),
    )
