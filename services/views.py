from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.models import Centre
from centres.roles import sees_personal_data
from families.models import Family
from families.selectors import family_get_for_user
from services.bookings import booking_cancel, booking_make
from services.forms import BookingForm, ContactForm, DropInForm, SeriesForm, ServiceForm, SessionForm
from services.models import Booking, Service, Session, SessionSeries
from services.selectors import service_list, session_register, timetable, week_of
from services.sessions import (
    contact_record,
    drop_in_add,
    may_manage_services,
    register_save,
    series_create,
    session_create,
)


@role_required(sees_personal_data)
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "services/catalogue.html",
        {"services": service_list(user=request.user), "may_manage": may_manage_services(request.user)},
    )


@role_required(may_manage_services)
def service_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    service = get_object_or_404(service_list(user=request.user), pk=pk) if pk else None
    centres = Centre.objects.for_user(request.user)
    form = ServiceForm(request.POST or None, instance=service, centres=centres)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{form.instance.name} saved")
        return redirect("services:catalogue")
    return render(
        request, "services/form.html", {"form": form, "heading": "Change a service" if service else "Add a service"}
    )


def _week(request: HttpRequest) -> date:
    try:
        return week_of(date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        return week_of(timezone.localdate())


@role_required(sees_personal_data)
def timetable_view(request: HttpRequest) -> HttpResponse:
    centres = Centre.objects.for_user(request.user).open()
    centre = (
        centres.filter(pk=request.GET.get("centre") or 0).first() if request.GET.get("centre", "").isdigit() else None
    )
    centre = centre or centres.first()
    week = _week(request)
    sessions = timetable(user=request.user, centre=centre, week_start=week) if centre else Session.objects.none()
    days = [(week + timedelta(days=n), [s for s in sessions if s.date == week + timedelta(days=n)]) for n in range(7)]
    return render(
        request,
        "services/timetable.html",
        {
            "centre": centre,
            "centres": centres,
            "week": week,
            "previous_week": week - timedelta(days=7),
            "next_week": week + timedelta(days=7),
            "days": days,
            "today": timezone.localdate(),
        },
    )


def _session_forms_kwargs(request: HttpRequest) -> dict[str, object]:
    return {
        "services": service_list(user=request.user).filter(active=True),
        "centres": Centre.objects.for_user(request.user).open(),
    }


@role_required(sees_personal_data)
def session_add(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None, **_session_forms_kwargs(request))
    if request.method == "POST" and form.is_valid():
        session = session_create(user=request.user, **form.cleaned_data)  # the form's fields are its arguments
        messages.success(request, f"Session added: {session}")
        return redirect(f"{reverse('services:timetable')}?centre={session.centre_id}&week={week_of(session.date)}")
    return render(request, "services/form.html", {"form": form, "heading": "Add a session"})


@role_required(sees_personal_data)
def series_add(request: HttpRequest) -> HttpResponse:
    form = SeriesForm(request.POST or None, **_session_forms_kwargs(request))
    if request.method == "POST" and form.is_valid():
        try:
            series = series_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{series.sessions.count()} weekly sessions added")
            return redirect(
                f"{reverse('services:timetable')}?centre={series.centre_id}&week={week_of(series.first_date)}"
            )
    return render(request, "services/form.html", {"form": form, "heading": "Add weekly sessions"})


def _session_for(request: HttpRequest, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.filter(centre__in=Centre.objects.for_user(request.user)).select_related(
            "service", "centre", "series"
        ),
        pk=pk,
    )


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


@role_required(sees_personal_data)
def register_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    if request.method == "POST":
        try:
            result = register_save(
                user=request.user,
                session=session,
                child_ids=_ids(request.POST.getlist("child")),
                adult_ids=_ids(request.POST.getlist("adult")),
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                f"Register saved: {result.people} people. {result.added} families added, "
                f"{result.changed} changed, {result.removed} taken off.",
            )
            for warning in result.warnings:
                messages.warning(request, warning)
        return redirect("services:register", pk=session.pk)
    query = request.GET.get("q", "").strip()
    found: list[int] = []
    if query:
        from families.search import family_search

        found = list(family_search(user=request.user, query=query).values_list("pk", flat=True)[:10])
    rows = session_register(user=request.user, session=session, extra_family_ids=found)
    return render(
        request,
        "services/register.html",
        {
            "session": session,
            "rows": rows,
            "query": query,
            "searched": bool(query),
            "drop_ins": session.drop_ins.select_related("converted_family"),
            "drop_in_form": DropInForm(),
            "people": sum(len(r.ticked_children) + len(r.ticked_adults) for r in rows),
            "may_take": session.date <= timezone.localdate() and not session.cancelled,
        },
    )


@role_required(sees_personal_data)
def drop_in_view(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    form = DropInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        drop_in_add(user=request.user, session=session, **form.cleaned_data)
        messages.success(request, "Drop-in visitor added: register the family from the list when they are ready")
        return redirect("services:register", pk=session.pk)
    return render(request, "services/form.html", {"form": form, "heading": f"Add a drop-in visitor to {session}"})


@role_required(sees_personal_data)
@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_for(request, pk)
    if session.contacts.exists():
        messages.error(request, "People are on this session's register: take them off before cancelling it")
    else:
        Session.objects.filter(pk=session.pk).update(cancelled=True)
        messages.success(request, "Session cancelled")
    return redirect(f"{reverse('services:timetable')}?centre={session.centre_id}&week={week_of(session.date)}")


@role_required(sees_personal_data)
def contact_add(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    form = ContactForm(request.POST or None, family=family)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact_record(
                user=request.user,
                family=family,
                kind=data["kind"],
                day=data["day"],
                duration_minutes=data["duration_minutes"],
                notes=data["notes"],
                child_ids=data["children"],
                adult_ids=data["adults"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise
        else:
            messages.success(request, "Contact recorded")
            return redirect("families:detail", pk=family.pk)
    return render(request, "families/edit.html", {"form": form, "family": family, "heading": "Record a contact"})


@role_required(sees_personal_data)
def service_detail(request: HttpRequest, pk: int) -> HttpResponse:
    service: Service = get_object_or_404(service_list(user=request.user), pk=pk)
    upcoming = service.sessions.filter(date__gte=timezone.localdate(), cancelled=False).select_related("centre")[:20]
    return render(request, "services/service_detail.html", {"service": service, "upcoming": upcoming})


def _series_for(request: HttpRequest, pk: int) -> SessionSeries:
    return get_object_or_404(
        SessionSeries.objects.filter(centre__in=Centre.objects.for_user(request.user)).select_related(
            "service", "centre"
        ),
        pk=pk,
    )


@role_required(sees_personal_data)
def course_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A booked course: its places, the waiting list, and booking a family by reference."""
    series = _series_for(request, pk)
    form = BookingForm(request.POST or None)
    if request.method == "POST" and "cancel" in request.POST:
        booking = get_object_or_404(
            Booking, series=series, pk=int(request.POST["cancel"]) if request.POST["cancel"].isdigit() else 0
        )
        moved = booking_cancel(user=request.user, booking=booking, request=request)
        messages.success(
            request, f"Booking cancelled{f'; {moved.family.reference} moved up from the waiting list' if moved else ''}"
        )
        return redirect("services:course", pk=series.pk)
    if request.method == "POST" and form.is_valid():
        family = Family.objects.for_user(request.user).active().filter(pk=form.cleaned_data["family_id"]).first()
        if family is None:
            form.add_error("reference", "No family with this reference is registered at your centres")
        else:
            try:
                booking = booking_make(user=request.user, series=series, family=family, request=request)
            except ValidationError as error:
                form.add_error("reference", error)
            else:
                messages.success(request, f"{family.reference}: {booking.get_status_display().lower()}")
                return redirect("services:course", pk=series.pk)
    bookings = list(
        series.bookings.exclude(status=Booking.Status.CANCELLED).select_related("family").order_by("created_at", "id")
    )
    return render(
        request,
        "services/course.html",
        {
            "series": series,
            "form": form,
            "booked": [b for b in bookings if b.status == Booking.Status.BOOKED],
            "waiting": [b for b in bookings if b.status == Booking.Status.WAITING],
        },
    )
