"""Busy time read from day ledgers: what still blocks each specialist and resource at `now`."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from parlour.availability.ledger import DayLedger, Interval, OwnerKind
from parlour.availability.timeline import Timeline

Owner = tuple[OwnerKind, str]


@dataclass(frozen=True, order=True)
class BusyEntry:
    """One appointment blocking one owner's time (a conflict when it overlaps a requested slot)."""

    start: datetime
    end: datetime
    owner_kind: OwnerKind
    owner_id: str
    appointment_id: str

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)


class BusyIndex:
    """Blocking entries per owner, deduplicated (an entry crossing UTC midnight sits in two ledgers).

    Expired holds and the appointments in `ignore` (a reschedule's own old entry) do not block.
    """

    def __init__(self, ledgers: Iterable[DayLedger], now: datetime, ignore: Iterable[str] = ()):
        self._now = now
        self._ignore = frozenset(ignore)
        # Grouped by owner now, read lazily: a query touches only its candidates and resources.
        self._ledgers: dict[Owner, list[DayLedger]] = defaultdict(list)
        for ledger in ledgers:
            self._ledgers[(ledger.owner_kind, ledger.owner_id)].append(ledger)
        self._entries: dict[Owner, list[BusyEntry]] = {}
        self._timelines: dict[Owner, Timeline] = {}

    def entries(self, kind: OwnerKind, owner_id: str) -> list[BusyEntry]:
        owner = (kind, owner_id)
        if owner not in self._entries:
            self._entries[owner] = sorted(
                {
                    BusyEntry(
                        entry.start.astimezone(UTC),
                        entry.end.astimezone(UTC),
                        kind,
                        owner_id,
                        entry.appointment_id,
                    )
                    for ledger in self._ledgers.get(owner, ())
                    for entry in ledger.blocking(self._now)
                    if entry.appointment_id not in self._ignore
                }
            )
        return self._entries[owner]

    def timeline(self, kind: OwnerKind, owner_id: str) -> Timeline:
        owner = (kind, owner_id)
        if owner not in self._timelines:
            self._timelines[owner] = Timeline(entry.interval for entry in self.entries(kind, owner_id))
        return self._timelines[owner]

    def conflicts(self, kind: OwnerKind, owner_id: str, interval: Interval) -> list[BusyEntry]:
        return [
            entry for entry in self._entries.get((kind, owner_id), ()) if entry.interval.overlaps(interval)
        ]
