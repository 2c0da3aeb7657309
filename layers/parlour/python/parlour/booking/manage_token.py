"""Signed manage links: the client's key to view, cancel or reschedule one appointment, no account needed."""

from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from parlour.errors import Unauthorized
from parlour.settings import get_settings

_PURPOSE = "manage-appointment"
_ALGORITHM = "HS256"
# The signature outlives any appointment it can name (bookings open at most a year ahead, and a
# reschedule moves the visit without a new link); when a link stops working is decided from the stored
# appointment (see parlour.booking.self_service), not from the token.
_LIFETIME = timedelta(days=400)


@dataclass(frozen=True)
class ManageGrant:
    salon_id: str
    appointment_id: str


def issue(salon_id: str, appointment_id: str, now: datetime) -> str:
    claims = {
        "purpose": _PURPOSE,
        "salon": salon_id,
        "sub": appointment_id,
        "iat": int(now.timestamp()),
        "exp": int((now + _LIFETIME).timestamp()),
    }
    return jwt.encode(claims, get_settings().manage_token_secret.get_secret_value(), algorithm=_ALGORITHM)


def verify(token: str) -> ManageGrant:
    try:
        claims = jwt.decode(
            token,
            get_settings().manage_token_secret.get_secret_value(),
            algorithms=[_ALGORITHM],
            options={"require": ["exp", "sub", "salon", "purpose"]},
        )
    except jwt.ExpiredSignatureError as expired:
        raise Unauthorized("this manage link has expired; contact the salon") from expired
    except jwt.InvalidTokenError as invalid:
        raise Unauthorized("this manage link is not valid") from invalid
    if claims["purpose"] != _PURPOSE:
        raise Unauthorized("this manage link is not valid")
    return ManageGrant(salon_id=claims["salon"], appointment_id=claims["sub"])
