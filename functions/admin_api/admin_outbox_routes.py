"""Admin: the salon's outbox (messages not simply sent: deferred, held, skipped...) and automation."""

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from staff_principal import current_principal

from parlour.adapters.outbox import OutboxEntry
from parlour.lifecycle import console
from parlour.lifecycle.automation import AutomationReplacement, SalonAutomation

router = APIGatewayHttpRouter()
_SALON = "/admin/salons/<salon_id>"
_TAGS = ["messages"]


@router.get(f"{_SALON}/outbox", tags=_TAGS, summary="Messages: what, to whom, when, status (newest first)")
def outbox(
    salon_id: str,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    status: Annotated[
        str | None,
        Query(
            max_length=40,
            description="Only entries in this status: outbox, sent, deferred, held, skipped_no_contact,"
            " skipped_no_consent, skipped_too_late, failed, unknown, for_salon, lapsed",
        ),
    ] = None,
    appointment_id: Annotated[
        str | None, Query(max_length=80, description="Only the messages of this appointment")
    ] = None,
) -> list[OutboxEntry]:
    return console.outbox(
        current_principal(router), salon_id, limit=limit, status=status, appointment_id=appointment_id
    )


@router.get(f"{_SALON}/automation", tags=_TAGS, summary="Reminders, no-show grace, quiet hours, pause")
def automation(salon_id: str) -> SalonAutomation:
    return console.automation(current_principal(router), salon_id)


@router.put(f"{_SALON}/automation", tags=_TAGS, summary="Change them (pause or resume automation)")
def save_automation(salon_id: str, settings: AutomationReplacement) -> SalonAutomation:
    return console.save_automation(current_principal(router), salon_id, settings)


@router.post(f"{_SALON}/outbox/release-held", tags=_TAGS, summary="After a pause: send what was held")
def release_held(salon_id: str) -> console.Released:
    return console.release_held(current_principal(router), salon_id)
