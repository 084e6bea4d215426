"""Booked courses: places, the waiting list, and moving up when a place is freed."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from services.bookings import booking_cancel, booking_make
from services.models import Booking, SessionSeries
from tests.families.factories import FamilyFactory
from tests.services.matrix_services import course_at


@pytest.fixture
def course(authority):
    series = SessionSeries.objects.get(pk=course_at(authority.centre_a))
    series.capacity = 2
    series.save()
    return series


def families(authority, n):
    return [FamilyFactory(registered_centre=authority.centre_a) for _ in range(n)]


def test_places_fill_then_families_wait_in_the_order_they_came(authority, course):
    first, second, third, fourth = families(authority, 4)
    statuses = [
        booking_make(user=authority.worker, series=course, family=f).status for f in (first, second, third, fourth)
    ]
    assert statuses == ["booked", "booked", "waiting", "waiting"]


def test_a_cancelled_place_goes_to_the_first_family_waiting(authority, course):
    first, second, third, fourth = families(authority, 4)
    bookings = [booking_make(user=authority.worker, series=course, family=f) for f in (first, second, third, fourth)]
    moved = booking_cancel(user=authority.worker, booking=bookings[0])
    assert moved is not None and moved.family == third
    assert list(course.bookings.filter(status="booked").values_list("family", flat=True).order_by("id")) == [
        second.pk,
        third.pk,
    ]
    assert Booking.objects.get(pk=bookings[0].pk).status == "cancelled"  # kept, not deleted
    assert booking_cancel(user=authority.worker, booking=bookings[3]) is None  # leaving the waiting list frees no place


def test_a_family_cannot_book_the_same_course_twice_or_at_another_centre(authority, course):
    (family,) = families(authority, 1)
    booking_make(user=authority.worker, series=course, family=family)
    with pytest.raises(ValidationError):
        booking_make(user=authority.worker, series=course, family=family)
    with pytest.raises(PermissionDenied):
        booking_make(user=authority.worker, series=course, family=authority.family_b)
    assert course.bookings.count() == 1


def test_the_course_page_books_by_reference_and_explains_bad_references(client, authority, course):
    (family,) = families(authority, 1)
    client.force_login(authority.worker)
    url = reverse("services:course", args=[course.pk])
    assert client.post(url, {"reference": family.reference.lower()}).status_code == 302
    assert course.bookings.get().family == family
    for bad, message in [
        ("hello", "Enter a family reference"),
        (authority.family_b.reference, "No family with this reference"),
    ]:
        response = client.post(url, {"reference": bad})
        assert response.status_code == 200 and message in response.content.decode()
    response = client.post(url, {"reference": family.reference})
    assert "already booked" in response.content.decode()
