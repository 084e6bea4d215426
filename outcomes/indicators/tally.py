"""Shaping aggregated counts into snapshot rows: a small pure helper the computations share.

A computation runs its fixed number of grouped queries, adds each group's numerator and
denominator to a Tally under its scope, and asks for the rows. Every scope the caller names
gets every split it names, 0 of 0 where nothing was counted, so an empty centre shows as such.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import connection

from outcomes.indicators.definitions.base import AUTHORITY, CENTRE, REACH_AREA

# (scope, scope_id, indicator, split, numerator, denominator)
Row = tuple[str, int, str, str, Decimal, Decimal | None]
AUTHORITY_ID = 0
DEPRIVATION = {0: "deprivation:other", 1: "deprivation:deprived"}


def dec(value: Any) -> Decimal:
    """A database number (int, float, Decimal, None) as a Decimal; None is 0."""
    if value is None:
        return Decimal(0)
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


def fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


class Tally:
    """Numerators and denominators by (scope, scope id, split)."""

    def __init__(self) -> None:
        self.cells: dict[tuple[str, int, str], list[Decimal]] = {}

    def add(self, scope: str, scope_id: int, split: str, numerator: Any, denominator: Any = 0) -> None:
        cell = self.cells.setdefault((scope, scope_id, split), [Decimal(0), Decimal(0)])
        cell[0] += dec(numerator)
        cell[1] += dec(denominator)

    def add_area(self, centre_id: int, split: str, numerator: Any, denominator: Any = 0) -> None:
        """A count of residents: to the reach area holding them (centre 0: in none) and to the
        authority."""
        if centre_id:
            self.add(REACH_AREA, centre_id, split, numerator, denominator)
        self.add(AUTHORITY, AUTHORITY_ID, split, numerator, denominator)

    def add_centre(self, centre_id: int, split: str, numerator: Any, denominator: Any = 0) -> None:
        """A count of a centre's own activity: to the centre and to the authority (for counts
        that add up; distinct counts across centres are added to the authority separately)."""
        self.add(CENTRE, centre_id, split, numerator, denominator)
        self.add(AUTHORITY, AUTHORITY_ID, split, numerator, denominator)

    def get(self, scope: str, scope_id: int, split: str) -> tuple[Decimal, Decimal]:
        numerator, denominator = self.cells.get((scope, scope_id, split), (Decimal(0), Decimal(0)))
        return numerator, denominator

    def splits(self, prefix: str) -> set[str]:
        return {split for (_, _, split) in self.cells if split.startswith(f"{prefix}:")}

    def present_rows(self, indicator: str, prefix: str, *, denominator: bool = True) -> list[Row]:
        """Rows for the splits with this prefix that have something counted, scope by scope
        (a partner's referrals only where it referred: no rows of zeros for every pairing)."""
        return [
            (scope, scope_id, indicator, split, numerator, base if denominator else None)
            for (scope, scope_id, split), (numerator, base) in sorted(self.cells.items())
            if split.startswith(f"{prefix}:")
        ]

    def rows(
        self,
        indicator: str,
        scopes: Iterable[tuple[str, int]],
        *,
        splits: Iterable[str] = ("",),
        denominator: bool = True,
    ) -> list[Row]:
        """One row per scope and split; the denominator left out (None) for plain counts."""
        wanted = list(dict.fromkeys(splits))
        rows: list[Row] = []
        for scope, scope_id in scopes:
            for split in wanted:
                numerator, base = self.get(scope, scope_id, split)
                rows.append((scope, scope_id, indicator, split, numerator, base if denominator else None))
        return rows


def area_scopes(reach_area_ids: Iterable[int]) -> list[tuple[str, int]]:
    return [(REACH_AREA, pk) for pk in reach_area_ids] + [(AUTHORITY, AUTHORITY_ID)]


def centre_scopes(centre_ids: Iterable[int]) -> list[tuple[str, int]]:
    return [(CENTRE, pk) for pk in centre_ids] + [(AUTHORITY, AUTHORITY_ID)]


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    return numerator / denominator if denominator else None


def gap_points(first: tuple[Decimal, Decimal], second: tuple[Decimal, Decimal]) -> Decimal | None:
    """The first rate minus the second, in percentage points; None when either is 0 of 0."""
    a, b = rate(*first), rate(*second)
    return None if a is None or b is None else (a - b) * 100


def gap_row(scope: str, scope_id: int, indicator: str, value: Decimal | None, split: str = "") -> Row:
    """A figure with no denominator (a gap, an effect size); 0 of 0 when it cannot be worked out,
    so that a rerun replaces an earlier figure rather than leaving it."""
    if value is None:
        return (scope, scope_id, indicator, split, Decimal(0), Decimal(0))
    return (scope, scope_id, indicator, split, value.quantize(Decimal("0.0001")), None)


def reach_area_centre_ids() -> list[int]:
    """Centres with a reach area: each gets area figures, 0 of 0 included."""
    from centres.models import Centre

    return list(Centre.objects.filter(reach_area__isnull=False).order_by("pk").values_list("pk", flat=True))


def all_centre_ids() -> list[int]:
    """Every centre gets its own activity figures, 0 included (a closed one's past periods too)."""
    from centres.models import Centre

    return list(Centre.objects.order_by("pk").values_list("pk", flat=True))
