"""Strand 6: training and support given to other early-years settings."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
from services.community.views.common import centre_form, requested_year, submitted, year_list
from services.models import TrainingEvent, financial_year_bounds


@role_required(works_at_centres)
def training(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    year = requested_year(request)
    start, end = financial_year_bounds(year)
    return year_list(
        request,
        "services/community/training.html",
        centre=centre,
        year=year,
        rows=training_event_list(centre=centre, start=start, end=end),
        totals=expertise_totals(centres=[centre], start=start, end=end),
    )


@role_required(works_at_centres)
def training_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    data = request.POST or None
    initial = {"date": timezone.localdate(), "delivered_by": request.user.pk, "kind": TrainingEvent.Kind.TRAINING}
    form = TrainingEventForm(data, staff=centre_staff(centre), initial=initial)
    attendances = AttendanceFormSet(data, prefix="settings", form_kwargs={"setting_choices": setting_choices()})
    done = submitted(
        request,
        form,
        lambda cleaned: training_event_record(
            user=request.user, centre=centre, attendances=attendances.attendances(), **cleaned
        ),
        also=[attendances],
        message=lambda event: f"{event.title} recorded",
        next_url=reverse("community:training", args=[centre.pk]),
    )
    if done is not None:
        return done
    return render(
        request, "services/community/training_form.html", {"centre": centre, "form": form, "attendances": attendances}
    )


@role_required(works_at_centres)
def setting_add_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    """Settings are shared by the whole authority; this screen is reached from a centre's
    training page, and returns to it."""
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return centre_form(
        request,
        centre=centre,
        form=SettingForm(request.POST or None),
        save=lambda data: setting_add(**data),
        message=lambda setting: f"{setting.name} added: choose it when you record an event",
        heading="Add an early-years setting",
        back_url=reverse("community:training_add", args=[centre.pk]),
        back_label="Back to recording an event",
        intro="Add a childminder, nursery, pre-school or school that is not in the list yet.",
    )
