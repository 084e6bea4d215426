"""Payment by results: payments worked out by hand, computed after the indicators, by upsert."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from outcomes.indicators.engine import COMPUTATIONS, compute_period
from outcomes.indicators.periods import period_starting
from outcomes.models import IndicatorSnapshot, PbRMeasure, PbRResult
from outcomes.pbr.compute import compute_pbr, earned

Y = period_starting("year", date(2026, 4, 1))


def measure(authority, **kwargs):
    fields = {
        "name": "Reach",
        "indicator": "R3",
        "target": Decimal("60"),
        "amount": Decimal("5000"),
        "payment": PbRMeasure.Payment.THRESHOLD,
        "period_kind": "year",
        "active_from": date(2026, 4, 1),
        "created_by": authority.admin,
    } | kwargs
    return PbRMeasure.objects.create(**fields)


@pytest.mark.parametrize(
    ("numerator", "denominator", "achieved", "ratio", "reached", "payment"),
    [
        (Decimal(50), Decimal(100), Decimal(50), Decimal("0.8333"), False, Decimal("0.00")),  # not reached
        (Decimal(60), Decimal(100), Decimal(60), Decimal("1.0000"), True, Decimal("5000.00")),  # exactly
        (Decimal(90), Decimal(100), Decimal(90), Decimal("1.5000"), True, Decimal("5000.00")),  # beyond: same sum
        (Decimal(0), Decimal(0), None, None, False, Decimal("0.00")),  # 0 of 0
        (None, None, None, None, False, Decimal("0.00")),  # not computed
    ],
)
def test_a_threshold_measure_pays_its_sum_on_reaching_the_target(
    authority, numerator, denominator, achieved, ratio, reached, payment
):
    m = measure(authority)
    assert earned(measure=m, numerator=numerator, denominator=denominator) == (achieved, ratio, reached, payment)


def test_a_per_unit_measure_pays_for_every_unit_once_the_target_is_reached(authority):
    # 25 families completing a programme, target 20 (a count), £120.50 a family: 25 x 120.50.
    m = measure(authority, indicator="R1", target=Decimal("20"), amount=Decimal("120.50"), payment="per_unit")
    assert earned(measure=m, numerator=Decimal(25), denominator=None) == (
        Decimal(25),
        Decimal("1.2500"),
        True,
        Decimal("3012.50"),
    )
    assert earned(measure=m, numerator=Decimal(19), denominator=None)[2:] == (False, Decimal("0.00"))
    assert earned(measure=m, numerator=Decimal(20), denominator=None)[2:] == (True, Decimal("2410.00"))


def test_a_lower_is_better_measure_is_reached_at_or_below_its_target(authority):
    m = measure(authority, indicator="R6", target=Decimal("5"), direction="at_most")
    assert earned(measure=m, numerator=Decimal("5"), denominator=None)[2] is True
    assert earned(measure=m, numerator=Decimal("5.1"), denominator=None)[2] is False


def _snapshot(numerator, denominator, split=""):
    IndicatorSnapshot.objects.update_or_create(
        indicator="R3",
        version=1,
        scope="authority",
        scope_id=0,
        period_kind=Y.kind,
        period_start=Y.start,
        split=split,
        defaults={
            "period_end": Y.end,
            "numerator": numerator,
            "denominator": denominator,
            "computed_at": timezone.now(),
        },
    )


def test_results_are_written_by_upsert_so_a_rerun_never_duplicates(authority):
    m = measure(authority)
    _snapshot(70, 100)
    assert compute_pbr(period=Y) == 1
    _snapshot(40, 100)
    compute_pbr(period=Y)
    result = PbRResult.objects.get()
    assert (result.measure, result.achieved, result.reached, result.payment) == (m, Decimal(40), False, Decimal("0"))
    assert (result.numerator, result.denominator, result.target) == (40, 100, 60)


def test_only_measures_active_in_the_period_and_of_its_kind_are_computed(authority):
    measure(authority, name="Ended", active_from=date(2025, 4, 1), active_to=date(2026, 3, 31))
    measure(authority, name="Quarterly", period_kind="quarter")
    measure(authority, name="Later", active_from=date(2027, 4, 1))
    current = measure(authority, name="Current")
    _snapshot(70, 100)
    compute_pbr(period=Y)
    assert [r.measure for r in PbRResult.objects.all()] == [current]


def test_payment_by_results_runs_last_in_a_refresh(authority):
    assert COMPUTATIONS[-1] is compute_pbr
    measure(authority, indicator="R1", target=Decimal("1"))
    compute_period(period=Y)  # the engine writes R1 (0 under-fives here), then the payment reads it
    result = PbRResult.objects.get()
    assert (result.numerator, result.reached, result.payment) == (0, False, 0)


def test_the_ledger_shows_what_each_measure_earned(client, authority):
    measure(authority, name="Reach the under-fives")
    _snapshot(70, 100)
    compute_pbr(period=Y)
    client.force_login(authority.analyst)
    page = client.get(reverse("indicators:authority"), {"kind": "year", "period": "2026-04-01", "section": "pbr"})
    text = page.content.decode()
    assert "Reach the under-fives" in text and "70.0%" in text and "£5,000.00" in text and "Reached" in text
    assert "at least 60%" in text


def test_an_administrator_configures_a_measure_and_bad_input_is_refused(client, authority):
    client.force_login(authority.admin)
    url = reverse("indicators:pbr_measure_new")
    good = {
        "name": "Breastfeeding at 6-8 weeks",
        "indicator": "R3",
        "split": "",
        "scope": "authority",
        "period_kind": "year",
        "target": "55",
        "direction": "at_least",
        "payment": "threshold",
        "amount": "10000",
        "active_from": "2026-04-01",
    }
    bad = client.post(url, {**good, "indicator": "X1", "target": "-1", "amount": "-5", "active_to": "2026-01-01"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) >= {"indicator", "target", "amount"}
    wrong_scope = client.post(url, {**good, "centre": authority.centre_a.pk})
    assert "centre" in wrong_scope.context["form"].errors
    assert client.post(url, good).status_code == 302
    saved = PbRMeasure.objects.get()
    assert (saved.name, saved.amount, saved.created_by) == ("Breastfeeding at 6-8 weeks", 10000, authority.admin)
    assert (
        client.post(reverse("indicators:pbr_measure_edit", args=[saved.pk]), {**good, "amount": "12000"}).status_code
        == 302
    )
    saved.refresh_from_db()
    assert saved.amount == 12000
    from centres.models import AuditEvent

    trail = AuditEvent.objects.filter(object_id=str(saved.pk), object_type__model="pbrmeasure").order_by("pk")
    assert [(e.action, e.user) for e in trail] == [("create", authority.admin), ("update", authority.admin)]
    assert trail.last().changed_fields == ["amount"]


def test_the_demo_seeds_the_national_trial_measures_and_they_validate(authority):
    import random

    from centres.demo import SCALES, DemoContext
    from centres.demo.pbr import TRIAL_MEASURES, step_payment_by_results
    from outcomes.models import IndicatorTarget

    ctx = DemoContext(scale=SCALES["demo"], seed=1, as_of=date(2026, 11, 1), rng=random.Random(1), log=print)
    step_payment_by_results(ctx)
    measures = list(PbRMeasure.objects.all())
    assert len(measures) == len(TRIAL_MEASURES) == ctx.counts["pbr_measures"]
    for m in [*measures, *IndicatorTarget.objects.all()]:
        m.full_clean()  # every indicator code exists, targets and amounts are valid
    assert {m.active_from for m in measures} == {date(2025, 4, 1)}
