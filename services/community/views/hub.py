"""The community index of each centre, and strand 5: room bookings and volunteers."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from centres.access import role_required
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
    apply_errors,
    carer_initial,
    form_page,
    requested_year,
    year_context,
)


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


@role_required(works_at_centres)
def booking_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    rooms = room_list(centre=centre, active_only=True)
    form = RoomBookingForm(request.POST or None, rooms=rooms)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            booking = room_book(
                user=request.user,
                room=data["room"],
                group_name=data["group_name"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                attendees_expected=data["attendees_expected"],
                charge=data["charge"],
            )
        except ValidationError as error:
            apply_errors(form, error, {"starts_at": "start_time", "ends_at": "end_time"})
        else:
            messages.success(request, f"{booking.room} booked for {booking.group_name}")
            week = week_start_of(timezone.localdate(booking.starts_at))
            return redirect(f"{reverse('community:bookings', args=[centre.pk])}?week={week.isoformat()}")
    return form_page(
        request,
        centre=centre,
        form=form,
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
            week = week_start_of(timezone.localdate(booking.starts_at))
            return redirect(f"{reverse('community:bookings', args=[centre.pk])}?week={week.isoformat()}")
    return render(
        request, "services/community/booking_cancel.html", {"centre": centre, "booking": booking, "error": error}
    )


@role_required(manages_centres)
def room_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room = room_add(centre=centre, name=form.cleaned_data["name"], capacity=form.cleaned_data["capacity"])
        except ValidationError as error:
            apply_errors(form, error, {"__all__": "name"})
        else:
            messages.success(request, f"{room.name} added")
            return redirect("community:bookings", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
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
    page = Paginator(volunteer_list(centre=centre, financial_year=year), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "services/community/volunteers.html",
        {"centre": centre, "page_obj": page, "query_string": f"year={year}", **year_context(year)},
    )


@role_required(works_at_centres)
def volunteer_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    carers = linkable_carers(user=request.user)
    initial = {"started_on": timezone.localdate(), **carer_initial(request, carers)}
    form = VolunteerForm(request.POST or None, adults=carers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer = volunteer_add(
                user=request.user,
                centre=centre,
                name=data["name"],
                started_on=data["started_on"],
                roles=data["roles"],
                adult=data["adult"],
                request=request,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{volunteer.name} added as a volunteer")
            return redirect("community:volunteers", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading="Add a volunteer",
        back_url=reverse("community:volunteers", args=[centre.pk]),
        back_label="Back to volunteers",
        intro=(
            "Linked to the carer's record in their family."
            if initial.get("adult")
            else "For a parent registered with the centre, open their family's record and add them from there."
        ),
    )


@role_required(works_at_centres)
def volunteer_hours(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """The volunteer's hours, and the form to log more."""
    centre = community_centre_get(user=request.user, pk=centre_pk)
    volunteer = volunteer_get(centre=centre, pk=pk)
    form = VolunteerHoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer_hours_log(
                user=request.user,
                volunteer=volunteer,
                date=data["date"],
                hours=data["hours"],
                activity=data["activity"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{data['hours']} hours logged for {volunteer.name}")
            return redirect("community:volunteer_hours", centre_pk=centre.pk, pk=volunteer.pk)
    page = Paginator(volunteer_hours_list(volunteer=volunteer), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "services/community/volunteer_hours.html",
        {"centre": centre, "volunteer": volunteer, "form": form, "page_obj": page},
    )


@role_required(works_at_centres)
def volunteer_end_view(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    volunteer = volunteer_get(centre=centre, pk=pk)
    form = EndDateForm(request.POST or None, label="Stopped volunteering on", submit="Save")
    if request.method == "POST" and form.is_valid():
        try:
            volunteer_end(volunteer=volunteer, ended_on=form.cleaned_data["on"])
        except ValidationError as error:
            apply_errors(form, error, {"ended_on": "on", "__all__": "on"})
        else:
            messages.success(request, f"{volunteer.name} has stopped volunteering")
            return redirect("community:volunteers", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading=f"{volunteer.name} has stopped volunteering",
        back_url=reverse("community:volunteer_hours", args=[centre.pk, volunteer.pk]),
        back_label=f"Back to {volunteer.name}",
    )
