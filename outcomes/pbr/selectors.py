"""The payment-by-results ledger: what each measure achieved in a period and what it earned."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q

from outcomes.dashboards.labels import split_label
from outcomes.dashboards.tables import Cell, Row, Table
from outcomes.indicators.definitions import INDICATORS
from outcomes.indicators.periods import Period
from outcomes.models import PbRMeasure, PbRResult
from outcomes.models.indicators import Scope


def _money(value: Decimal) -> str:
    return f"£{value:,.2f}"


def ledger(*, period: Period, centre_ids: list[int], authority: bool, suppress: bool) -> dict[str, Any]:
    """One query: the period's results of the measures in view (the authority's and the centres')."""
    scope = Q(measure__centre_id__in=centre_ids)
    if authority:
        scope |= Q(measure__scope=Scope.AUTHORITY)
    results = list(
        PbRResult.objects.filter(scope, period_kind=period.kind, period_start=period.start)
        .select_related("measure", "measure__centre")
        .order_by("measure__name", "measure__pk")
    )
    threshold = settings.SMALL_NUMBER_THRESHOLD
    rows = []
    total = Decimal("0")
    for r in results:
        m = r.measure
        small = suppress and any(n is not None and 0 < n < threshold for n in (r.numerator, r.denominator))
        unit = INDICATORS[m.indicator].unit if m.indicator in INDICATORS else "count"
        suffix = "%" if unit == "rate" else ""
        hidden = f"Fewer than {threshold}"
        if r.achieved is None:
            achieved = "No figure (0 of 0 or not computed)"
        else:
            achieved = hidden if small else f"{r.achieved:.1f}{suffix}"
        # A per-unit payment reveals the count it was paid on.
        pays_per_unit = m.payment == PbRMeasure.Payment.PER_UNIT
        payment = hidden if small and pays_per_unit else _money(r.payment)
        total += r.payment
        where = m.centre.name if m.centre else "Whole authority"
        bound = "at most" if m.direction == "at_most" else "at least"
        rows.append(
            Row(
                f"{m.name} ({m.indicator}{', ' + split_label(m.split) if m.split else ''}; {where})",
                [
                    Cell(text=achieved),
                    Cell(text=f"{bound} {r.target.normalize():f}{suffix}"),
                    Cell(text=hidden if small or r.ratio is None else f"{r.ratio * 100:.0f}%"),
                    Cell(text="Reached" if r.reached else "Not reached"),
                    Cell(text=payment),
                ],
            )
        )
    table = Table(
        id="pbr",
        title="Measures and what they earned",
        row_header="Measure",
        columns=["Achieved", "Target", "Achieved / target", "Result", "Payment earned"],
        rows=rows,
        note="Computed with the indicators, after them, for each measure active in the period.",
    )
    return {
        "tables": [table] if rows else [],
        "total": _money(total),
        "computed_at": max((r.computed_at for r in results), default=None),
    }
