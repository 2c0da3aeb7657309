"""Run the bench sections one after another and print their tables."""

import sys
import time
from collections.abc import Callable

from tests.bench import availability, bookings, lifecycle, memory, price_lists, race
from tests.bench.report import Table

Section = Callable[[], list[Table]]

SECTIONS: list[tuple[str, Section]] = [
    ("availability", availability.run),
    ("bookings", bookings.run),
    ("race", race.run),
    ("price_lists", price_lists.run),
    ("lifecycle", lifecycle.run),
    ("memory", memory.run),
]


def main(names: list[str]) -> int:
    unknown = set(names) - {name for name, _ in SECTIONS}
    if unknown:
        print(f"no bench section {', '.join(sorted(unknown))}; sections: {', '.join(n for n, _ in SECTIONS)}")
        return 2
    for name, section in SECTIONS:
        if names and name not in names:
            continue
        started = time.perf_counter()
        tables = section()
        for table in tables:
            print(table.render(), end="\n\n", flush=True)
        print(f"[{name}: {time.perf_counter() - started:.1f} s]\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
