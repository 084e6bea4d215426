"""Strand 5: a room is never booked twice at once, and volunteers' hours add up."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from centres.models import AuditEvent
from services.community.selectors import volunteer_hours_total, volunteer_list
from services.community.services import (
    room_book,
    room_booking_cancel,
    volunteer_add,
    volunteer_end,
    volunteer_hours_log,
)
from services.models import RoomBooking, Volunteer, VolunteerHours
from tests.services.factories_community import (
    RoomBookingFactory,
    RoomFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
    at,
)

DAY = date(2026, 3, 10)  # a Tuesday


@pytest.fixture
def room(authority):
    return RoomFactory(centre=authority.centre_a, name="Garden room", capacity=20)


def book(authority, room, start, end, **changes):
    kwargs = {
        "user": authority.worker,
        "room": room,
        "group_name": "Tenants' association",
        "contact_name": "Sam Lee",
        "starts_at": start,
        "ends_at": end,
        "attendees_expected": 10,
    }
    return room_book(**{**kwargs, **changes})


@pytest.fixture
def lunch_club(authority, room):
    return book(authority, room, at(DAY, 10), at(DAY, 12), group_name="Older people's lunch club")


# ---------------------------------------------------------------------------------------------
# No double booking
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ((9, 0), (10, 30)),  # runs into it
        ((11, 0), (13, 0)),  # starts during it
        ((10, 30), (11, 30)),  # inside it
        ((9, 0), (13, 0)),  # around it
        ((10, 0), (12, 0)),  # the same slot
    ],
)
def test_it_refuses_a_booking_that_overlaps_one_that_stands(authority, room, lunch_club, start, end):
    with pytest.raises(ValidationError) as refused:
        book(authority, room, at(DAY, *start), at(DAY, *end))
    message = refused.value.message_dict["starts_at"][0]
    assert "Garden room is already booked from 10:00 to 12:00 on Tuesday 10 March 2026" in message
    assert "Older people's lunch club" in message
    assert RoomBooking.objects.count() == 1


def test_a_booking_may_start_when_another_ends_and_end_when_another_starts(authority, room, lunch_club):
    book(authority, room, at(DAY, 12), at(DAY, 14))
    book(authority, room, at(DAY, 8), at(DAY, 10))
    assert RoomBooking.objects.filter(room=room).count() == 3


def test_a_cancelled_booking_frees_the_room(authority, room, lunch_club):
    with time_machine.travel(at(DAY - timedelta(days=1), 9)):
        room_booking_cancel(user=authority.worker, booking=lunch_club)
    replacement = book(authority, room, at(DAY, 10), at(DAY, 12))
    assert replacement.pk
    lunch_club.refresh_from_db()
    assert lunch_club.cancelled


def test_another_room_is_not_affected(authority, room, lunch_club):
    hall = RoomFactory(centre=authority.centre_a, name="Hall")
    assert book(authority, hall, at(DAY, 10), at(DAY, 12)).room == hall


def test_it_refuses_an_end_before_the_start(authority, room):
    with pytest.raises(ValidationError):
        book(authority, room, at(DAY, 12), at(DAY, 10))


def test_it_refuses_more_people_than_the_room_holds(authority, room):
    with pytest.raises(ValidationError) as refused:
        book(authority, room, at(DAY, 10), at(DAY, 12), attendees_expected=21)
    assert refused.value.message_dict["attendees_expected"] == ["Garden room holds 20 people at most"]


def test_a_room_no_longer_in_use_cannot_be_booked(authority, room):
    room.active = False
    room.save()
    with pytest.raises(ValidationError):
        book(authority, room, at(DAY, 10), at(DAY, 12))


def test_a_booking_that_has_ended_cannot_be_cancelled(authority, lunch_club):
    with time_machine.travel(at(DAY, 13)), pytest.raises(ValidationError):
        room_booking_cancel(user=authority.worker, booking=lunch_club)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's")
def test_on_postgresql_the_database_refuses_an_overlap_that_skips_the_service(authority, room, lunch_club):
    with pytest.raises(IntegrityError), transaction.atomic():
        RoomBookingFactory(room=room, starts_at=at(DAY, 11), ends_at=at(DAY, 13))
    # Touching is fine, and a cancelled booking does not count.
    RoomBookingFactory(room=room, starts_at=at(DAY, 12), ends_at=at(DAY, 13))
    RoomBookingFactory(room=room, starts_at=at(DAY, 10), ends_at=at(DAY, 11), cancelled=True)


# ---------------------------------------------------------------------------------------------
# The booking screens
# ---------------------------------------------------------------------------------------------


def booking_post(room, **changes):
    data = {
        "room": room.pk,
        "group_name": "Knit and natter",
        "contact_name": "Jo Smith",
        "contact_phone": "",
        "date": "10/3/2026",
        "start_time": "10:00",
        "end_time": "12:00",
        "attendees_expected": "8",
        "charge": "15.00",
    }
    return {**data, **changes}


def test_a_worker_books_a_room_and_sees_it_in_that_week(client, authority, room):
    client.force_login(authority.worker)
    url = reverse("community:booking_add", args=[authority.centre_a.pk])
    response = client.post(url, booking_post(room, charge="£1,015.50"))
    assert response.status_code == 302
    assert response["Location"].endswith("?week=2026-03-09")
    booking = RoomBooking.objects.get()
    assert booking.charge == Decimal("1015.50")
    assert booking.starts_at == at(DAY, 10)
    page = client.get(response["Location"]).content.decode()
    assert "Knit and natter" in page


def test_the_screen_names_the_clash_beside_the_start_time(client, authority, room, lunch_club):
    client.force_login(authority.worker)
    response = client.post(
        reverse("community:booking_add", args=[authority.centre_a.pk]),
        booking_post(room, start_time="11:00", end_time="13:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start_time"] == [
        "Garden room is already booked from 10:00 to 12:00 on Tuesday 10 March 2026 by Older people's lunch club"
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": "09:00"}, "end_time"),
        ({"end_time": "10:00"}, "end_time"),
        ({"start_time": "25:00"}, "start_time"),
        ({"date": "31/2/2026"}, "date"),
        ({"charge": "-5"}, "charge"),
        ({"charge": "lots"}, "charge"),
        ({"attendees_expected": "0"}, "attendees_expected"),
        ({"attendees_expected": "50"}, "attendees_expected"),
        ({"group_name": ""}, "group_name"),
    ],
)
def test_a_bad_booking_is_a_field_error_not_a_crash(client, authority, room, changes, field):
    client.force_login(authority.worker)
    response = client.post(
        reverse("community:booking_add", args=[authority.centre_a.pk]), booking_post(room, **changes)
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not RoomBooking.objects.exists()


def test_a_room_of_another_centre_cannot_be_chosen(client, authority):
    elsewhere = RoomFactory(centre=authority.centre_b)
    client.force_login(authority.worker)
    response = client.post(reverse("community:booking_add", args=[authority.centre_a.pk]), booking_post(elsewhere))
    assert "room" in response.context["form"].errors


def test_cancelling_asks_first_then_frees_the_room(client, authority, room):
    with time_machine.travel(at(DAY - timedelta(days=1), 9)):
        booking = book(authority, room, at(DAY, 10), at(DAY, 12))
        client.force_login(authority.worker)
        url = reverse("community:booking_cancel", args=[authority.centre_a.pk, booking.pk])
        assert "Cancel this booking?" in client.get(url).content.decode()
        booking.refresh_from_db()
        assert not booking.cancelled
        assert client.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled


def test_the_week_of_bookings_takes_a_fixed_number_of_queries(client, authority, room, django_assert_max_num_queries):
    for day in range(7):
        for hour in (9, 11, 13, 15):
            RoomBookingFactory(room=room, starts_at=at(DAY + timedelta(days=day - 1), hour))
    client.force_login(authority.worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("community:bookings", args=[authority.centre_a.pk]), {"week": "2026-03-10"})
    days = response.context["days"]
    assert days[0][0] == date(2026, 3, 9)
    assert sum(len(bookings) for _, bookings in days) == 28


# ---------------------------------------------------------------------------------------------
# Volunteers
# ---------------------------------------------------------------------------------------------


def test_volunteer_hours_add_up_by_financial_year(authority):
    volunteer = VolunteerFactory(centre=authority.centre_a, started_on=date(2024, 1, 1))
    for day, hours in [
        (date(2025, 3, 31), "4.00"),  # 2024-25
        (date(2025, 4, 1), "2.50"),  # 2025-26
        (date(2026, 3, 31), "1.25"),  # 2025-26
        (date(2026, 4, 1), "3.00"),  # 2026-27
    ]:
        VolunteerHoursFactory(volunteer=volunteer, date=day, hours=Decimal(hours))
    other = VolunteerFactory(centre=authority.centre_b, started_on=date(2024, 1, 1))
    VolunteerHoursFactory(volunteer=other, date=date(2025, 6, 1), hours=Decimal("7"))

    row = volunteer_list(centre=authority.centre_a, financial_year=2025).get()
    assert row.hours_year == Decimal("3.75")
    assert row.hours_total == Decimal("10.75")
    assert volunteer_hours_total(
        centres=[authority.centre_a], start=date(2025, 4, 1), end=date(2026, 3, 31)
    ) == Decimal("3.75")
    assert volunteer_hours_total(
        centres=[authority.centre_a, authority.centre_b], start=date(2025, 4, 1), end=date(2026, 3, 31)
    ) == Decimal("10.75")


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("24.5")])
def test_hours_must_be_more_than_nothing_and_at_most_a_day(authority, hours):
    volunteer = VolunteerFactory(centre=authority.centre_a)
    with pytest.raises(ValidationError) as refused:
        volunteer_hours_log(
            user=authority.worker, volunteer=volunteer, date=date(2025, 6, 1), hours=hours, activity="Reception"
        )
    assert "hours" in refused.value.message_dict


def test_hours_cannot_be_logged_outside_the_volunteering(authority):
    volunteer = VolunteerFactory(centre=authority.centre_a, started_on=date(2025, 1, 6))
    with pytest.raises(ValidationError) as refused:
        volunteer_hours_log(
            user=authority.worker, volunteer=volunteer, date=date(2025, 1, 5), hours=Decimal(1), activity="Reception"
        )
    assert refused.value.message_dict["date"] == ["" + volunteer.name + " started volunteering on 06/01/2025"]
    volunteer_end(volunteer=volunteer, ended_on=date(2025, 2, 1))
    volunteer.refresh_from_db()
    with pytest.raises(ValidationError):
        volunteer_hours_log(
            user=authority.worker, volunteer=volunteer, date=date(2025, 2, 2), hours=Decimal(1), activity="Reception"
        )


def test_logging_hours_on_the_screen_rejects_zero_as_a_field_error(client, authority):
    volunteer = VolunteerFactory(centre=authority.centre_a)
    client.force_login(authority.worker)
    url = reverse("community:volunteer_hours", args=[authority.centre_a.pk, volunteer.pk])
    response = client.post(url, {"date": "2/6/2025", "hours": "0", "activity": "Lunch club"})
    assert response.status_code == 200
    assert "hours" in response.context["form"].errors
    response = client.post(url, {"date": "2/6/2025", "hours": "2.5", "activity": "Lunch club"})
    assert response.status_code == 302
    assert VolunteerHours.objects.get().hours == Decimal("2.50")


def test_a_parent_who_volunteers_is_linked_to_their_record_and_audited(client, authority):
    carer = authority.family_a.adults.get()
    client.force_login(authority.worker)
    url = reverse("community:volunteer_add", args=[authority.centre_a.pk])
    form = client.get(url, {"adult": carer.pk}).context["form"]
    assert form.initial["name"] == str(carer)
    response = client.post(url, {"adult": carer.pk, "name": "", "started_on": "1/9/2025", "roles": "Lunch club"})
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.adult == carer
    assert volunteer.name == str(carer)
    event = AuditEvent.objects.get(family_id=authority.family_a.pk, action=AuditEvent.Action.CREATE)
    assert event.object_id == str(volunteer.pk)


def test_a_carer_of_a_family_the_worker_cannot_see_cannot_be_linked(client, authority):
    stranger = authority.family_b.adults.get()
    client.force_login(authority.worker)
    url = reverse("community:volunteer_add", args=[authority.centre_a.pk])
    assert "adult" not in client.get(url, {"adult": stranger.pk}).context["form"].initial
    response = client.post(url, {"adult": stranger.pk, "name": "X", "started_on": "1/9/2025"})
    assert "adult" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        volunteer_add(
            user=authority.worker, centre=authority.centre_a, name="X", started_on=date(2025, 9, 1), adult=stranger
        )
    assert not Volunteer.objects.exists()


def test_a_volunteer_without_a_carer_needs_a_name(client, authority):
    client.force_login(authority.worker)
    response = client.post(
        reverse("community:volunteer_add", args=[authority.centre_a.pk]), {"name": "", "started_on": "1/9/2025"}
    )
    assert response.context["form"].errors["name"] == ["Enter their name"]


def test_the_volunteer_list_takes_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    for _ in range(15):
        VolunteerHoursFactory(volunteer=VolunteerFactory(centre=authority.centre_a))
    client.force_login(authority.worker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("community:volunteers", args=[authority.centre_a.pk]), {"year": "2025"})
    assert response.context["page_obj"].paginator.count == 15


def test_anonymising_a_family_blanks_the_name_its_volunteer_is_listed_under(authority):
    privacy = pytest.importorskip("families.services.privacy")
    carer = authority.family_a.adults.get()
    volunteer = volunteer_add(
        user=authority.worker, centre=authority.centre_a, name="", started_on=date(2025, 1, 6), adult=carer
    )
    VolunteerHoursFactory(volunteer=volunteer)
    privacy.family_anonymise(family=authority.family_a)
    volunteer.refresh_from_db()
    assert volunteer.name == "Anonymised"
    assert volunteer.hour_entries.count() == 1  # the hours still count
