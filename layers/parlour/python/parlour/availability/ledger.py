"""Day ledgers: the busy intervals of one specialist or one resource for one UTC day.

A ledger is the unit of optimistic concurrency: every booking write updates the ledgers it
touches with `version = :read_version`, so two writers can never both take the same time.
Ledger days are UTC days: a specialist working in two zones still has one timeline, and an
interval crossing UTC midnight is written to both days it touches.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class OwnerKind(StrEnum):
    staff = "STAFF"
    resource = "RESOURCE"


@dataclass(frozen=True, order=True)
class Interval:
    """Half-open [start, end) in UTC."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("interval bounds must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("interval end must be after its start")

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Interval") -> bool:
        return self.start <= other.start and other.end <= self.end

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


def utc_days(interval: Interval) -> list[date]:
    """Every UTC day the interval touches (an end exactly at midnight does not touch the next day)."""
    first = interval.start.astimezone(UTC).date()
    last = (interval.end.astimezone(UTC) - timedelta(microseconds=1)).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


class LedgerEntry(BaseModel):
    """One appointment's hold on this owner's time. A hold with a past expiry no longer blocks."""

    model_config = ConfigDict(frozen=True)

    appointment_id: str
    start: AwareDatetime
    end: AwareDatetime
    hold_expires_at: AwareDatetime | None = None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)

    def blocks(self, now: datetime) -> bool:
        return self.hold_expires_at is None or self.hold_expires_at > now


class DayLedger(BaseModel):
    model_config = ConfigDict(frozen=True)

    owner_kind: OwnerKind
    owner_id: str
    day: date
    # 0 means the ledger item does not exist yet (the write then requires attribute_not_exists).
    version: int = 0
    entries: tuple[LedgerEntry, ...] = Field(default_factory=tuple)

    def blocking(self, now: datetime) -> list[LedgerEntry]:
        return [entry for entry in self.entries if entry.blocks(now)]

    def conflicts(
        self, interval: Interval, now: datetime, ignore: frozenset[str] = frozenset()
    ) -> list[LedgerEntry]:
        """Entries that block `interval` (an appointment being moved ignores its own entry)."""
        return [
            entry
            for entry in self.blocking(now)
            if entry.appointment_id not in ignore and entry.interval.overlaps(interval)
        ]

    def with_entry(self, entry: LedgerEntry) -> "DayLedger":
        kept = tuple(existing for existing in self.entries if existing.appointment_id != entry.appointment_id)
        return self.model_copy(update={"entries": tuple(sorted((*kept, entry), key=lambda e: e.start))})

    def without(self, appointment_id: str) -> "DayLedger":
        return self.model_copy(
            update={"entries": tuple(e for e in self.entries if e.appointment_id != appointment_id)}
        )

    def booked_minutes(self, now: datetime) -> int:
        return sum(entry.interval.minutes for entry in self.blocking(now))
