"""What a centre does: referrals (P1), hub, expertise and parents (P2 to P4) and spend (F1), per
centre and for the authority, on records worked out by hand. Quarter Q is April to June 2026."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from outcomes.indicators.community import compute_community_indicators
from outcomes.indicators.partnerships import compute_partnership_indicators
from outcomes.indicators.periods import period_starting
from outcomes.indicators.spend import compute_spend_indicators
from outcomes.models import IndicatorSnapshot
from partnerships.models import Direction, ReferralStatus
from services.models import Category, Contact, ContactKind
from tests.centres.factories import CentreFactory, UserFactory
from tests.families.factories import FamilyFactory
from tests.partnerships.factories import PartnerFactory, ReferralFactory
from tests.services.factories import ServiceFactory, SessionFactory
from tests.services.factories_community import (
    FeedbackFactory,
    ForumMemberFactory,
    ParentForumFactory,
    RoomBookingFactory,
    RoomFactory,
    SettingFactory,
    SpendFactory,
    TrainingAttendanceFactory,
    TrainingEventFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)

Q = period_starting("quarter", date(2026, 4, 1))
IN_Q, LAST_DAY, AFTER, BEFORE = date(2026, 5, 1), date(2026, 6, 30), date(2026, 7, 1), date(2026, 3, 31)
LONDON = ZoneInfo("Europe/London")


def figure(indicator, scope_id, split="", scope="centre"):
    row = IndicatorSnapshot.objects.get(
        indicator=indicator, scope=scope, scope_id=scope_id, period_kind="quarter", period_start=Q.start, split=split
    )
    return (row.numerator, row.denominator)


@pytest.fixture
def centres(db):
    return {"a": CentreFactory(name="A"), "b": CentreFactory(name="B"), "empty": CentreFactory(name="Empty")}


class TestReferrals:
    @pytest.fixture
    def referrals(self, centres):
        a, b = centres["a"], centres["b"]
        hv, gp = PartnerFactory(), PartnerFactory()

        def referral(centre, partner, received, contacted=None, direction=Direction.IN):
            status = ReferralStatus.CONTACTED if contacted else ReferralStatus.RECEIVED
            if direction == Direction.OUT and not contacted:
                status = ReferralStatus.SENT
            return ReferralFactory(
                family=FamilyFactory(registered_centre=centre),
                centre=centre,
                partner=partner,
                direction=direction,
                status=status,
                received_on=received,
                first_contact_on=contacted,
            )

        referral(a, hv, date(2026, 4, 1), date(2026, 4, 11))  # 10 days: within the target of 10
        referral(a, hv, date(2026, 4, 1), date(2026, 4, 12))  # 11 days: late
        referral(a, gp, date(2026, 5, 1), date(2026, 5, 3))  # 2 days
        referral(a, gp, LAST_DAY)  # received on Q's last day, no contact yet
        referral(a, gp, IN_Q, date(2026, 5, 5), direction=Direction.OUT)  # out, 4 days
        referral(a, hv, BEFORE, date(2026, 4, 2))  # received before Q: not counted
        referral(b, hv, IN_Q, date(2026, 5, 21))  # 20 days, at B
        return {"a": a.pk, "b": b.pk, "empty": centres["empty"].pk, "hv": hv.pk, "gp": gp.pk}

    def test_counts_by_direction_and_partner(self, referrals):
        compute_partnership_indicators(period=Q)
        a = referrals["a"]
        assert figure("P1", a) == (5, None)
        assert figure("P1", a, "direction:in") == (4, None)
        assert figure("P1", a, "direction:out") == (1, None)
        assert figure("P1", a, f"partner:{referrals['hv']}") == (2, None)
        assert figure("P1", a, f"partner:{referrals['gp']}") == (3, None)
        assert figure("P1", 0, f"partner:{referrals['hv']}", scope="authority") == (3, None)
        gp_at_b = IndicatorSnapshot.objects.filter(scope_id=referrals["b"], split=f"partner:{referrals['gp']}")
        assert not gp_at_b.exists()  # no rows of zeros for partners that did not refer

    def test_timeliness_and_median_days(self, referrals):
        compute_partnership_indicators(period=Q)
        a = referrals["a"]
        assert figure("P1T", a) == (3, 4)  # 10, 2 and 4 days within 10; 11 days late; the open one left out
        assert figure("P1T", a, "direction:in") == (2, 3)
        assert figure("P1D", a) == (Decimal(7), None)  # median of 2, 4, 10, 11
        assert figure("P1D", a, "direction:in") == (Decimal(10), None)  # 2, 10, 11
        assert figure("P1D", 0, scope="authority") == (Decimal(10), None)  # 2, 4, 10, 11, 20
        assert figure("P1T", 0, scope="authority") == (3, 5)

    def test_a_centre_with_no_referrals_is_zero_and_0_of_0(self, referrals):
        compute_partnership_indicators(period=Q)
        empty = referrals["empty"]
        assert figure("P1", empty) == (0, None)
        assert figure("P1T", empty) == (0, 0)
        assert figure("P1D", empty) == (0, 0)


def test_hub_expertise_and_parents(centres):
    a, b = centres["a"], centres["b"]
    user = UserFactory()
    room = RoomFactory(centre=a)

    def booking(day, start, end, cancelled=False):
        RoomBookingFactory(
            room=room,
            booked_by=user,
            starts_at=datetime.combine(day, start, LONDON),
            ends_at=datetime.combine(day, end, LONDON),
            cancelled=cancelled,
        )

    booking(IN_Q, time(10), time(12, 30))  # 2.5 hours
    booking(LAST_DAY, time(23), time(23, 30))  # late on Q's last day (local time): 0.5 hours
    booking(IN_Q, time(14), time(15), cancelled=True)  # cancelled: not counted
    booking(AFTER, time(0, 30), time(1))  # just after Q

    helper = VolunteerFactory(centre=a, name="Pat", started_on=date(2025, 1, 1))
    VolunteerFactory(centre=a, name="Jo", started_on=date(2025, 1, 1), ended_on=BEFORE)  # left before Q
    VolunteerFactory(centre=a, name="Kim", started_on=LAST_DAY)  # started on Q's last day
    VolunteerHoursFactory(volunteer=helper, date=IN_Q, hours=Decimal("3.5"), recorded_by=user)
    VolunteerHoursFactory(volunteer=helper, date=BEFORE, hours=Decimal("2"), recorded_by=user)

    nursery, minder = SettingFactory.create_batch(2, kind="nursery")
    for centre, setting, people in ((a, nursery, 3), (a, minder, 1), (b, nursery, 2)):
        event = TrainingEventFactory(centre=centre, date=IN_Q, hours=2, delivered_by=user)
        TrainingAttendanceFactory(event=event, setting=setting, attendees=people)

    forum = ParentForumFactory(centre=a)
    ForumMemberFactory(forum=forum, joined_on=date(2025, 9, 1))
    ForumMemberFactory(forum=forum, joined_on=date(2025, 9, 1), left_on=LAST_DAY)  # left by the end
    ForumMemberFactory(forum=forum, joined_on=AFTER)
    for score in (5, 4, 2):
        FeedbackFactory(centre=a, date=IN_Q, satisfaction=score, recorded_by=user)
    FeedbackFactory(centre=a, date=AFTER, satisfaction=1, recorded_by=user)

    compute_community_indicators(period=Q)
    assert figure("P2", a.pk) == (2, None)
    assert figure("P2H", a.pk) == (Decimal("3"), None)
    assert figure("P2V", a.pk) == (2, None)  # Pat and Kim
    assert figure("P2VH", a.pk) == (Decimal("3.5"), None)
    assert figure("P3", a.pk) == (2, None)
    assert figure("P3T", a.pk) == (4, None)
    assert figure("P3", 0, scope="authority") == (2, None)  # the nursery supported by A and B counts once
    assert figure("P3T", 0, scope="authority") == (6, None)
    assert figure("P4", a.pk) == (1, None)
    assert figure("P4F", a.pk) == (3, None)
    assert figure("P4S", a.pk) == (11, 3)  # mean 3.67
    assert figure("P4S", centres["empty"].pk) == (0, 0)
    assert figure("P2", centres["empty"].pk) == (0, None)


def test_spend_per_service_per_engaged_family_and_targeted_share(centres):
    a, b = centres["a"], centres["b"]
    user = UserFactory()
    play = ServiceFactory(provider_centre=a, category=Category.FAMILY_ACTIVITIES)
    parenting = ServiceFactory(provider_centre=a, category=Category.EVIDENCE_BASED)
    partner_service = ServiceFactory(provider_centre=None, provider_partner=PartnerFactory(), category=Category.HEALTH)
    SessionFactory(service=partner_service, centre=a)
    SessionFactory(service=partner_service, centre=b)

    def spend(service, day, amount):
        SpendFactory(service=service, date=day, amount=Decimal(amount), recorded_by=user)

    spend(play, IN_Q, "300.00")
    spend(parenting, LAST_DAY, "600.00")
    spend(parenting, AFTER, "999.00")  # after Q
    spend(partner_service, IN_Q, "100.00")  # at A and at B; once for the authority
    for family in (FamilyFactory(registered_centre=a), FamilyFactory(registered_centre=a)):
        for day in (IN_Q, LAST_DAY):  # two contacts each: still one family each
            Contact.objects.create(family=family, centre=a, date=day, kind=ContactKind.PHONE)
    Contact.objects.create(family=FamilyFactory(registered_centre=b), centre=b, date=BEFORE, kind=ContactKind.PHONE)

    compute_spend_indicators(period=Q)
    assert figure("F1", a.pk) == (Decimal("1000"), None)
    assert figure("F1", a.pk, f"service:{parenting.pk}") == (Decimal("600"), None)
    assert figure("F1", b.pk) == (Decimal("100"), None)
    assert figure("F1", 0, scope="authority") == (Decimal("1000"), None)
    assert figure("F1E", a.pk) == (Decimal("1000"), 2)  # £500 a family
    assert figure("F1E", b.pk) == (Decimal("100"), 0)  # nobody engaged at B in Q: no figure
    assert figure("F1T", a.pk) == (Decimal("600"), Decimal("1000"))
    assert figure("F1T", centres["empty"].pk) == (0, 0)
