"""Factories for the community models: strands 5 to 7 and spend."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from services.models import (
    Budget,
    Feedback,
    ForumMeeting,
    ForumMember,
    ParentForum,
    Room,
    RoomBooking,
    Setting,
    Spend,
    TrainingAttendance,
    TrainingEvent,
    Volunteer,
    VolunteerHours,
    YouSaidWeDid,
)
from tests.centres.factories import CentreFactory, UserFactory
from tests.services.factories import ServiceFactory


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware local (Europe/London) time on a day."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class _AtCentre(DjangoModelFactory):
    """A row of one centre (rooms, volunteers, forums, events, feedback)."""

    class Meta:
        abstract = True

    centre = factory.SubFactory(CentreFactory)


class _RecordedBy(DjangoModelFactory):
    """A row that keeps which member of staff recorded it."""

    class Meta:
        abstract = True

    recorded_by = factory.SubFactory(UserFactory)


class RoomFactory(_AtCentre):
    class Meta:
        model = Room

    name = factory.Sequence(lambda n: f"Community room {n}")
    capacity = 30


class RoomBookingFactory(DjangoModelFactory):
    class Meta:
        model = RoomBooking

    room = factory.SubFactory(RoomFactory)
    group_name = "Older people's lunch club"
    contact_name = "Pat Jones"
    contact_phone = "01234 567890"
    starts_at = factory.LazyFunction(lambda: at(date(2026, 3, 10), 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    attendees_expected = 12
    booked_by = factory.SubFactory(UserFactory)


class VolunteerFactory(_AtCentre):
    class Meta:
        model = Volunteer

    name = factory.Faker("name", locale="en_GB")
    started_on = date(2025, 1, 6)


class VolunteerHoursFactory(_RecordedBy):
    class Meta:
        model = VolunteerHours

    volunteer = factory.SubFactory(VolunteerFactory)
    date = date(2025, 6, 2)
    hours = Decimal("2.50")
    activity = "Stay and play helper"


class SettingFactory(DjangoModelFactory):
    class Meta:
        model = Setting

    name = factory.Sequence(lambda n: f"Little Acorns {n}")
    kind = Setting.Kind.CHILDMINDER


class TrainingEventFactory(_AtCentre):
    class Meta:
        model = TrainingEvent

    title = "Early language and communication"
    date = date(2025, 10, 8)
    hours = Decimal("3.00")
    delivered_by = factory.SubFactory(UserFactory)


class TrainingAttendanceFactory(DjangoModelFactory):
    class Meta:
        model = TrainingAttendance

    event = factory.SubFactory(TrainingEventFactory)
    setting = factory.SubFactory(SettingFactory)
    attendees = 2


class ParentForumFactory(_AtCentre):
    class Meta:
        model = ParentForum

    name = factory.Sequence(lambda n: f"Parents' forum {n}")


class ForumMemberFactory(DjangoModelFactory):
    class Meta:
        model = ForumMember

    forum = factory.SubFactory(ParentForumFactory)
    name = factory.Faker("name", locale="en_GB")
    joined_on = date(2025, 9, 1)


class ForumMeetingFactory(DjangoModelFactory):
    class Meta:
        model = ForumMeeting

    forum = factory.SubFactory(ParentForumFactory)
    date = date(2025, 11, 4)
    attendees = 8


class FeedbackFactory(_AtCentre, _RecordedBy):
    class Meta:
        model = Feedback

    date = date(2025, 11, 4)
    satisfaction = 4


class YouSaidWeDidFactory(_AtCentre):
    class Meta:
        model = YouSaidWeDid

    you_said = "Stay and play is too full on Mondays"
    we_did = "We added a second session on Thursdays"
    date = date(2025, 11, 4)


class BudgetFactory(DjangoModelFactory):
    class Meta:
        model = Budget

    service = factory.SubFactory(ServiceFactory)
    financial_year = 2025
    amount = Decimal("1000.00")
    set_by = factory.SubFactory(UserFactory)


class SpendFactory(_RecordedBy):
    class Meta:
        model = Spend

    service = factory.SubFactory(ServiceFactory)
    date = date(2025, 6, 1)
    amount = Decimal("100.00")
    description = "Craft materials"
