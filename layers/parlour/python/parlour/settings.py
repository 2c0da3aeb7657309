"""Configuration, read once from the environment that template.yaml (or the local runner) sets."""

from datetime import time, timedelta
from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore", frozen=True)

    table_name: str = Field("parlour", validation_alias="TABLE_NAME")
    aws_region: str = Field("eu-central-1", validation_alias="AWS_REGION")
    # Signs the client's manage links (view, cancel, reschedule) and the idempotency of bookings.
    manage_token_secret: SecretStr = Field(
        SecretStr("local-development-secret-change-me"), validation_alias="MANAGE_TOKEN_SECRET"
    )
    # Where the booking PWA lives; manage links in answers and messages point there.
    public_web_url: str = Field("http://127.0.0.1:8000", validation_alias="PUBLIC_WEB_URL")
    idempotency_ttl_seconds: int = Field(24 * 3600, validation_alias="IDEMPOTENCY_TTL_SECONDS")
    booking_transaction_attempts: int = Field(5, validation_alias="BOOKING_TRANSACTION_ATTEMPTS")

    # ---- appointment lifecycle and notifications (issue 5) ----
    # Where lifecycle executions send their jobs (the notifier's queue) and the machine the stream starts.
    notification_queue_url: str = Field("", validation_alias="NOTIFICATION_QUEUE_URL")
    lifecycle_state_machine_arn: str = Field("", validation_alias="LIFECYCLE_STATE_MACHINE_ARN")
    # Without an account sid, token and number SMS go to the local outbox; the base URL points at a fake.
    twilio_account_sid: str = Field("", validation_alias="TWILIO_ACCOUNT_SID")
    twilio_auth_token: SecretStr = Field(SecretStr(""), validation_alias="TWILIO_AUTH_TOKEN")
    twilio_from_number: str = Field("", validation_alias="TWILIO_FROM_NUMBER")
    twilio_api_base_url: str = Field("", validation_alias="TWILIO_API_BASE_URL")
    # Without a verified sender address email goes to the local outbox.
    ses_from_address: str = Field("", validation_alias="SES_FROM_ADDRESS")
    ses_configuration_set: str = Field("", validation_alias="SES_CONFIGURATION_SET")
    # How long a claimed send is left alone before a retry checks it; below the queue's visibility timeout.
    notification_lease_seconds: int = Field(300, validation_alias="NOTIFICATION_LEASE_SECONDS")
    # Defaults of a salon that has not set its own (JSON lists of ISO 8601 durations in the environment).
    default_reminders_before: list[timedelta] = Field(
        [timedelta(hours=24), timedelta(hours=2)], validation_alias="DEFAULT_REMINDERS_BEFORE"
    )
    default_no_show_grace: timedelta = Field(timedelta(minutes=15), validation_alias="DEFAULT_NO_SHOW_GRACE")
    default_follow_up_after: timedelta = Field(timedelta(hours=2), validation_alias="DEFAULT_FOLLOW_UP_AFTER")
    default_quiet_hours_start: time = Field(time(21), validation_alias="DEFAULT_QUIET_HOURS_START")
    default_quiet_hours_end: time = Field(time(8), validation_alias="DEFAULT_QUIET_HOURS_END")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
