"""Availability for clients and staff: free slots of a variant over local days, from the day ledgers."""

from datetime import date, datetime

from pydantic import BaseModel

from parlour.availability import engine
from parlour.booking.service import context, location_for, owner_refs
from parlour.errors import InvalidInput
from parlour.store import bookings as store
from parlour.store.catalog import load_catalog


class Availability(BaseModel):
    salon_id: str
    location_id: str
    time_zone: str
    service_id: str
    variant_id: str
    first_day: date
    last_day: date
    slots: list[engine.Slot]


def free_slots(
    salon_id: str,
    *,
    service_id: str,
    variant_id: str,
    first_day: date,
    last_day: date,
    now: datetime,
    location_id: str | None = None,
    staff_id: str | None = None,
    channel: engine.Channel = engine.Channel.online,
) -> Availability:
    """Free slots on local days first_day..last_day (at most 31): one catalog query, one ledger batch read."""
    for field, day in (("from", first_day), ("to", last_day)):
        if day.year not in engine.SANE_YEARS:
            raise InvalidInput(field, "ask for days between the years 2000 and 2200")
    if last_day < first_day:
        raise InvalidInput("to", "the last day must not be before the first day")
    if (last_day - first_day).days + 1 > engine.MAX_RANGE_DAYS:
        raise InvalidInput("to", f"ask for at most {engine.MAX_RANGE_DAYS} days at a time")
    catalog = load_catalog(salon_id)
    location = location_for(catalog, service_id, location_id)
    ctx = context(catalog, service_id, variant_id, location, channel)
    days = engine.ledger_days_needed([location.time_zone], first_day, last_day)
    ledgers = store.read_ledgers(salon_id, owner_refs(ctx, staff_id, sorted(days)))
    slots = engine.find_slots(ctx, first_day, last_day, ledgers.values(), now, staff_id=staff_id)
    return Availability(
        salon_id=salon_id,
        location_id=location.id,
        time_zone=location.time_zone,
        service_id=service_id,
        variant_id=variant_id,
        first_day=first_day,
        last_day=last_day,
        slots=slots,
    )
