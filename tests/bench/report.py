"""Plain-text tables and the numbers in them: percentiles of timed runs, ratios, counts.

A dozen lines of table printing are kept here rather than adding a dependency (tabulate) for it.
"""

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

_T = TypeVar("_T")


@dataclass
class Table:
    title: str
    headers: Sequence[str]
    rows: list[Sequence[object]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text_columns: int = 1  # leading columns that name things (left-aligned); the rest are numbers

    def render(self) -> str:
        cells = [[str(header) for header in self.headers]] + [
            [_cell(value) for value in row] for row in self.rows
        ]
        widths = [max(len(row[column]) for row in cells) for column in range(len(self.headers))]

        def line(row: Sequence[str]) -> str:
            return "  ".join(
                value.ljust(width) if column < self.text_columns else value.rjust(width)
                for column, (value, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()

        rule = "-" * len(line(cells[0]))
        body = [line(row) for row in cells[1:]]
        return "\n".join([self.title, rule, line(cells[0]), rule, *body, rule, *self.notes])


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if value >= 10 else f"{value:.2f}"
    return str(value)


@dataclass(frozen=True)
class Timings:
    """Wall times of repeated runs, in milliseconds."""

    milliseconds: tuple[float, ...]

    @property
    def p50(self) -> float:
        return statistics.median(self.milliseconds)

    @property
    def p95(self) -> float:
        if len(self.milliseconds) < 2:
            return self.milliseconds[0]
        return statistics.quantiles(self.milliseconds, n=20, method="inclusive")[18]

    @property
    def total(self) -> float:
        return sum(self.milliseconds)


def timed(run: Callable[[], _T]) -> tuple[float, _T]:
    """Milliseconds one call took, and what it returned."""
    started = time.perf_counter()
    result = run()
    return (time.perf_counter() - started) * 1000, result


def repeat(count: int, run: Callable[[int], object]) -> Timings:
    """Time `run(0)` .. `run(count - 1)`, one after another."""
    return Timings(tuple(timed(lambda number=number: run(number))[0] for number in range(count)))


def spread(values: list[int]) -> str:
    """A count that should not vary between runs: one number, or low-high when it did."""
    low, high = min(values), max(values)
    return str(low) if low == high else f"{low}-{high}"


def percent(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"
