"""What the lifecycle state machine puts on the notifier's queue (the JSON of each SQS message).

The machine writes these bodies in statemachines/appointment_lifecycle.asl.json; their fields come from the
appointment item it just read, so a job repeated by a retried execution is the same job, and the
notification it becomes has the same id.
"""

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter

from parlour.notifications.models import Notification, NotificationKind
from parlour.observability import logger

if TYPE_CHECKING:  # only its shape: the outbox adapter brings boto3
    from parlour.adapters.outbox import OutboxEntry

# The occasion is part of the notification id: the reminder's instant, or one of the words below.
Occasion = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9._:+-]{1,60}$")]
CANCELLED = "cancelled"
COMPLETED = "completed"
NO_SHOW = "no_show"


class _Job(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    salon_id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")
    appointment_id: str = Field(min_length=1, max_length=80, pattern=r"^[^#]+$")
    # When the occasion arose (the booking, the reminder's instant, the cancellation): the notification's
    # created_at, which must be the same on every retry.
    created_at: AwareDatetime


class NotifyJob(_Job):
    """Tell the client (or the salon) about the appointment: kind and occasion make the notification id.

    occasion: the appointment's start for a confirmation (a reschedule is confirmed anew), the reminder's
    instant, or CANCELLED, COMPLETED, NO_SHOW.
    """

    job: Literal["notify"] = "notify"
    kind: NotificationKind
    occasion: Occasion
    not_before: AwareDatetime | None = Field(None, description="Not sent before this instant")
    # Put off before (quiet hours): its outbox entry says `deferred` until it goes.
    was_deferred: bool = False

    @property
    def notification_id(self) -> str:
        return Notification.make_id(self.appointment_id, self.kind, self.occasion)


def job_of_notification(
    salon_id: str, appointment_id: str, notification_id: str, kind: NotificationKind, created_at: datetime
) -> NotifyJob | None:
    """The job a lifecycle notification came from (its id is `<appointment>.<kind>.<occasion>`), or None."""
    prefix = f"{appointment_id}.{kind.value}."
    if not notification_id.startswith(prefix):
        return None
    return NotifyJob(
        kind=kind,
        salon_id=salon_id,
        appointment_id=appointment_id,
        occasion=notification_id[len(prefix) :],
        created_at=created_at,
    )


def jobs_of_entries(
    salon_id: str, entries: Iterable["OutboxEntry"]
) -> Iterator[tuple["OutboxEntry", NotifyJob]]:
    """Each outbox entry with the lifecycle job that made it; an entry of other origin is logged, skipped."""
    for entry in entries:
        job = job_of_notification(
            salon_id, entry.appointment_id, entry.notification_id, entry.kind, entry.created_at
        )
        if job is None:
            logger.warning(
                "outbox entry is not the lifecycle's",
                extra={"notification_id": entry.notification_id, "status": entry.status},
            )
            continue
        yield entry, job


class NoShowCheckJob(_Job):
    """After the end plus the grace: if the client never checked in, mark the no-show and tell the salon."""

    job: Literal["check_no_show"] = "check_no_show"
    planned_start: AwareDatetime  # the start the check was planned for; a moved appointment is not checked


Job = Annotated[NotifyJob | NoShowCheckJob, Field(discriminator="job")]
JOBS: TypeAdapter[NotifyJob | NoShowCheckJob] = TypeAdapter(Job)


def parse_job(body: str) -> NotifyJob | NoShowCheckJob:
    return JOBS.validate_json(body)
