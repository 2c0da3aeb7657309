"""Data access for appointments, their history, day ledgers and clients.

Every state change is one TransactWriteItems: the appointment (conditioned on its version), each
touched day ledger (conditioned on the version that was read, or on not existing yet) and the
history item. Either all of it is stored or none of it.
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from botocore.exceptions import ClientError

from parlour.availability.ledger import DayLedger, LedgerEntry, OwnerKind
from parlour.booking.models import Appointment, Client, HistoryEvent, Status
from parlour.store import keys
from parlour.store.conditions import version_condition
from parlour.store.table import client, table

LedgerRef = tuple[OwnerKind, str, date]
_BATCH_GET_LIMIT = 100


# Cancellation reasons that mean another writer got there first ("None": this item was fine).
_LOST_RACE = frozenset({"None", "ConditionalCheckFailed", "TransactionConflict"})


class TransactionConflict(Exception):
    """The transaction lost a race: something it read has changed. Re-read and try again."""

    def __init__(self, reasons: list[str]):
        super().__init__(", ".join(reasons))
        self.reasons = reasons


# ---- ledgers -------------------------------------------------------------------------------------


def _ledger_from_item(item: dict[str, Any]) -> DayLedger:
    return DayLedger(
        owner_kind=OwnerKind(item["owner_kind"]),
        owner_id=item["owner_id"],
        day=date.fromisoformat(item["day"]),
        version=int(item["version"]),
        entries=tuple(
            LedgerEntry(appointment_id=e["a"], start=e["s"], end=e["e"], hold_expires_at=e.get("h"))
            for e in item.get("entries", [])
        ),
    )


def _ledger_item(salon_id: str, ledger: DayLedger, version: int) -> dict[str, Any]:
    entries = []
    for entry in ledger.entries:
        stored = {"a": entry.appointment_id, "s": entry.start.isoformat(), "e": entry.end.isoformat()}
        if entry.hold_expires_at is not None:
            stored["h"] = entry.hold_expires_at.isoformat()
        entries.append(stored)
    return {
        **keys.ledger_key(salon_id, ledger.owner_kind.value, ledger.owner_id, ledger.day),
        "type": "ledger",
        "owner_kind": ledger.owner_kind.value,
        "owner_id": ledger.owner_id,
        "day": ledger.day.isoformat(),
        "version": version,
        "entries": entries,
    }


def read_ledgers(salon_id: str, refs: Iterable[LedgerRef]) -> dict[LedgerRef, DayLedger]:
    """The day ledgers for refs, by BatchGetItem; a ledger never written comes back empty at version 0."""
    wanted = sorted(set(refs))
    found: dict[LedgerRef, DayLedger] = {
        ref: DayLedger(owner_kind=ref[0], owner_id=ref[1], day=ref[2]) for ref in wanted
    }
    name = table().name
    for offset in range(0, len(wanted), _BATCH_GET_LIMIT):
        request = {
            name: {
                "Keys": [
                    keys.ledger_key(salon_id, kind.value, owner, day)
                    for kind, owner, day in wanted[offset : offset + _BATCH_GET_LIMIT]
                ],
                "ConsistentRead": True,
            }
        }
        while request:
            answer = client().batch_get_item(RequestItems=request)
            for item in answer["Responses"].get(name, []):
                ledger = _ledger_from_item(item)
                found[(ledger.owner_kind, ledger.owner_id, ledger.day)] = ledger
            request = answer.get("UnprocessedKeys") or {}
    return found


def _ledger_write(salon_id: str, ledger: DayLedger) -> dict[str, Any]:
    """Put the new state of a ledger, only if nobody changed it since it was read at ledger.version."""
    item = _ledger_item(salon_id, ledger, ledger.version + 1)
    return {"Put": {"TableName": table().name, "Item": item, **version_condition(ledger.version)}}


# ---- appointments --------------------------------------------------------------------------------


def _appointment_item(appointment: Appointment, local_day: date) -> dict[str, Any]:
    item = appointment.model_dump(mode="json", exclude_none=True)
    start = appointment.start.isoformat()
    return {
        **item,
        "pk": keys.appointment_pk(appointment.salon_id, appointment.id),
        "sk": keys.APPOINTMENT_SK,
        "type": "appointment",
        "local_day": local_day.isoformat(),
        "gsi1pk": keys.location_day_gsi(appointment.salon_id, appointment.location_id, local_day),
        "gsi1sk": f"{start}#{appointment.id}",
        "gsi2pk": keys.staff_gsi(appointment.salon_id, appointment.staff_id),
        "gsi2sk": f"{start}#{appointment.id}",
        "gsi3pk": keys.client_gsi(appointment.salon_id, appointment.client_id),
        "gsi3sk": f"{start}#{appointment.id}",
    }


def _history_put(salon_id: str, event: HistoryEvent) -> dict[str, Any]:
    return {
        "Put": {
            "TableName": table().name,
            "Item": {
                **event.model_dump(mode="json", exclude_none=True),
                "pk": keys.appointment_pk(salon_id, event.appointment_id),
                "sk": keys.history_sk(event.version),
                "type": "history",
            },
            "ConditionExpression": "attribute_not_exists(pk)",
        }
    }


def _transact(items: list[dict[str, Any]]) -> None:
    try:
        client().transact_write_items(TransactItems=items)
    except ClientError as error:
        if error.response["Error"]["Code"] != "TransactionCanceledException":
            raise
        reasons = [reason.get("Code", "None") for reason in error.response.get("CancellationReasons", [])]
        if any(reason not in _LOST_RACE for reason in reasons):
            raise  # throttling, validation, item size: not a race, so retrying would not help
        raise TransactionConflict(reasons or ["TransactionCanceled"]) from error


def _hold_marker_key(appointment: Appointment) -> dict[str, str] | None:
    """Where a held appointment waits for the hold sweeper; None when it is not held."""
    if appointment.status is not Status.held or appointment.hold_expires_at is None:
        return None
    expires = appointment.hold_expires_at.astimezone(UTC).isoformat()
    return keys.hold_marker_key(expires, appointment.salon_id, appointment.id)


def _hold_marker_writes(previous: Appointment | None, appointment: Appointment) -> list[dict[str, Any]]:
    before = _hold_marker_key(previous) if previous else None
    after = _hold_marker_key(appointment)
    if before == after:
        return []
    writes: list[dict[str, Any]] = []
    if before:
        writes.append({"Delete": {"TableName": table().name, "Key": before}})
    if after:
        item = {**after, "type": "hold", "salon_id": appointment.salon_id, "appointment_id": appointment.id}
        writes.append({"Put": {"TableName": table().name, "Item": item}})
    return writes


def save_appointment(
    appointment: Appointment,
    *,
    local_day: date,
    previous: Appointment | None,
    ledgers: list[DayLedger],
    history: HistoryEvent,
) -> None:
    """Store an appointment's new state with the ledgers it changes and its history, atomically.

    previous None creates the appointment (it must not exist); otherwise the stored item must still be
    at previous.version. Each ledger carries the version it was read at and its new entries. A held
    appointment also has a marker the hold sweeper finds by expiry, kept in step here.
    """
    put = {
        "TableName": table().name,
        "Item": _appointment_item(appointment, local_day),
        **version_condition(previous.version if previous else 0),
    }
    items: list[dict[str, Any]] = [{"Put": put}]
    items += [_ledger_write(appointment.salon_id, ledger) for ledger in ledgers]
    items.append(_history_put(appointment.salon_id, history))
    items += _hold_marker_writes(previous, appointment)
    _transact(items)


def due_holds(now: datetime, limit: int) -> list[tuple[str, str]]:
    """(salon id, appointment id) of holds that expired by `now`, oldest first."""
    answer = table().query(
        KeyConditionExpression="pk = :holds AND sk <= :now",
        ExpressionAttributeValues={":holds": keys.HOLDS_PK, ":now": now.astimezone(UTC).isoformat() + "~"},
        Limit=limit,
    )
    return [(item["salon_id"], item["appointment_id"]) for item in answer.get("Items", [])]


def get_appointment(salon_id: str, appointment_id: str) -> Appointment | None:
    answer = table().get_item(
        Key={"pk": keys.appointment_pk(salon_id, appointment_id), "sk": keys.APPOINTMENT_SK},
        ConsistentRead=True,
    )
    item = answer.get("Item")
    return Appointment.model_validate(item) if item else None


def get_history(salon_id: str, appointment_id: str) -> list[HistoryEvent]:
    answer = table().query(
        KeyConditionExpression="pk = :pk AND begins_with(sk, :history)",
        ExpressionAttributeValues={
            ":pk": keys.appointment_pk(salon_id, appointment_id),
            ":history": "HISTORY#",
        },
    )
    return [HistoryEvent.model_validate(item) for item in answer.get("Items", [])]


def _query_all(**kwargs: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    while True:
        answer = table().query(**kwargs)
        items += answer.get("Items", [])
        if "LastEvaluatedKey" not in answer:
            return items
        kwargs["ExclusiveStartKey"] = answer["LastEvaluatedKey"]


def appointments_of_location_day(salon_id: str, location_id: str, local_day: date) -> list[Appointment]:
    items = _query_all(
        IndexName="gsi1",
        KeyConditionExpression="gsi1pk = :day",
        ExpressionAttributeValues={":day": keys.location_day_gsi(salon_id, location_id, local_day)},
    )
    return [Appointment.model_validate(item) for item in items]


def appointments_of_staff(salon_id: str, staff_id: str, start_iso: str, end_iso: str) -> list[Appointment]:
    """A specialist's appointments starting in [start_iso, end_iso) (UTC ISO strings)."""
    items = _query_all(
        IndexName="gsi2",
        KeyConditionExpression="gsi2pk = :staff AND gsi2sk BETWEEN :from AND :to",
        ExpressionAttributeValues={
            ":staff": keys.staff_gsi(salon_id, staff_id),
            ":from": start_iso,
            ":to": end_iso,
        },
    )
    return [Appointment.model_validate(item) for item in items]


def appointments_of_client(salon_id: str, client_id: str) -> list[Appointment]:
    items = _query_all(
        IndexName="gsi3",
        KeyConditionExpression="gsi3pk = :client",
        ExpressionAttributeValues={":client": keys.client_gsi(salon_id, client_id)},
    )
    return [Appointment.model_validate(item) for item in items]


# ---- clients -------------------------------------------------------------------------------------


def find_client_id(salon_id: str, *, phone: str | None, email: str | None) -> str | None:
    for by, value in (("PHONE", phone), ("EMAIL", email)):
        if not value:
            continue
        item = (
            table()
            .get_item(Key=keys.client_lookup_key(salon_id, by, value.lower()), ConsistentRead=True)
            .get("Item")
        )
        if item:
            return item["client_id"]
    return None


def get_client(salon_id: str, client_id: str) -> Client | None:
    key = {"pk": keys.client_pk(salon_id, client_id), "sk": "PROFILE"}
    item = table().get_item(Key=key, ConsistentRead=True).get("Item")
    return Client.model_validate(item) if item else None


def create_client(new_client: Client) -> None:
    """Store a client and claim its phone and email; TransactionConflict if either is already taken."""
    salon_id = new_client.salon_id
    items: list[dict[str, Any]] = [
        {
            "Put": {
                "TableName": table().name,
                "Item": {
                    **new_client.model_dump(mode="json", exclude_none=True),
                    "pk": keys.client_pk(salon_id, new_client.id),
                    "sk": "PROFILE",
                    "type": "client",
                },
                "ConditionExpression": "attribute_not_exists(pk)",
            }
        }
    ]
    for by, value in (("PHONE", new_client.phone), ("EMAIL", new_client.email)):
        if value:
            items.append(
                {
                    "Put": {
                        "TableName": table().name,
                        "Item": {
                            **keys.client_lookup_key(salon_id, by, value.lower()),
                            "type": "client_lookup",
                            "client_id": new_client.id,
                        },
                        "ConditionExpression": "attribute_not_exists(pk)",
                    }
                }
            )
    _transact(items)
