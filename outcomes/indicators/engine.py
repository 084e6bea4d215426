"""Computing indicators and storing them as snapshots.

Each indicator and period is computed by aggregation in the database (a fixed number of
queries, whatever the number of families) and written in one transaction by upsert on the
snapshot's unique key, so a rerun replaces and never duplicates, and a run stopped half way
leaves every snapshot either as it was or complete.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from centres.area_selectors import release_for
from centres.models import Centre
from families.models import TargetGroup
from outcomes.indicators.activity import compute_activity_indicators
from outcomes.indicators.area import AreaCounts, Cells, area_counts, group_counts
from outcomes.indicators.births import compute_birth_indicators
from outcomes.indicators.community import compute_community_indicators
from outcomes.indicators.definitions import INDICATORS
from outcomes.indicators.health import compute_health_indicators
from outcomes.indicators.instruments import compute_instrument_indicators
from outcomes.indicators.partnerships import compute_partnership_indicators
from outcomes.indicators.periods import Period
from outcomes.indicators.quality import compute_quality_indicators
from outcomes.indicators.spend import compute_spend_indicators
from outcomes.models import IndicatorSnapshot
from outcomes.models.indicators import Scope
from outcomes.pbr.compute import compute_pbr

AUTHORITY = 0
SPLITS = {0: "deprivation:other", 1: "deprivation:deprived"}


def _sum(cells: Iterable[AreaCounts]) -> AreaCounts:
    total = AreaCounts()
    for cell in cells:
        total.population += cell.population
        total.registered += cell.registered
        total.engaged += cell.engaged
        total.sustained += cell.sustained
    return total


def _rate(numerator: int, denominator: int) -> Decimal | None:
    return Decimal(numerator) / Decimal(denominator) if denominator else None


def _area_rows(
    scope: str, scope_id: int, cells: dict[int, AreaCounts]
) -> list[tuple[str, str, Decimal, Decimal | None]]:
    """(indicator, split, numerator, denominator) rows for one area, all its splits included."""
    rows: list[tuple[str, str, Decimal, Decimal | None]] = []
    overall = _sum(cells.values())
    parts = {"": overall} | {SPLITS[d]: cells.get(d, AreaCounts()) for d in (0, 1)}
    for split, c in parts.items():
        rows += [
            ("R1", split, Decimal(c.population), None),
            ("R2", split, Decimal(c.registered), Decimal(c.population)),
            ("R3", split, Decimal(c.engaged), Decimal(c.population)),
            ("R4", split, Decimal(c.sustained), Decimal(c.population)),
        ]
    deprived, other = parts[SPLITS[1]], parts[SPLITS[0]]
    deprived_rate, other_rate = _rate(deprived.engaged, deprived.population), _rate(other.engaged, other.population)
    if deprived_rate is not None and other_rate is not None:
        rows.append(("R6", "", (deprived_rate - other_rate) * 100, None))
    return rows


def _group_rows(groups: dict[str, int], cells: dict[int, AreaCounts]) -> list[tuple[str, str, Decimal, Decimal | None]]:
    """R5 for one area: per target group, the engaged under-fives in it over the group's known
    population (the 0-4 population of the deprived LSOAs) or, where no population is known, over
    all the engaged (the group's share of those reached)."""
    engaged = sum(c.engaged for c in cells.values())
    rows: list[tuple[str, str, Decimal, Decimal | None]] = []
    for group in sorted(TargetGroup.values):
        if group == TargetGroup.DEPRIVED_AREA:
            deprived = cells.get(1, AreaCounts())
            rows.append(("R5", f"group:{group}", Decimal(deprived.engaged), Decimal(deprived.population)))
        else:
            rows.append(("R5", f"group:{group}", Decimal(groups.get(group, 0)), Decimal(engaged)))
    return rows


def compute_area_indicators(*, period: Period) -> int:
    """R1 to R6 for every reach area and the authority, for one period. Returns rows written."""
    vintage = settings.LSOA_VINTAGE
    cells: Cells = area_counts(
        period=period,
        vintage=vintage,
        release=release_for(vintage),
        sustained=settings.INDICATOR_SUSTAINED_CONTACTS,
    )
    by_group: dict[int, dict[str, int]] = {}
    for (centre_id, group), engaged in group_counts(
        period=period, vintage=vintage, release=release_for(vintage)
    ).items():
        by_group.setdefault(centre_id, {})[group] = engaged
    by_centre: dict[int, dict[int, AreaCounts]] = {}
    for (centre_id, deprived), counts in cells.items():
        by_centre.setdefault(centre_id, {})[deprived] = counts
    rows: list[tuple[str, int, str, str, Decimal, Decimal | None]] = []
    # Every centre with a reach area gets figures, 0 of 0 included, so an empty one shows as such.
    for centre_id in Centre.objects.filter(reach_area__isnull=False).values_list("pk", flat=True):
        area = by_centre.get(centre_id, {})
        rows += [(Scope.REACH_AREA, centre_id, *row) for row in _area_rows(Scope.REACH_AREA, centre_id, area)]
        rows += [(Scope.REACH_AREA, centre_id, *row) for row in _group_rows(by_group.get(centre_id, {}), area)]
    # The authority: every LSOA of its districts, in a reach area or not (centre 0).
    authority: dict[int, AreaCounts] = {0: _sum([]), 1: _sum([])}
    for (_, deprived), counts in cells.items():
        authority[deprived] = _sum([authority[deprived], counts])
    rows += [(Scope.AUTHORITY, AUTHORITY, *row) for row in _area_rows(Scope.AUTHORITY, AUTHORITY, authority)]
    whole: dict[str, int] = {}
    for groups in by_group.values():
        for group, engaged in groups.items():
            whole[group] = whole.get(group, 0) + engaged
    rows += [(Scope.AUTHORITY, AUTHORITY, *row) for row in _group_rows(whole, authority)]
    return write_snapshots(period=period, rows=rows)


@transaction.atomic
def write_snapshots(*, period: Period, rows: list[tuple[str, int, str, str, Decimal, Decimal | None]]) -> int:
    """Upsert the rows of one computation: all of them, or (on failure) none."""
    now = timezone.now()
    snapshots = [
        IndicatorSnapshot(
            indicator=indicator,
            version=INDICATORS[indicator].version,
            scope=scope,
            scope_id=scope_id,
            period_kind=period.kind,
            period_start=period.start,
            period_end=period.end,
            split=split,
            numerator=numerator,
            denominator=denominator,
            computed_at=now,
        )
        for scope, scope_id, indicator, split, numerator, denominator in rows
    ]
    IndicatorSnapshot.objects.bulk_create(
        snapshots,
        update_conflicts=True,
        unique_fields=["indicator", "version", "scope", "scope_id", "period_kind", "period_start", "split"],
        update_fields=["numerator", "denominator", "period_end", "computed_at"],
        batch_size=1000,
    )
    return len(snapshots)


# The computations, each covering a family of indicators for all scopes of one period, in
# order: a computation may read the snapshots of those before it in the same refresh.
COMPUTATIONS = [
    compute_area_indicators,
    compute_birth_indicators,
    compute_instrument_indicators,
    compute_health_indicators,
    compute_partnership_indicators,
    compute_community_indicators,
    compute_spend_indicators,
    compute_activity_indicators,
    compute_quality_indicators,
]
# Payment by results reads the snapshots written above, so it stays last (outcomes/pbr/).
COMPUTATIONS.append(compute_pbr)


@transaction.atomic
def compute_period(*, period: Period) -> int:
    """Every computation of one period in one transaction: a worker killed half way through a
    period leaves that period's snapshots exactly as they were (tests/test_resilience.py)."""
    return sum(compute(period=period) for compute in COMPUTATIONS)
