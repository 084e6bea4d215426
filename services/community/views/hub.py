"""The community index of each centre, and strand 5: room bookings and volunteers."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from centres.access import role_required
from centres.models import Centre
from services.community.access import manages_centres, works_at_centres
from services.community.forms import EndDateForm, RoomBookingForm, RoomForm, VolunteerForm, VolunteerHoursForm
from services.community.selectors import (
    bookings_by_day,
    community_centre_get,
    community_centre_list,
    community_summary,
    linkable_carers,
    room_booking_get,
    room_booking_week,
    room_list,
    volunteer_get,
    volunteer_hours_list,
    volunteer_list,
    week_start_of,
)
from services.community.services import (
    room_add,
    room_book,
    room_booking_cancel,
    volunteer_add,
    volunteer_end,
    volunteer_hours_log,
)
from services.community.views.common import (
    carer_initial,
    carer_intro,
    centre_form,
    page_of,
    requested_year,
    submitted,
    year_context,
    year_list,
)
from services.models import RoomBooking


@role_required(works_at_centres)
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "services/community/index.html", {"centres": community_centre_list(user=request.user)})


@role_required(works_at_centres)
def centre_home(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    year = requested_year(request)
    context = year_context(year)
    summary = community_summary(centres=[centre], start=context["year_start"], end=context["year_end"])
    return render(
        request,
        "services/community/centre.html",
        {"centre": centre, "summary": summary, "may_manage": manages_centres(request.user), **context},
    )


# ---------------------------------------------------------------------------------------------
# Rooms and bookings
# ---------------------------------------------------------------------------------------------


def _requested_week(request: HttpRequest) -> date:
    try:
        day = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = timezone.localdate()
    return week_start_of(day)


@role_required(works_at_centres)
def bookings(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    week = _requested_week(request)
    days = bookings_by_day(room_booking_week(centre=centre, week_start=week), week_start=week)
    return render(
        request,
        "services/community/bookings.html",
        {
            "centre": centre,
            "days": days,
            "week_start": week,
            "week_end": week + timedelta(days=6),
            "previous_week": week - timedelta(days=7),
            "next_week": week + timedelta(days=7),
            "rooms": room_list(centre=centre),
            "may_manage": manages_centres(request.user),
            "now": timezone.now(),
        },
    )


def _week_of_booking(centre: Centre, booking: RoomBooking) -> str:
    """The bookings page at the week of a booking just made or cancelled."""
    week = week_start_of(timezone.localdate(booking.starts_at))
    return f"{reverse('community:bookings', args=[centre.pk])}?week={week.isoformat()}"


@role_required(works_at_centres)
def booking_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    rooms = room_list(centre=centre, active_only=True)
    return centre_form(
        request,
        centre=centre,
        form=RoomBookingForm(request.POST or None, rooms=rooms),
        save=lambda data: room_book(
            user=request.user,
            room=data["room"],
            group_name=data["group_name"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            attendees_expected=data["attendees_expected"],
            charge=data["charge"],
        ),
        fields={"starts_at": "start_time", "ends_at": "end_time"},
        message=lambda booking: f"{booking.room} booked for {booking.group_name}",
        next_url=lambda booking: _week_of_booking(centre, booking),
        heading="Book a room",
        back_url=reverse("community:bookings", args=[centre.pk]),
        back_label="Back to room bookings",
        intro="" if rooms.exists() else "The centre has no rooms to book yet: a centre manager adds them.",
    )


@role_required(works_at_centres)
def booking_cancel(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """A confirmation page (GET), then the cancellation (POST): no JavaScript needed."""
    centre = community_centre_get(user=request.user, pk=centre_pk)
    booking = room_booking_get(centre=centre, pk=pk)
    error = ""
    if request.method == "POST":
        try:
            room_booking_cancel(user=request.user, booking=booking)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, f"Booking cancelled: {booking.room} is free again")
            return redirect(_week_of_booking(centre, booking))
    return render(
        request, "services/community/booking_cancel.html", {"centre": centre, "booking": booking, "error": error}
    )


@role_required(manages_centres)
def room_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return centre_form(
        request,
        centre=centre,
        form=RoomForm(request.POST or None),
        save=lambda data: room_add(centre=centre, **data),
        fields={"__all__": "name"},
        message=lambda room: f"{room.name} added",
        heading="Add a room",
        back_url=reverse("community:bookings", args=[centre.pk]),
        back_label="Back to room bookings",
    )


# ---------------------------------------------------------------------------------------------
# Volunteers
# ---------------------------------------------------------------------------------------------


@role_required(works_at_centres)
def volunteers(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    year = requested_year(request)
    rows = volunteer_list(centre=centre, financial_year=year)
    return year_list(request, "services/community/volunteers.html", centre=centre, year=year, rows=rows)


@role_required(works_at_centres)
def volunteer_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    carers = linkable_carers(user=request.user)
    initial = {"started_on": timezone.localdate(), **carer_initial(request, carers)}
    return centre_form(
        request,
        centre=centre,
        form=VolunteerForm(request.POST or None, adults=carers, initial=initial),
        save=lambda data: volunteer_add(user=request.user, centre=centre, request=request, **data),
        message=lambda volunteer: f"{volunteer.name} added as a volunteer",
        heading="Add a volunteer",
        back_url=reverse("community:volunteers", args=[centre.pk]),
        back_label="Back to volunteers",
        intro=carer_intro(initial),
    )


@role_required(works_at_centres)
def volunteer_hours(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """The volunteer's hours, and the form to log more."""
    centre = community_centre_get(user=request.user, pk=centre_pk)
    volunteer = volunteer_get(centre=centre, pk=pk)
    form = VolunteerHoursForm(request.POST or None)
    done = submitted(
        request,
        form,
        lambda data: volunteer_hours_log(user=request.user, volunteer=volunteer, **data),
        message=lambda _: f"{form.cleaned_data['hours']} hours logged for {volunteer.name}",
        next_url=reverse("community:volunteer_hours", args=[centre.pk, volunteer.pk]),
    )
    if done is not None:
        return done
    page = page_of(request, volunteer_hours_list(volunteer=volunteer))
    return render(
        request,
        "services/community/volunteer_hours.html",
        {"centre": centre, "volunteer": volunteer, "form": form, "page_obj": page},
    )


@role_required(works_at_centres)
def volunteer_end_view(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    volunteer = volunteer_get(centre=centre, pk=pk)
    return centre_form(
        request,
        centre=centre,
        form=EndDateForm(request.POST or None, label="Stopped volunteering on", submit="Save"),
        save=lambda data: volunteer_end(volunteer=volunteer, ended_on=data["on"]),
        fields={"ended_on": "on", "__all__": "on"},
        message=f"{volunteer.name} has stopped volunteering",
        next_url=reverse("community:volunteers", args=[centre.pk]),
        heading=f"{volunteer.name} has stopped volunteering",
        back_url=reverse("community:volunteer_hours", args=[centre.pk, volunteer.pk]),
        back_label=f"Back to {volunteer.name}",
    )
