"""O1 to O6 on a small authority built by hand; every expected figure is worked out in the
comments beside the data. Quarter Q is 1 April to 30 June 2026."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from outcomes.indicators.health import compute_health_indicators
from outcomes.indicators.instruments import compute_instrument_indicators, effect_size
from outcomes.indicators.periods import period_starting
from outcomes.models import IndicatorSnapshot
from services.models import Contact, ContactChild, ContactKind
from tests.centres.factories import CentreFactory, ReachAreaFactory, neighbourhood
from tests.families.factories import AddressFactory, AdultFactory, ChildFactory, FamilyFactory
from tests.outcomes.factories import AdultProgressFactory, AssessmentFactory, HealthRecordFactory, shipped

Q = period_starting("quarter", date(2026, 4, 1))
BEFORE, IN_Q, LAST_DAY, AFTER = date(2026, 2, 1), date(2026, 5, 1), date(2026, 6, 30), date(2026, 7, 1)


def figure(indicator, scope_id, split="", scope="reach_area"):
    row = IndicatorSnapshot.objects.get(
        indicator=indicator, scope=scope, scope_id=scope_id, period_kind="quarter", period_start=Q.start, split=split
    )
    return (row.numerator, row.denominator)


@pytest.fixture
def places(db):
    a, empty = CentreFactory(name="A"), CentreFactory(name="Empty")
    ReachAreaFactory(centre=empty)
    return {
        "a": a,
        "empty": empty,
        "deprived": neighbourhood(centre=a, decile=2, ages=(5, 5, 5, 5, 5)),
        "other": neighbourhood(centre=a, decile=8, ages=(5, 5, 5, 5, 5)),
        # In the authority but in no reach area: counted for the authority only.
        "nowhere": neighbourhood(centre=None, decile=5, ages=(5, 5, 5, 5, 5)),
    }


def family(places, where="deprived"):
    made = FamilyFactory(registered_centre=places["a"], registration_date=date(2025, 1, 1))
    AddressFactory(family=made, lsoa=places[where], moved_in=date(2025, 1, 1))
    return made


def adult(places, where="deprived"):
    return AdultFactory(family=family(places, where))


def child(places, where="deprived", **kwargs):
    return ChildFactory(family=family(places, where), **kwargs)


def score(person, instrument, time_point, day, total):
    kind = {"child": person, "adult": None} if hasattr(person, "funded_two_eligible") else {"adult": person}
    return AssessmentFactory(
        **kind, instrument=shipped(instrument), time_point=time_point, assessed_on=day, total_score=Decimal(total)
    )


class TestInstrumentOutcomes:
    @pytest.fixture
    def pairs(self, places):
        p1 = adult(places)
        score(p1, "WEMWBS", "baseline", BEFORE, 40)
        score(p1, "WEMWBS", "review", IN_Q, 44)  # +4: reaches WEMWBS's reliable change of 3
        p2 = adult(places)
        score(p2, "WEMWBS", "baseline", BEFORE, 40)
        score(p2, "WEMWBS", "exit", LAST_DAY, 42)  # +2 on Q's last day: a pair, not improved
        c1 = child(places)
        score(c1, "SDQ", "baseline", BEFORE, 20)
        score(c1, "SDQ", "review", date(2026, 4, 5), 18)  # an earlier review: the last one counts
        score(c1, "SDQ", "review", IN_Q, 15)  # 20 -> 15, lower is better: +5, improved
        c2 = child(places, where="other")
        score(c2, "SDQ", "baseline", BEFORE, 10)
        score(c2, "SDQ", "review", IN_Q, 12)  # -2: worse
        p3 = adult(places)
        score(p3, "WEMWBS", "baseline", BEFORE, 30)  # no later score: no pair
        p4 = adult(places)
        score(p4, "WEMWBS", "review", IN_Q, 50)
        score(p4, "WEMWBS", "baseline", date(2026, 5, 2), 30)  # baseline after the review: no pair
        p5 = adult(places)
        score(p5, "WEMWBS", "baseline", BEFORE, 30)
        score(p5, "WEMWBS", "review", AFTER, 50)  # after Q
        # A family that moved out of A's area (still in the authority) before Q's end.
        p6 = adult(places)
        p6.family.addresses.update(moved_out=date(2026, 6, 1))
        AddressFactory(family=p6.family, lsoa=places["nowhere"], moved_in=date(2026, 6, 1))
        score(p6, "WEMWBS", "baseline", BEFORE, 30)
        score(p6, "WEMWBS", "review", IN_Q, 40)  # +10, counted for the authority only
        return places

    def test_improvement_follows_direction_and_reliable_change(self, pairs):
        compute_instrument_indicators(period=Q)
        a = pairs["a"].pk
        assert figure("O1", a) == (2, 4)  # p1 and c1 of p1, p2, c1, c2
        assert figure("O1", a, "instrument:WEMWBS") == (1, 2)
        assert figure("O1", a, "instrument:SDQ") == (1, 2)
        assert figure("O1M", a, "instrument:WEMWBS") == (6, 2)  # (4 + 2) / 2
        assert figure("O1M", a, "instrument:SDQ") == (3, 2)  # (5 - 2) / 2

    def test_effect_size_is_mean_change_over_its_standard_deviation(self, pairs):
        compute_instrument_indicators(period=Q)
        a = pairs["a"].pk
        # WEMWBS gains 4 and 2: mean 3, SD sqrt(2) -> 2.1213; SDQ 5 and -2: 1.5 / sqrt(24.5) -> 0.3030
        assert figure("O1E", a, "instrument:WEMWBS") == (Decimal("2.1213"), None)
        assert figure("O1E", a, "instrument:SDQ") == (Decimal("0.3030"), None)

    def test_the_authority_counts_a_family_that_moved_out_of_the_area(self, pairs):
        compute_instrument_indicators(period=Q)
        assert figure("O1", 0, "instrument:WEMWBS", scope="authority") == (2, 3)
        assert figure("O1M", 0, "instrument:WEMWBS", scope="authority") == (16, 3)

    def test_an_empty_area_is_0_of_0(self, pairs):
        compute_instrument_indicators(period=Q)
        assert figure("O1", pairs["empty"].pk) == (0, 0)
        assert figure("O1E", pairs["empty"].pk, "instrument:WEMWBS") == (0, 0)


def test_a_pair_takes_the_newest_baseline_and_same_day_scores_in_the_order_entered(places):
    p = adult(places)
    score(p, "WEMWBS", "baseline", BEFORE, 30)
    score(p, "WEMWBS", "baseline", date(2026, 3, 1), 45)  # the newest baseline
    score(p, "WEMWBS", "review", IN_Q, 50)
    score(p, "WEMWBS", "review", IN_Q, 46)  # same day, entered later: 45 -> 46, +1
    q = adult(places)
    score(q, "WEMWBS", "review", IN_Q, 41)
    score(q, "WEMWBS", "baseline", IN_Q, 40)  # on the review's day: still before it
    score(q, "WEMWBS", "baseline", IN_Q, 38)  # same day, entered later: 38 -> 41, +3, improved
    compute_instrument_indicators(period=Q)
    a = places["a"].pk
    assert figure("O1", a, "instrument:WEMWBS") == (1, 2)
    assert figure("O1M", a, "instrument:WEMWBS") == (4, 2)


@pytest.mark.parametrize(
    ("values", "expected"),
    [([4, 2], Decimal("2.1213")), ([3], None), ([2, 2, 2], None), ([1, 2, 3, 4], Decimal("1.9365"))],
)
def test_effect_size_from_sums(values, expected):
    values = [Decimal(v) for v in values]
    assert effect_size(sum(values), sum(v * v for v in values), Decimal(len(values))) == expected


def contact(family, day, *, with_adult=True, children=()):
    made = Contact.objects.create(
        family=family, centre=family.registered_centre, date=day, kind=ContactKind.PHONE, with_adult=with_adult
    )
    for one in children:
        ContactChild.objects.create(contact=made, child=one)


def gld(person, day, achieved):
    return AssessmentFactory(
        child=person,
        adult=None,
        instrument=shipped("EYFS_GLD"),
        time_point="exit",
        assessed_on=day,
        total_score=None,
        achieved=achieved,
    )


def test_school_readiness_by_deprivation_and_engagement_with_the_gaps(places):
    g1 = child(places, date_of_birth=date(2021, 1, 1))
    gld(g1, IN_Q, True)
    contact(g1.family, date(2023, 5, 1))  # engaged
    g2 = child(places, date_of_birth=date(2021, 1, 1))
    gld(g2, IN_Q, False)  # not engaged
    g3 = child(places, "other", date_of_birth=date(2021, 1, 1))
    gld(g3, IN_Q, True)
    contact(g3.family, AFTER)  # after Q: not engaged
    g4 = child(places, "other", date_of_birth=date(2021, 1, 1))
    gld(g4, LAST_DAY, True)
    contact(g4.family, LAST_DAY, with_adult=False, children=[g4])  # its own contact on Q's last day
    gld(child(places, date_of_birth=date(2021, 1, 1)), AFTER, True)  # result after Q
    compute_health_indicators(period=Q)
    a = places["a"].pk
    assert figure("O2", a) == (3, 4)
    assert figure("O2", a, "deprivation:deprived") == (1, 2)
    assert figure("O2", a, "deprivation:other") == (2, 2)
    assert figure("O2", a, "engaged:yes") == (2, 2)  # g1, g4
    assert figure("O2", a, "engaged:no") == (1, 2)  # g2 no, g3 yes
    assert figure("O2G", a) == (Decimal(-50), None)  # 50% - 100%
    assert figure("O2GE", a) == (Decimal(50), None)  # 100% - 50%
    assert figure("O2", places["empty"].pk) == (0, 0)
    assert figure("O2G", places["empty"].pk) == (0, 0)  # no gap to work out


def test_funded_two_take_up_counts_children_aged_two_during_the_period(places):
    child(
        places, date_of_birth=date(2024, 6, 30), funded_two_eligible=True, funded_two_taken_up=True
    )  # two on Q's last day
    child(places, date_of_birth=date(2023, 4, 2), funded_two_eligible=True)  # three on 2 April: two during Q
    child(
        places, date_of_birth=date(2023, 4, 1), funded_two_eligible=True, funded_two_taken_up=True
    )  # three on Q's first day
    child(places, date_of_birth=date(2024, 7, 1), funded_two_eligible=True)  # two after Q
    child(places, date_of_birth=date(2024, 1, 1))  # not eligible
    compute_health_indicators(period=Q)
    assert figure("O3", places["a"].pk) == (1, 2)
    assert figure("O3", places["a"].pk, "deprivation:deprived") == (1, 2)
    assert figure("O3", places["a"].pk, "deprivation:other") == (0, 0)


def test_breastfeeding_counts_babies_eight_weeks_old_in_the_period_with_a_known_answer(places):
    b1 = child(places, date_of_birth=date(2026, 2, 4))  # 56 days old on 1 April
    HealthRecordFactory(child=b1, recorded_on=date(2026, 3, 30), breastfeeding_6_8_weeks="yes")
    b2 = child(places, date_of_birth=date(2026, 5, 5))  # 56 days old on 30 June
    HealthRecordFactory(child=b2, recorded_on=date(2026, 6, 20), breastfeeding_6_8_weeks="no")
    HealthRecordFactory(child=b2, recorded_on=date(2026, 6, 25))  # "not known" later: the "no" stands
    b3 = child(places, date_of_birth=date(2026, 5, 6))  # eight weeks old after Q
    HealthRecordFactory(child=b3, recorded_on=date(2026, 6, 25), breastfeeding_6_8_weeks="yes")
    b4 = child(places, date_of_birth=date(2026, 3, 1))
    HealthRecordFactory(child=b4, recorded_on=date(2026, 4, 25))  # never known
    b5 = child(places, date_of_birth=date(2026, 3, 1))
    HealthRecordFactory(child=b5, recorded_on=AFTER, breastfeeding_6_8_weeks="yes")  # known only after Q
    compute_health_indicators(period=Q)
    assert figure("O4", places["a"].pk) == (1, 2)


def test_healthy_weight_counts_answers_recorded_in_the_period(places):
    HealthRecordFactory(
        child=child(places, date_of_birth=date(2021, 1, 1)), recorded_on=IN_Q, healthy_weight_reception="yes"
    )
    HealthRecordFactory(
        child=child(places, date_of_birth=date(2021, 1, 1)), recorded_on=date(2026, 1, 1), healthy_weight_reception="no"
    )  # recorded before Q
    HealthRecordFactory(
        child=child(places, date_of_birth=date(2021, 1, 1)), recorded_on=LAST_DAY, healthy_weight_reception="no"
    )
    compute_health_indicators(period=Q)
    assert figure("O5", places["a"].pk) == (1, 2)


def test_carers_progress_from_their_baseline(places):
    january = date(2026, 1, 10)

    def progress(person, day, status, baseline=False):
        AdultProgressFactory(adult=person, recorded_on=day, status=status, baseline=baseline)

    a1, a2, a3, a4, a5 = (adult(places) for _ in range(5))
    progress(a1, january, "no_change", baseline=True)
    progress(a1, IN_Q, "work")  # moved into work
    progress(a2, january, "no_change", baseline=True)
    progress(a2, IN_Q, "no_change")  # followed, did not move
    progress(a3, january, "work", baseline=True)
    progress(a3, IN_Q, "work")  # already in work: not a move
    progress(a4, january, "no_change", baseline=True)  # nothing in Q: not counted
    progress(a5, IN_Q, "no_change", baseline=True)
    progress(a5, LAST_DAY, "learning")  # baseline and move both in Q
    compute_health_indicators(period=Q)
    assert figure("O6", places["a"].pk) == (2, 4)
    assert figure("O6", 0, scope="authority") == (2, 4)
