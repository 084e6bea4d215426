"""Budget and spend per service (F1): read by centre staff and analysts, changed by managers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
from services.community.views.common import T, centre_form, page_of, requested_year, year_context
from services.models import financial_year_of


def _spend_context(request: HttpRequest, centres: Any, year: int) -> dict[str, Any]:
    rows = list(spend_by_service(centres=centres, financial_year=year))
    context: dict[str, Any] = {"rows": rows, "totals": spend_totals(rows), "spend_lines": None, **year_context(year)}
    if sees_personal_data(request.user):
        # The lines say who recorded them and may describe people: centre staff only.
        lines = spend_list(centres=centres, financial_year=year)
        context["spend_lines"] = page_of(request, lines)
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


def _spend_form(
    request: HttpRequest, centre: Centre, form: forms.BaseForm, save: Callable[[dict[str, Any]], T], **page: Any
) -> HttpResponse:
    """Spend and budgets return to the centre's spend page, at the year of what was saved."""
    back_url = reverse("community:spend", args=[centre.pk])
    return centre_form(request, centre=centre, form=form, save=save, back_url=back_url, back_label="Back", **page)


def _at_year(centre: Centre, year: int) -> str:
    return f"{reverse('community:spend', args=[centre.pk])}?year={year}"


@role_required(manages_centres)
def spend_add(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    return _spend_form(
        request,
        centre,
        SpendForm(request.POST or None, services=services_of_centres(centres=[centre])),
        lambda data: spend_record(user=request.user, **data),
        message=lambda spent: f"£{spent.amount:,} recorded against {spent.service}",
        next_url=lambda spent: _at_year(centre, financial_year_of(spent.date)),
        heading="Record spend",
    )


@role_required(manages_centres)
def budget_set_view(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = community_centre_get(user=request.user, pk=centre_pk)
    initial = {"financial_year": requested_year(request)}
    return _spend_form(
        request,
        centre,
        BudgetForm(request.POST or None, services=services_of_centres(centres=[centre]), initial=initial),
        lambda data: budget_set(user=request.user, **data),
        message=lambda budget: f"Budget set: {budget}",
        next_url=lambda budget: _at_year(centre, budget.financial_year),
        heading="Set a budget",
        intro="Setting a budget for a service and year that already has one replaces it.",
    )
