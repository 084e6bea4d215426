"""Budget and spend per service (F1): read by centre staff and analysts, changed by managers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from centres.access import role_required
from centres.models import Centre
from centres.roles import sees_personal_data
from services.community.access import manages_centres, reads_spend
from services.community.forms import BudgetForm, SpendForm
from services.community.selectors import (
    community_centre_get,
    community_centre_list,
    services_of_centres,
    spend_by_service,
    spend_list,
    spend_totals,
)
from services.community.services import budget_set, spend_record
from services.community.views.common import apply_errors, form_page, requested_year, year_context
from services.models import financial_year_of


def _spend_context(request: HttpRequest, centres: Any, year: int) -> dict[str, Any]:
    rows = list(spend_by_service(centres=centres, financial_year=year))
    context: dict[str, Any] = {"rows": rows, "totals": spend_totals(rows), "spend_lines": None, **year_context(year)}
    if sees_personal_data(request.user):
        # The lines say who recorded them and may describe people: centre staff only.
        lines = spend_list(centres=centres, financial_year=year)
        context["spend_lines"] = Paginator(lines, 50).get_page(request.GET.get("page"))
        context["query_string"] = f"year={year}"
    return context


@role_required(reads_spend)
def spend(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    context = _spend_context(request, [centre], requested_year(request))
    return render(
        request,
        "services/community/spend.html",
        {"centre": centre, "may_manage": manages_centres(request.user), **context},
    )


@role_required(reads_spend)
def spend_overview(request: HttpRequest) -> HttpResponse:
    """Every service of every centre the user may see (all of them, for an analyst)."""
    centres = community_centre_list(user=request.user)
    context = _spend_context(request, centres, requested_year(request))
    return render(
        request,
        "services/community/spend.html",
        {"centre": None, "centres": centres, "may_manage": False, **context},
    )


def _back_to_spend(centre: Centre) -> str:
    return reverse("community:spend", args=[centre.pk])


@role_required(manages_centres)
def spend_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    form = SpendForm(request.POST or None, services=services_of_centres(centres=[centre]))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            spent = spend_record(
                user=request.user,
                service=data["service"],
                date=data["date"],
                amount=data["amount"],
                description=data["description"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"£{spent.amount:,} recorded against {spent.service}")
            return redirect(f"{_back_to_spend(centre)}?year={financial_year_of(spent.date)}")
    return form_page(
        request, centre=centre, form=form, heading="Record spend", back_url=_back_to_spend(centre), back_label="Back"
    )


@role_required(manages_centres)
def budget_set_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    initial = {"financial_year": requested_year(request)}
    form = BudgetForm(request.POST or None, services=services_of_centres(centres=[centre]), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            budget = budget_set(
                user=request.user,
                service=data["service"],
                financial_year=data["financial_year"],
                amount=data["amount"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Budget set: {budget}")
            return redirect(f"{_back_to_spend(centre)}?year={budget.financial_year}")
    return form_page(
        request,
        centre=centre,
        form=form,
        heading="Set a budget",
        back_url=_back_to_spend(centre),
        back_label="Back",
        intro="Setting a budget for a service and year that already has one replaces it.",
    )
