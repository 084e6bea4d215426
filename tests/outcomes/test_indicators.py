"""The reach indicators on a small authority built by hand, each expected figure worked out
below, with the boundary cases of DOMAIN.md's definitions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import Period, period_containing, period_starting, recent_periods
from outcomes.models import IndicatorSnapshot, RefreshRun
from services.models import Contact, ContactChild, ContactKind
from tests.centres.factories import CentreFactory, ReachAreaFactory, neighbourhood
from tests.families.factories import AddressFactory, ChildFactory, FamilyFactory

Q = period_starting("quarter", date(2026, 4, 1))  # 1 April to 30 June 2026


def contact(family, day, *, with_adult=True, children=()):
    made = Contact.objects.create(
        family=family, centre=family.registered_centre, date=day, kind=ContactKind.PHONE, with_adult=with_adult
    )
    for child in children:
        ContactChild.objects.create(contact=made, child=child)
    return made


def family_in(lsoa, centre, *, registered=date(2025, 1, 1), moved_in=date(2025, 1, 1), **kwargs):
    family = FamilyFactory(registered_centre=centre, registration_date=registered, **kwargs)
    AddressFactory(family=family, lsoa=lsoa, moved_in=moved_in)
    return family


@pytest.fixture
def world(db):
    a, b, empty = CentreFactory(name="A"), CentreFactory(name="B"), CentreFactory(name="Empty")
    ReachAreaFactory(centre=empty)  # a reach area with no LSOAs: 0 of 0
    a1 = neighbourhood(centre=a, decile=2, ages=(20, 20, 20, 20, 20), code="E01700001")  # deprived, 100
    a2 = neighbourhood(centre=a, decile=8, ages=(20, 20, 20, 20, 20), code="E01700002")  # other, 100
    b1 = neighbourhood(centre=b, decile=5, ages=(10, 10, 10, 10, 10), code="E01700003")  # other, 50
    for lsoa in (a1, a2, b1):
        lsoa.populations.update(year=2025)

    # F1 in a1: two children, three family contacts in Q -> both registered, engaged, sustained.
    f1 = family_in(a1, a)
    ChildFactory(family=f1, date_of_birth=date(2024, 1, 1))
    ChildFactory(family=f1, date_of_birth=date(2025, 6, 1))
    ChildFactory(family=f1, date_of_birth=None, expected_date=date(2026, 9, 1))  # unborn: not counted
    for day in (date(2026, 4, 2), date(2026, 5, 1), date(2026, 6, 1)):
        contact(f1, day)
    # F2 in a2: c3 turns five during Q (15 May) and still counts; a child-only contact on Q's
    # last day counts for c3, not for c4; a contact the day after Q does not count.
    f2 = family_in(a2, a)
    c3 = ChildFactory(family=f2, date_of_birth=date(2021, 5, 15))
    ChildFactory(family=f2, date_of_birth=date(2025, 1, 1))
    contact(f2, date(2026, 6, 30), with_adult=False, children=[c3])
    contact(f2, date(2026, 7, 1))
    # F3 moved from a1 to b1 on 15 June: resident in B at Q's end, engaged there.
    f3 = family_in(a1, a, moved_in=date(2025, 1, 1))
    f3.addresses.update(moved_out=date(2026, 6, 15))
    AddressFactory(family=f3, lsoa=b1, moved_in=date(2026, 6, 15))
    ChildFactory(family=f3, date_of_birth=date(2023, 3, 3))
    contact(f3, date(2026, 5, 5))
    # Not counted: turned five the day before Q; registered after Q; a merged-away record.
    ChildFactory(family=family_in(a1, a), date_of_birth=date(2021, 3, 31))
    ChildFactory(family=family_in(a1, a, registered=date(2026, 7, 5)), date_of_birth=date(2025, 2, 2))
    ChildFactory(family=family_in(a1, a, merged_into=f1), date_of_birth=date(2025, 2, 2))
    return {"a": a, "b": b, "empty": empty}


def figure(indicator, scope_id, split="", scope="reach_area"):
    return IndicatorSnapshot.objects.get(
        indicator=indicator, scope=scope, scope_id=scope_id, period_start=Q.start, period_kind="quarter", split=split
    )


def pair(snapshot):
    return (snapshot.numerator, snapshot.denominator)


def test_reach_figures_for_a_centre_follow_the_definitions(world):
    compute_period(period=Q)
    a = world["a"].pk
    assert pair(figure("R1", a)) == (200, None)
    assert pair(figure("R2", a)) == (4, 200)  # c1, c2, c3, c4
    assert pair(figure("R3", a)) == (3, 200)  # c1, c2 (family contacts) and c3 (its own contact)
    assert pair(figure("R4", a)) == (2, 200)  # c1 and c2 had three contacts
    assert pair(figure("R3", a, "deprivation:deprived")) == (2, 100)
    assert pair(figure("R3", a, "deprivation:other")) == (1, 100)
    assert figure("R6", a).numerator == Decimal("1")  # 2% minus 1%, in points


def test_a_family_that_moved_counts_where_it_lived_at_the_periods_end(world):
    compute_period(period=Q)
    assert pair(figure("R2", world["b"].pk)) == (1, 50)
    assert pair(figure("R3", world["b"].pk)) == (1, 50)


def test_the_authority_adds_up_its_areas(world):
    compute_period(period=Q)
    assert pair(figure("R1", 0, scope="authority")) == (250, None)
    assert pair(figure("R3", 0, scope="authority")) == (4, 250)


def test_an_empty_reach_area_is_0_of_0_not_an_error(world):
    compute_period(period=Q)
    snapshot = figure("R3", world["empty"].pk)
    assert pair(snapshot) == (0, 0)
    assert snapshot.value is None


def test_a_rerun_replaces_and_never_duplicates(world):
    first = compute_period(period=Q)
    count = IndicatorSnapshot.objects.count()
    contact(Contact.objects.filter(date=date(2026, 7, 1)).get().family, date(2026, 4, 10))  # F2 now engaged as a family
    assert compute_period(period=Q) == first
    assert IndicatorSnapshot.objects.count() == count
    assert pair(figure("R3", world["a"].pk)) == (4, 200)


def test_a_refresh_run_records_progress_and_a_failure_keeps_the_old_figures(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from outcomes.indicators import refresh

    compute_period(period=Q)
    before = pair(figure("R3", world["a"].pk))
    with django_capture_on_commit_callbacks(execute=True):
        run = refresh.refresh_request(user=None, period_kind="quarter", periods=[Q, Q.previous()])
    run.refresh_from_db()
    assert (run.status, run.steps_done, run.steps_total) == ("done", 2, 2)

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(refresh, "compute_period", broken)
    failing = RefreshRun.objects.create(period_kind="quarter", periods=[Q.start.isoformat()], steps_total=1)
    with pytest.raises(RuntimeError):
        refresh.refresh_run(run_id=failing.pk)
    failing.refresh_from_db()
    assert (failing.status, failing.error) == ("failed", "RuntimeError")
    assert pair(figure("R3", world["a"].pk)) == before


def test_the_nightly_job_is_on_the_beat_schedule_and_covers_current_and_previous_periods(
    db, settings, django_capture_on_commit_callbacks
):
    from outcomes.tasks import nightly_refresh

    assert settings.CELERY_BEAT_SCHEDULE["nightly-indicators"]["task"] == "outcomes.tasks.nightly_refresh"
    with django_capture_on_commit_callbacks(execute=True):
        runs = nightly_refresh()
    assert {r.period_kind for r in RefreshRun.objects.filter(pk__in=runs)} == {"month", "quarter", "year"}
    assert all(len(r.periods) == 2 and r.status == "done" for r in RefreshRun.objects.filter(pk__in=runs))


@pytest.mark.parametrize(
    ("kind", "day", "start", "end", "label"),
    [
        ("month", date(2026, 2, 14), date(2026, 2, 1), date(2026, 2, 28), "February 2026"),
        ("quarter", date(2026, 3, 31), date(2026, 1, 1), date(2026, 3, 31), "Q4 2025-26"),
        ("quarter", date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30), "Q1 2026-27"),
        ("year", date(2026, 3, 31), date(2025, 4, 1), date(2026, 3, 31), "2025-26"),
        ("year", date(2026, 4, 1), date(2026, 4, 1), date(2027, 3, 31), "2026-27"),
    ],
)
def test_periods_follow_the_financial_year(kind, day, start, end, label):
    period = period_containing(kind, day)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_recent_periods_are_consecutive_oldest_first():
    periods = recent_periods("quarter", 3, until=date(2026, 5, 1))
    assert [p.start for p in periods] == [date(2025, 10, 1), date(2026, 1, 1), date(2026, 4, 1)]
    assert isinstance(periods[0], Period)


def test_target_group_reach_counts_groups_held_at_the_periods_end(world):
    from families.models import Family, FamilyTargetGroup

    f1 = Family.objects.get(children__date_of_birth=date(2024, 1, 1))  # two engaged children, in a1
    f2 = Family.objects.get(children__date_of_birth=date(2021, 5, 15))  # c3 engaged, in a2
    f3 = Family.objects.get(addresses__lsoa__code="E01700003")  # moved to B, engaged there
    FamilyTargetGroup.objects.create(family=f1, group="lone_parent", source="derived", started_on=date(2026, 1, 1))
    # f2 was a lone parent until May: not at the period's end, so not counted.
    FamilyTargetGroup.objects.create(
        family=f2, group="lone_parent", source="derived", started_on=date(2026, 1, 1), ended_on=date(2026, 5, 1)
    )
    FamilyTargetGroup.objects.create(family=f3, group="workless", source="recorded", started_on=date(2026, 6, 1))
    compute_period(period=Q)
    a, b = world["a"].pk, world["b"].pk
    assert pair(figure("R5", a, "group:lone_parent")) == (2, 3)  # 2 of the 3 engaged in A
    assert pair(figure("R5", a, "group:workless")) == (0, 3)
    assert pair(figure("R5", b, "group:workless")) == (1, 1)
    assert pair(figure("R5", a, "group:deprived_area")) == (2, 100)  # the deprived LSOAs' population
    assert pair(figure("R5", 0, "group:lone_parent", scope="authority")) == (2, 4)
    assert pair(figure("R5", world["empty"].pk, "group:lone_parent")) == (0, 0)
