"""A family's outcomes, and recording assessments, health and carers' progress: centre staff of
the family's centre only (another centre's family is a 404, analysts and administrators 403)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from centres.access import role_required
from centres.attempt import attempt
from centres.roles import sees_personal_data
from families.models import Family
from families.selectors import family_get_for_user
from outcomes.models import AdultProgress
from outcomes.records.forms import AdultProgressForm, AssessmentForm, HealthRecordForm, InstrumentChoiceForm
from outcomes.records.selectors import (
    assessable_people,
    family_adult_get,
    family_child_get,
    family_outcomes,
    instrument_get,
    instrument_list,
)
from outcomes.records.services import adult_progress_record, assessment_record, health_record
from services.selectors import service_list


def _form_page(request: HttpRequest, family: Family, form: forms.Form, heading: str, **extra: Any) -> HttpResponse:
    context = {"family": family, "form": form, "heading": heading, **extra}
    return render(request, "outcomes/form.html", context)


def _saved(request: HttpRequest, family: Family, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("outcomes:family", pk=family.pk)


@role_required(sees_personal_data)
def family_outcomes_view(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    page = family_outcomes(user=request.user, family=family, request=request)
    return render(request, "outcomes/family.html", {"page": page, "family": family})


@role_required(sees_personal_data)
def assessment_choose_view(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    form = InstrumentChoiceForm(request.GET or None, instruments=instrument_list())
    if form.is_valid():
        return redirect("outcomes:assessment_record", family_pk=family.pk, code=form.cleaned_data["instrument"].code)
    return _form_page(request, family, form, "Record an assessment")


@role_required(sees_personal_data)
def assessment_record_view(request: HttpRequest, family_pk: int, code: str) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    instrument = instrument_get(code=code)
    people = assessable_people(family=family, instrument=instrument)
    # The choices show only the service's name: no need for its provider.
    services = service_list(user=request.user).filter(active=True).select_related(None)
    form = AssessmentForm(request.POST or None, instrument=instrument, people=people, services=services)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        saved = attempt(
            form, assessment_record, user=request.user, family=family, instrument=instrument, request=request, **kwargs
        )
        if saved is not None:
            return _saved(request, family, f"{instrument.name} recorded")
    return _form_page(
        request, family, form, f"Record {instrument.name}", instrument=instrument, nobody=not people.exists()
    )


@role_required(sees_personal_data)
def health_record_view(request: HttpRequest, family_pk: int, child_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    child = family_child_get(family=family, pk=child_pk)
    form = HealthRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, health_record, user=request.user, family=family, child=child, request=request, **form.cleaned_data
        )
        if saved is not None:
            return _saved(request, family, f"Health information for {child.first_name or 'the child'} recorded")
    return _form_page(request, family, form, f"Record health information for {child}", person=child)


@role_required(sees_personal_data)
def progress_record_view(request: HttpRequest, family_pk: int, adult_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    adult = family_adult_get(family=family, pk=adult_pk)
    first = not AdultProgress.objects.filter(adult=adult).exists()
    form = AdultProgressForm(request.POST or None, first=first)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            adult_progress_record,
            user=request.user,
            family=family,
            adult=adult,
            request=request,
            **form.cleaned_data,
        )
        if saved is not None:
            return _saved(request, family, f"Progress for {adult} recorded")
    return _form_page(request, family, form, f"Record progress for {adult}", person=adult)
