"""Caseloads, cases and family plans: centre staff of the family's centre only."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path

from centres.access import role_required
from centres.attempt import attempt
from centres.models import Centre
from centres.roles import Role, sees_personal_data
from families.cases.forms import CaseCloseForm, CaseloadFilterForm, CaseOpenForm, GoalForm, ReviewForm
from families.cases.selectors import (
    CaseStatus,
    case_get_for_user,
    case_view,
    caseload,
    centre_staff,
    open_case_of,
)
from families.cases.services import case_close, case_open, goal_add, goal_update, review_record
from families.models import Case, PlanGoal
from families.selectors import family_get_for_user

PAGE_SIZE = 50


def _case_form(request: HttpRequest, case: Case, form: forms.Form, heading: str) -> HttpResponse:
    return render(request, "families/cases/form.html", {"form": form, "case": case, "heading": heading})


def _closed(request: HttpRequest, case: Case) -> HttpResponse:
    messages.info(request, f"Case {case.reference} is closed: its plan can no longer be changed")
    return redirect("families:case", pk=case.pk)


@role_required(sees_personal_data)
def caseload_view(request: HttpRequest) -> HttpResponse:
    manager = getattr(request.user, "role", None) == Role.MANAGER
    staff = centre_staff(centre_ids=Centre.objects.for_user(request.user).values_list("pk", flat=True))
    form = CaseloadFilterForm(request.GET or None, staff=staff if manager else None)
    filters = form.cleaned_data if form.is_valid() else {}
    key_worker = filters.get("key_worker")
    status: CaseStatus = filters.get("status") or "open"
    cases = caseload(user=request.user, key_worker_id=key_worker.pk if key_worker else None, status=status)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"status": status, **({"key_worker": key_worker.pk} if key_worker else {})}
    context = {"form": form, "page_obj": page, "status": status, "manager": manager, "query_string": urlencode(query)}
    return render(request, "families/cases/caseload.html", context)


@role_required(sees_personal_data)
def case_open_view(request: HttpRequest, family_pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=family_pk)
    staff = centre_staff(centre_ids=[family.registered_centre_id])
    initial = {"key_worker": family.key_worker_id or request.user.pk}
    form = CaseOpenForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        case = attempt(form, case_open, user=request.user, family=family, request=request, **form.cleaned_data)
        if case is not None:
            messages.success(request, f"Case {case.reference} opened")
            return redirect("families:case", pk=case.pk)
    context = {"form": form, "family": family, "open_case": open_case_of(family=family)}
    return render(request, "families/cases/open.html", context)


@role_required(sees_personal_data)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = case_view(user=request.user, pk=pk, request=request)
    return render(request, "families/cases/case_detail.html", {"page": page, "case": page.case})


@role_required(sees_personal_data)
def case_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    if not case.is_open:
        return _closed(request, case)
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        closed = attempt(
            form,
            case_close,
            user=request.user,
            case=case,
            closed_on=data["closed_on"],
            outcome=data["closing_outcome"],
            note=data["closing_note"],
            request=request,
        )
        if closed is not None:
            messages.success(request, f"Case {case.reference} closed")
            return redirect("families:case", pk=case.pk)
    return _case_form(request, case, form, "Close the case")


@role_required(sees_personal_data)
def goal_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    if not case.is_open:
        return _closed(request, case)
    form = GoalForm(request.POST or None, editing=False)
    saved = request.method == "POST" and form.is_valid()
    if saved and attempt(form, goal_add, user=request.user, case=case, request=request, **form.cleaned_data):
        messages.success(request, "Goal added to the plan")
        return redirect("families:case", pk=case.pk)
    return _case_form(request, case, form, "Add a goal to the plan")


@role_required(sees_personal_data)
def goal_edit_view(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=case_pk)
    goal = get_object_or_404(PlanGoal, case=case, pk=pk)
    if not case.is_open:
        return _closed(request, case)
    initial = {name: getattr(goal, name) for name in ("goal", "actions", "owner", "review_on", "status")}
    form = GoalForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        changed = attempt(form, goal_update, user=request.user, goal=goal, data=form.cleaned_data, request=request)
        if changed is not None:
            messages.success(request, "Goal saved" if changed else "Nothing was changed")
            return redirect("families:case", pk=case.pk)
    return _case_form(request, case, form, "Change a goal")


@role_required(sees_personal_data)
def review_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_user(user=request.user, pk=pk)
    if not case.is_open:
        return _closed(request, case)
    form = ReviewForm(request.POST or None)
    saved = request.method == "POST" and form.is_valid()
    if saved and attempt(form, review_record, user=request.user, case=case, request=request, **form.cleaned_data):
        messages.success(request, "Review recorded")
        return redirect("families:case", pk=case.pk)
    return _case_form(request, case, form, "Record a review of the plan")


urlpatterns = [
    path("caseload/", caseload_view, name="caseload"),
    path("<int:family_pk>/cases/open/", case_open_view, name="case_open"),
    path("cases/<int:pk>/", case_detail, name="case"),
    path("cases/<int:pk>/close/", case_close_view, name="case_close"),
    path("cases/<int:pk>/goals/add/", goal_add_view, name="goal_add"),
    path("cases/<int:case_pk>/goals/<int:pk>/", goal_edit_view, name="goal_edit"),
    path("cases/<int:pk>/reviews/add/", review_add_view, name="review_add"),
]
