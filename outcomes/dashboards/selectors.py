"""What the dashboards show: read from the stored snapshots, never computed on the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from centres.models import Centre
from families.models import TargetGroup
from outcomes.indicators.definitions import INDICATORS, Indicator
from outcomes.indicators.periods import Period, recent_periods
from outcomes.models import IndicatorSnapshot
from outcomes.models.indicators import Scope

HEADLINE = ("R1", "R2", "R3", "R4", "R6")
TREND_PERIODS = 8


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


def figure(snapshot: IndicatorSnapshot | None, *, suppress: bool) -> Figure | None:
    if snapshot is None:
        return None
    indicator = INDICATORS[snapshot.indicator]
    threshold = settings.SMALL_NUMBER_THRESHOLD
    counts = [n for n in (snapshot.numerator, snapshot.denominator) if n is not None]
    small = suppress and indicator.unit != "points" and any(0 < n < threshold for n in counts)
    return Figure(
        indicator=indicator,
        numerator=None if small else snapshot.numerator,
        denominator=None if small else snapshot.denominator,
        value=None if small else snapshot.value,
        suppressed=small,
        computed_at=snapshot.computed_at,
    )


def dashboard(
    *, user: Any, period: Period, centres: list[Centre], suppress: bool, single_centre: bool = False
) -> dict[str, Any]:
    """Headline figures for the authority and for each centre's reach area, and the reach
    trend: two queries whatever the number of centres."""
    ids = [c.pk for c in centres]
    scope = Q(scope=Scope.AUTHORITY, scope_id=0) | Q(scope=Scope.REACH_AREA, scope_id__in=ids)
    rows = IndicatorSnapshot.objects.filter(
        scope,
        period_kind=period.kind,
        period_start=period.start,
        indicator__in=HEADLINE,
        split__in=["", "deprivation:deprived", "deprivation:other"],
    )
    found: dict[tuple[str, int, str, str], IndicatorSnapshot] = {
        (r.scope, r.scope_id, r.indicator, r.split): r for r in rows
    }

    def line(scope_name: str, scope_id: int) -> dict[str, Any]:
        return {code: figure(found.get((scope_name, scope_id, code, "")), suppress=suppress) for code in HEADLINE} | {
            "R3_deprived": figure(found.get((scope_name, scope_id, "R3", "deprivation:deprived")), suppress=suppress),
            "R3_other": figure(found.get((scope_name, scope_id, "R3", "deprivation:other")), suppress=suppress),
        }

    periods = recent_periods(period.kind, TREND_PERIODS, until=period.start)
    trend_rows = IndicatorSnapshot.objects.filter(
        scope, indicator="R3", split="", period_kind=period.kind, period_start__in=[p.start for p in periods]
    )
    trend: dict[tuple[str, int], dict[date, IndicatorSnapshot]] = {}
    for r in trend_rows:
        trend.setdefault((r.scope, r.scope_id), {})[r.period_start] = r
    # Target-group reach (R5) for the first scope shown: the authority, or the one centre.
    group_scope = (Scope.REACH_AREA, ids[0]) if len(ids) == 1 and single_centre else (Scope.AUTHORITY, 0)
    group_rows = IndicatorSnapshot.objects.filter(
        scope=group_scope[0],
        scope_id=group_scope[1],
        indicator="R5",
        period_kind=period.kind,
        period_start=period.start,
    ).order_by("split")
    groups = [
        {"label": TargetGroup(r.split.removeprefix("group:")).label, "figure": figure(r, suppress=suppress)}
        for r in group_rows
        if r.split.removeprefix("group:") in TargetGroup.values
    ]
    computed = [r.computed_at for r in found.values()]
    return {
        "authority": line(Scope.AUTHORITY, 0),
        "centres": [{"centre": c, **line(Scope.REACH_AREA, c.pk)} for c in centres],
        "trend_periods": periods,
        "trend": [
            {
                "label": label,
                "figures": [figure(trend.get(key, {}).get(p.start), suppress=suppress) for p in periods],
            }
            for label, key in [("Authority", (Scope.AUTHORITY, 0))]
            + [(c.name, (Scope.REACH_AREA, c.pk)) for c in centres]
        ],
        "groups": groups,
        "computed_at": max(computed) if computed else None,
        "definitions": [INDICATORS[code] for code in HEADLINE],
    }
