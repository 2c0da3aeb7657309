"""Configuration, read once from the environment that template.yaml (or the local runner) sets."""

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
