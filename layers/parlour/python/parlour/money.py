"""Money is an integer amount of the currency's minor unit plus an ISO 4217 code; never a float."""

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]


class Money(BaseModel):
    model_config = ConfigDict(frozen=True)

    amount: int = Field(description="Amount in the currency's minor unit (cents, grosze)")
    currency: CurrencyCode
