"""Helpers shared by the community views.

Most community screens are one of two shapes: a centre's list for a financial year
(`year_list`), or a form whose valid POST goes to a service (`centre_form`, or `submitted`
where the page around the form is not the plain form page).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from centres.models import Centre
from families.models import Adult
from services.models import financial_year_bounds, financial_year_label, financial_year_of

T = TypeVar("T")


def apply_errors(form: forms.BaseForm, error: ValidationError, fields: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError on the form: beside the field it names (model field
    names translated through `fields`), or above the form when it names none of the form's."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages_ in error.message_dict.items():
        target = (fields or {}).get(name, name)
        form.add_error(target if target in form.fields else None, messages_)


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


def page_of(request: HttpRequest, rows: Any) -> Page:
    """The ?page= asked for, 50 rows a page (the last page for a number past the end)."""
    return Paginator(rows, 50).get_page(request.GET.get("page"))


def year_list(
    request: HttpRequest, template: str, *, centre: Centre, year: int, rows: Any, **extra: Any
) -> HttpResponse:
    """A centre's list for one financial year: the year switch, and pages that keep the year."""
    context = {"centre": centre, "page_obj": page_of(request, rows), "query_string": f"year={year}"}
    return render(request, template, {**context, **year_context(year), **extra})


def submitted(
    request: HttpRequest,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    message: str | Callable[[T], str],
    next_url: str | Callable[[T], str],
    fields: dict[str, str] | None = None,
    also: Iterable[forms.BaseForm | forms.BaseFormSet] = (),
) -> HttpResponse | None:
    """A valid POST (of the form, and of any formsets in `also`) goes to `save`, a service,
    with the cleaned data. A ValidationError it raises goes on the form (see apply_errors)
    and None comes back: show the page again. Otherwise the success message, and a redirect.
    `message` and `next_url` are given as they are, or worked out from what `save` returned."""
    if request.method != "POST" or not (form.is_valid() and all(other.is_valid() for other in also)):
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        apply_errors(form, error, fields)
        return None
    messages.success(request, message(result) if callable(message) else message)
    return redirect(next_url(result) if callable(next_url) else next_url)


def centre_form(
    request: HttpRequest,
    *,
    centre: Centre,
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    message: str | Callable[[T], str],
    heading: str,
    back_url: str,
    back_label: str,
    next_url: str | Callable[[T], str] | None = None,
    fields: dict[str, str] | None = None,
    intro: str = "",
) -> HttpResponse:
    """A page with one form about a centre: saved as `submitted` says, then on to `next_url`
    (by default back where the back link goes)."""
    response = submitted(
        request, form, save, message=message, next_url=back_url if next_url is None else next_url, fields=fields
    )
    if response is not None:
        return response
    context = {
        "centre": centre,
        "form": form,
        "heading": heading,
        "back_url": back_url,
        "back_label": back_label,
        "intro": intro,
    }
    return render(request, "services/community/form.html", context)


def carer_initial(request: HttpRequest, carers: QuerySet[Adult]) -> dict[str, object]:
    """?adult=<id>, from a link on the family's record, fills in the carer."""
    value = request.GET.get("adult", "")
    adult = carers.filter(pk=value).first() if value.isdigit() else None
    return {"adult": adult.pk, "name": str(adult)} if adult else {}


def carer_intro(initial: dict[str, object]) -> str:
    """Above a form that names a volunteer or a forum member: how to link a registered parent."""
    if initial.get("adult"):
        return "Linked to the carer's record in their family."
    return "For a parent registered with the centre, open their family's record and add them from there."
