"""A salon's automation settings: when reminders go, the no-show grace, follow-ups, quiet hours, the pause.

A salon that never saved its settings gets the platform defaults (parlour.settings). The settings are one
item per salon, versioned like catalog entries so two editors cannot overwrite each other unseen.
"""

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from parlour.notifications.models import E164Phone, LocaleTag, QuietHours, SalonMessaging
from parlour.settings import get_settings

# A reminder up to two weeks before the visit; at most five of them (see AutomationInput).
ReminderOffset = Annotated[timedelta, Field(ge=timedelta(seconds=1), le=timedelta(days=14))]


class AutomationInput(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    paused: bool = Field(False, description="While paused nothing automatic is sent; what falls due is held")
    reminders_before: list[ReminderOffset] = Field(
        max_length=5, description="ISO 8601 durations before the start, e.g. PT24H and PT2H"
    )
    no_show_grace: timedelta = Field(
        ge=timedelta(0), le=timedelta(hours=24), description="After the end: then a client never checked in"
    )
    follow_up: bool = Field(True, description="Thank the client and offer a rebook link after the visit")
    follow_up_after: timedelta = Field(ge=timedelta(0), le=timedelta(days=30))
    quiet_hours: QuietHours | None = Field(description="Local night without SMS; null for none")
    default_locale: LocaleTag = Field("en", description="For clients who gave no language")
    alert_email: EmailStr | None = Field(None, description="Where salon alerts (no-shows) are emailed")
    alert_phone: E164Phone | None = Field(None, description="Where salon alerts are sent by SMS")

    @field_validator("reminders_before")
    @classmethod
    def _distinct(cls, offsets: list[timedelta]) -> list[timedelta]:
        if len(set(offsets)) != len(offsets):
            raise ValueError("each reminder offset may appear once")
        return sorted(offsets, reverse=True)  # the earliest reminder first

    @model_validator(mode="after")
    def _whole_seconds(self) -> "AutomationInput":
        # The state machine waits for whole-second instants; a fraction would only be rounded away.
        durations = [*self.reminders_before, self.no_show_grace, self.follow_up_after]
        if any(duration.microseconds for duration in durations):
            raise ValueError("durations are whole seconds")
        return self


class AutomationReplacement(AutomationInput):
    version: int = Field(ge=0, le=2**53, description="The version read (0 to save the first time)")


class SalonAutomation(AutomationInput):
    version: int = 0  # 0: never saved, the platform defaults

    def messaging(self) -> SalonMessaging:
        return SalonMessaging(
            default_locale=self.default_locale,
            quiet_hours=self.quiet_hours,
            automation_paused=self.paused,
        )

    @property
    def has_alert_contact(self) -> bool:
        return bool(self.alert_email or self.alert_phone)


def defaults() -> SalonAutomation:
    settings = get_settings()
    return SalonAutomation(
        reminders_before=settings.default_reminders_before,
        no_show_grace=settings.default_no_show_grace,
        follow_up_after=settings.default_follow_up_after,
        quiet_hours=QuietHours(
            start=settings.default_quiet_hours_start, end=settings.default_quiet_hours_end
        ),
    )
