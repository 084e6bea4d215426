"""Administrators set indicator targets and payment-by-results measures; the ledger of what the
measures earned is on the dashboards' payment-by-results section."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from centres.access import role_required
from centres.audit import audit_record
from centres.models import AuditEvent, Centre
from centres.roles import Role, administers, is_active_staff
from outcomes.models import IndicatorTarget, PbRMeasure
from outcomes.pbr.forms import MeasureForm, TargetForm


@role_required(administers)
def measure_list(request: HttpRequest) -> HttpResponse:
    measures = PbRMeasure.objects.select_related("centre").order_by("name", "pk")
    return render(request, "outcomes/pbr/measure_list.html", {"measures": measures})


def sets_targets(user: Any) -> bool:
    """Administrators set any target; a centre's managers set their own centres' targets."""
    return administers(user) or (is_active_staff(user) and getattr(user, "role", None) == Role.MANAGER)


def _targets_for(user: Any) -> QuerySet[IndicatorTarget]:
    targets = IndicatorTarget.objects.select_related("centre")
    if administers(user):
        return targets
    return targets.filter(centre__in=Centre.objects.for_user(user))


@role_required(sets_targets)
def target_list(request: HttpRequest) -> HttpResponse:
    return render(request, "outcomes/pbr/target_list.html", {"targets": _targets_for(request.user)})


def _edit(
    request: HttpRequest, *, form_class: Any, instance: Model | None, owner_field: str, back: str, noun: str
) -> HttpResponse:
    form = form_class(request.POST or None, instance=instance, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            obj = form.save(commit=False)
            if instance is None:
                setattr(obj, owner_field, request.user)
            obj.save()
            # Targets and payments decide what the council pays: who set them, and what changed.
            audit_record(
                user=request.user,
                action=AuditEvent.Action.CREATE if instance is None else AuditEvent.Action.UPDATE,
                obj=obj,
                changed_fields=form.changed_data,
                request=request,
            )
        messages.success(request, f"{noun.capitalize()} saved")
        return redirect(back)
    return render(
        request,
        "outcomes/pbr/form.html",
        {"form": form, "noun": noun, "back": back, "editing": instance is not None},
        status=400 if form.errors else 200,
    )


@role_required(administers)
def measure_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(PbRMeasure, pk=pk) if pk else None
    return _edit(
        request,
        form_class=MeasureForm,
        instance=instance,
        owner_field="created_by",
        back="indicators:pbr_measures",
        noun="payment-by-results measure",
    )


@role_required(sets_targets)
def target_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(_targets_for(request.user), pk=pk) if pk else None
    return _edit(
        request,
        form_class=TargetForm,
        instance=instance,
        owner_field="set_by",
        back="indicators:targets",
        noun="target",
    )
