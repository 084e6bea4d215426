"""Demo: targets and payment-by-results measures modelled on the 2011-13 national trial of payment
by results for children's centres (DOMAIN.md): school readiness in the most deprived areas,
take-up of funded places at two, breastfeeding at 6 to 8 weeks, and families in greatest need
in sustained contact. The indicator refresh computes what each measure earns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from centres.models import User
from centres.roles import Role

if TYPE_CHECKING:
    from centres.demo import DemoContext

# (name, indicator, split, target in the display unit, payment kind, amount in pounds)
TRIAL_MEASURES = [
    (
        "Good level of development in the 30% most deprived areas",
        "O2",
        "deprivation:deprived",
        "55",
        "threshold",
        "20000",
    ),
    ("Take-up of funded early education at two", "O3", "", "70", "threshold", "15000"),
    (
        "Take-up of funded places at two in the most deprived areas",
        "O3",
        "deprivation:deprived",
        "75",
        "threshold",
        "10000",
    ),
    ("Breastfeeding at 6 to 8 weeks", "O4", "", "45", "threshold", "10000"),
    ("Greatest-need families in sustained contact", "R4", "deprivation:deprived", "20", "per_unit", "25"),
]
# Targets a dashboard shows beside the headline reach figures (quarterly, whole authority).
TARGETS = [("R2", "", "75"), ("R3", "", "35"), ("R4", "", "18"), ("R3", "deprivation:deprived", "40")]


def step_payment_by_results(ctx: DemoContext) -> None:
    from outcomes.models import IndicatorTarget, PbRMeasure

    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    if admin is None:
        return
    year = ctx.as_of.year if ctx.as_of.month >= 4 else ctx.as_of.year - 1
    start = date(year - 1, 4, 1)  # this financial year and the last
    PbRMeasure.objects.bulk_create(
        PbRMeasure(
            name=name,
            indicator=code,
            split=split,
            scope="authority",
            period_kind="year",
            target=Decimal(target),
            payment=payment,
            amount=Decimal(amount),
            active_from=start,
            created_by=admin,
        )
        for name, code, split, target, payment, amount in TRIAL_MEASURES
    )
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(
            indicator=code,
            split=split,
            scope="authority",
            period_kind="quarter",
            target=Decimal(target),
            active_from=start,
            set_by=admin,
        )
        for code, split, target in TARGETS
    )
    ctx.counts["pbr_measures"] = len(TRIAL_MEASURES)
    ctx.counts["targets"] = len(TARGETS)
