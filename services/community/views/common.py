"""Helpers shared by the community views."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from centres.models import Centre
from families.models import Adult
from services.models import financial_year_bounds, financial_year_label, financial_year_of


def apply_errors(form: forms.BaseForm, error: ValidationError, fields: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: beside the field it names (model field
    names translated through `fields`), or above the form when it names none of the form's."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, messages)


def requested_year(request: HttpRequest) -> int:
    """The financial year asked for (?year=2025 for 2025-26), else the current one."""
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return financial_year_of(timezone.localdate())


def year_context(year: int) -> dict[str, Any]:
    start, end = financial_year_bounds(year)
    current = financial_year_of(timezone.localdate())
    return {
        "year": year,
        "year_label": financial_year_label(year),
        "year_start": start,
        "year_end": end,
        "year_choices": [(y, financial_year_label(y)) for y in range(current + 1, current - 6, -1)],
    }


def form_page(
    request: HttpRequest,
    *,
    centre: Centre,
    form: forms.BaseForm,
    heading: str,
    back_url: str,
    back_label: str,
    intro: str = "",
    template: str = "services/community/form.html",
    **extra: Any,
) -> HttpResponse:
    context = {
        "centre": centre,
        "form": form,
        "heading": heading,
        "back_url": back_url,
        "back_label": back_label,
        "intro": intro,
        **extra,
    }
    return render(request, template, context)


def carer_initial(request: HttpRequest, carers: QuerySet[Adult]) -> dict[str, object]:
    """?adult=<id>, from a link on the family's record, fills in the carer."""
    value = request.GET.get("adult", "")
    adult = carers.filter(pk=value).first() if value.isdigit() else None
    return {"adult": adult.pk, "name": str(adult)} if adult else {}
