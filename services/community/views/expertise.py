"""Strand 6: training and support given to other early-years settings."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from centres.access import role_required
from services.community.access import works_at_centres
from services.community.forms import (
    AttendanceFormSet,
    SettingForm,
    TrainingEventForm,
    centre_staff,
    setting_choices,
)
from services.community.selectors import community_centre_get, expertise_totals, training_event_list
from services.community.services import setting_add, training_event_record
from services.community.views.common import apply_errors, form_page, requested_year, year_context
from services.models import TrainingEvent


@role_required(works_at_centres)
def training(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    year = requested_year(request)
    context = year_context(year)
    events = training_event_list(centre=centre, start=context["year_start"], end=context["year_end"])
    return render(
        request,
        "services/community/training.html",
        {
            "centre": centre,
            "page_obj": Paginator(events, 50).get_page(request.GET.get("page")),
            "query_string": f"year={year}",
            "totals": expertise_totals(centres=[centre], start=context["year_start"], end=context["year_end"]),
            **context,
        },
    )


@role_required(works_at_centres)
def training_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    data = request.POST or None
    initial = {"date": timezone.localdate(), "delivered_by": request.user.pk, "kind": TrainingEvent.Kind.TRAINING}
    form = TrainingEventForm(data, staff=centre_staff(centre), initial=initial)
    attendances = AttendanceFormSet(data, prefix="settings", form_kwargs={"setting_choices": setting_choices()})
    if request.method == "POST" and form.is_valid() and attendances.is_valid():
        cleaned = form.cleaned_data
        try:
            event = training_event_record(
                user=request.user,
                centre=centre,
                title=cleaned["title"],
                date=cleaned["date"],
                hours=cleaned["hours"],
                kind=cleaned["kind"],
                delivered_by=cleaned["delivered_by"],
                attendances=attendances.attendances(),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{event.title} recorded")
            return redirect("community:training", centre_pk=centre.pk)
    return render(
        request, "services/community/training_form.html", {"centre": centre, "form": form, "attendances": attendances}
    )


@role_required(works_at_centres)
def setting_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    """Settings are shared by the whole authority; this screen is reached from a centre's
    training page, and returns to it."""
    centre = community_centre_get(user=request.user, pk=centre_pk)
    form = SettingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            setting = setting_add(
                name=data["name"], kind=data["kind"], ofsted_urn=data["ofsted_urn"], postcode=data["postcode"]
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{setting.name} added: choose it when you record an event")
            return redirect("community:training_add", centre_pk=centre.pk)
    return form_page(
        request,
        centre=centre,
        form=form,
        heading="Add an early-years setting",
        back_url=reverse("community:training_add", args=[centre.pk]),
        back_label="Back to recording an event",
        intro="Add a childminder, nursery, pre-school or school that is not in the list yet.",
    )
