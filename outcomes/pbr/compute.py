"""Each active measure's achievement and payment for one period, from that period's snapshots.

Registered at the end of `outcomes.indicators.engine.COMPUTATIONS`, so a refresh writes the
indicators first and then the payments they earn. Two queries (the measures, their snapshots)
and one upsert, whatever the number of measures; a rerun replaces, never duplicates.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outcomes.indicators.definitions import INDICATORS
from outcomes.indicators.periods import Period
from outcomes.models import IndicatorSnapshot, PbRMeasure, PbRResult
from outcomes.models.targets import display_value, meets

PENNY = Decimal("0.01")


def earned(
    *, measure: PbRMeasure, numerator: Decimal | None, denominator: Decimal | None
) -> tuple[Decimal | None, Decimal | None, bool, Decimal]:
    """(achieved, ratio, reached, payment) for one measure: a pure function, tested by hand.

    A threshold measure pays its amount when the target is reached; a per-unit measure pays its
    amount for every unit of the numerator (each family or child counted) once the target is
    reached. 0 of 0, or no figure, reaches nothing and pays nothing."""
    indicator = INDICATORS.get(measure.indicator)
    achieved = display_value(indicator.unit if indicator else "count", numerator, denominator)
    reached = bool(meets(achieved, measure.target, measure.direction))
    ratio = None if achieved is None else (achieved / measure.target).quantize(Decimal("0.0001"))
    if not reached:
        payment = Decimal("0")
    elif measure.payment == PbRMeasure.Payment.PER_UNIT:
        payment = measure.amount * (numerator or 0)
    else:
        payment = measure.amount
    return achieved, ratio, reached, payment.quantize(PENNY, rounding=ROUND_HALF_UP)


def active_measures(period: Period) -> list[PbRMeasure]:
    return list(
        PbRMeasure.objects.filter(period_kind=period.kind, active_from__lte=period.end).filter(
            Q(active_to__isnull=True) | Q(active_to__gte=period.start)
        )
    )


@transaction.atomic
def compute_pbr(*, period: Period) -> int:
    measures = [m for m in active_measures(period) if m.indicator in INDICATORS]
    if not measures:
        return 0
    wanted = Q()
    for m in measures:
        wanted |= Q(
            indicator=m.indicator,
            version=INDICATORS[m.indicator].version,
            scope=m.scope,
            scope_id=m.scope_id,
            split=m.split,
        )
    snapshots = {
        (s.indicator, s.scope, s.scope_id, s.split): s
        for s in IndicatorSnapshot.objects.filter(wanted, period_kind=period.kind, period_start=period.start)
    }
    now = timezone.now()
    results = []
    for m in measures:
        snapshot = snapshots.get((m.indicator, m.scope, m.scope_id, m.split))
        numerator = snapshot.numerator if snapshot else None
        denominator = snapshot.denominator if snapshot else None
        achieved, ratio, reached, payment = earned(measure=m, numerator=numerator, denominator=denominator)
        results.append(
            PbRResult(
                measure=m,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                numerator=numerator,
                denominator=denominator,
                achieved=achieved.quantize(Decimal("0.0001")) if achieved is not None else None,
                target=m.target,
                ratio=ratio,
                reached=reached,
                payment=payment,
                computed_at=now,
            )
        )
    PbRResult.objects.bulk_create(
        results,
        update_conflicts=True,
        unique_fields=["measure", "period_kind", "period_start"],
        update_fields=[
            "period_end",
            "numerator",
            "denominator",
            "achieved",
            "target",
            "ratio",
            "reached",
            "payment",
            "computed_at",
        ],
    )
    return len(results)
