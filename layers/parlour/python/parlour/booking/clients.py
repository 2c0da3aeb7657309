"""Clients of a salon, found or created by phone or email, with their appointment history."""

import uuid
from datetime import datetime

from parlour.booking.models import Appointment, Client, ClientDetails
from parlour.errors import NotFound
from parlour.store import bookings as store

_CREATE_ATTEMPTS = 3


def find_or_create(salon_id: str, details: ClientDetails, now: datetime) -> Client:
    """The salon's client with this phone or email, created if new. Safe under concurrent first bookings."""
    for _ in range(_CREATE_ATTEMPTS):
        existing_id = store.find_client_id(salon_id, phone=details.phone, email=details.email)
        if existing_id:
            existing = store.get_client(salon_id, existing_id)
            if existing:
                return existing
        candidate = Client(
            **details.model_dump(), id=f"cl_{uuid.uuid4().hex[:16]}", salon_id=salon_id, created_at=now
        )
        try:
            store.create_client(candidate)
            return candidate
        except store.TransactionConflict:
            continue  # another booking created this client a moment ago: read it back
    raise RuntimeError("could not find or create the client")  # only if lookups vanish between attempts


def client_with_history(salon_id: str, client_id: str) -> tuple[Client, list[Appointment]]:
    found = store.get_client(salon_id, client_id)
    if found is None:
        raise NotFound(f"no client {client_id} in this salon")
    return found, sorted(store.appointments_of_client(salon_id, client_id), key=lambda a: a.start)
