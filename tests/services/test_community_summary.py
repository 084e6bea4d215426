"""The centre's community page: P2 to P4 for a financial year, in a fixed number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse

from services.community.selectors import community_summary
from tests.services.factories_community import (
    FeedbackFactory,
    RoomBookingFactory,
    RoomFactory,
    TrainingAttendanceFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
    at,
)


def test_bookings_and_hours_booked_count_standing_bookings_that_start_in_the_year(authority):
    room = RoomFactory(centre=authority.centre_a)
    RoomBookingFactory(room=room, starts_at=at(date(2025, 4, 1), 0), ends_at=at(date(2025, 4, 1), 2))  # 2 hours
    RoomBookingFactory(
        room=room, starts_at=at(date(2026, 3, 31), 22), ends_at=at(date(2026, 4, 1), 1)
    )  # 3 hours, starts in the year
    RoomBookingFactory(room=room, starts_at=at(date(2025, 6, 1), 9), ends_at=at(date(2025, 6, 1), 9, 45))  # 0.75
    RoomBookingFactory(room=room, starts_at=at(date(2025, 6, 2), 9), cancelled=True)
    RoomBookingFactory(room=room, starts_at=at(date(2026, 4, 1), 2))  # next year
    RoomBookingFactory(room__centre=authority.centre_b, starts_at=at(date(2025, 6, 1), 9))  # another centre
    summary = community_summary(centres=[authority.centre_a], start=date(2025, 4, 1), end=date(2026, 3, 31))
    assert (summary.bookings, summary.hours_booked) == (3, Decimal("5.75"))


def test_volunteers_count_if_they_volunteered_at_any_time_in_the_year(authority):
    VolunteerFactory(centre=authority.centre_a, started_on=date(2024, 1, 1), ended_on=date(2025, 4, 1))
    VolunteerFactory(centre=authority.centre_a, started_on=date(2026, 3, 31))
    VolunteerFactory(centre=authority.centre_a, started_on=date(2024, 1, 1), ended_on=date(2025, 3, 31))  # gone
    VolunteerFactory(centre=authority.centre_a, started_on=date(2026, 4, 1))  # not yet
    summary = community_summary(centres=[authority.centre_a], start=date(2025, 4, 1), end=date(2026, 3, 31))
    assert summary.volunteers == 2


def test_the_community_page_takes_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    room = RoomFactory(centre=authority.centre_a)
    for day in range(10):
        RoomBookingFactory(room=room, starts_at=at(date(2025, 5, 1) + timedelta(days=day), 10))
        VolunteerHoursFactory(volunteer__centre=authority.centre_a)
        TrainingAttendanceFactory(event__centre=authority.centre_a)
        FeedbackFactory(centre=authority.centre_a)
    client.force_login(authority.worker)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("community:centre", args=[authority.centre_a.pk]), {"year": "2025"})
    summary = response.context["summary"]
    assert (summary.bookings, summary.volunteers, summary.expertise.settings_supported, summary.feedback.count) == (
        10,
        10,
        10,
        10,
    )
    assert "Figures for 2025-26" in response.content.decode()


def test_the_index_lists_only_the_users_centres(client, authority):
    client.force_login(authority.worker)
    page = client.get(reverse("community:index")).content.decode()
    assert authority.centre_a.name in page
    assert authority.centre_b.name not in page
