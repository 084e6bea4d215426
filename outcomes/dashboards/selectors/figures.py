"""Figures from the stored snapshots: small numbers suppressed, current definitions only, targets."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from outcomes.dashboards.tables import Cell, target_for
from outcomes.indicators.definitions import INDICATORS, Indicator
from outcomes.indicators.periods import Period
from outcomes.models import IndicatorSnapshot, IndicatorTarget


@dataclass(frozen=True)
class Figure:
    """One figure as a reader sees it: suppressed where it is a small number."""

    indicator: Indicator
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    suppressed: bool
    computed_at: Any

    @property
    def percent(self) -> Decimal | None:
        return None if self.value is None or self.indicator.unit != "rate" else self.value * 100

    @property
    def display_value(self) -> Decimal | None:
        """The figure in the indicator's display unit: a percentage for a rate, the count itself
        for a count (its denominator is only a base), else the value (a mean, pounds per family)."""
        unit = self.indicator.unit
        if unit == "rate":
            return self.percent
        if unit == "count":
            return self.numerator
        return self.value


# Which of a snapshot's numbers count people, and so are suppressed when small. A points or days
# figure (a gap, a median) is not a count of anyone; a mean's or a per-family amount's
# denominator is.
PEOPLE = {"count": (0, 1), "rate": (0, 1), "mean": (1,), "money": (1,), "hours": (1,)}


def figure(snapshot: IndicatorSnapshot | None, *, suppress: bool) -> Figure | None:
    if snapshot is None or snapshot.indicator not in INDICATORS:
        return None
    indicator = INDICATORS[snapshot.indicator]
    threshold = settings.SMALL_NUMBER_THRESHOLD
    numbers = (snapshot.numerator, snapshot.denominator)
    counts = [n for n in (numbers[i] for i in PEOPLE.get(indicator.unit, ())) if n is not None]
    small = suppress and any(0 < n < threshold for n in counts)
    return Figure(
        indicator=indicator,
        numerator=None if small else snapshot.numerator,
        denominator=None if small else snapshot.denominator,
        value=None if small else snapshot.value,
        suppressed=small,
        computed_at=snapshot.computed_at,
    )


Key = tuple[str, str, int, str]  # (indicator, scope, scope_id, split)


def current_snapshots(rows: Iterable[IndicatorSnapshot]) -> list[IndicatorSnapshot]:
    """Only snapshots of an indicator's current definition: old and new versions never mix."""
    return [r for r in rows if r.indicator in INDICATORS and r.version == INDICATORS[r.indicator].version]


def active_targets(period: Period) -> dict[Key, IndicatorTarget]:
    """The targets in force for the period, keyed like the snapshots (the newest wins)."""
    rows = (
        IndicatorTarget.objects.filter(period_kind=period.kind, active_from__lte=period.end)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=period.start))
        .order_by("active_from", "pk")
    )
    return {(t.indicator, t.scope, t.scope_id, t.split): t for t in rows}


class Sheet:
    """The snapshots of one period for a set of scopes, with the lookups to make cells of them."""

    def __init__(
        self, rows: Iterable[IndicatorSnapshot], *, suppress: bool, targets: dict[Key, IndicatorTarget]
    ) -> None:
        self.found: dict[Key, IndicatorSnapshot] = {(r.indicator, r.scope, r.scope_id, r.split): r for r in rows}
        self.suppress = suppress
        self.targets = targets

    def figure(self, key: Key) -> Figure | None:
        return figure(self.found.get(key), suppress=self.suppress)

    def cell(self, key: Key, **extra: Any) -> Cell:
        f = self.figure(key)
        return Cell(figure=f, target=target_for(self.targets, f, key), **extra)

    @property
    def computed_at(self) -> Any:
        times = [r.computed_at for r in self.found.values()]
        return max(times) if times else None
