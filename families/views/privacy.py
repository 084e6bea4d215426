"""Finding families, a family's subject access export, and the data-quality screen."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_cache_control

from centres.access import role_required
from centres.roles import sees_personal_data
from families.data_quality import data_quality_summary
from families.search import family_search, interpret_query
from families.selectors import family_get_for_user
from families.services.privacy import subject_access_export

PAGE_SIZE = 50
# The export's sections as the printable page shows them, in order.
EXPORT_SECTIONS = [
    ("adults", "Carers"),
    ("children", "Children"),
    ("addresses", "Addresses"),
    ("consents", "Consents"),
    ("target_groups", "Target groups"),
]


@role_required(sees_personal_data)
def family_search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(family_search(user=request.user, query=query), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "query": query,
        "terms": interpret_query(query),
        "page_obj": page,
        "query_string": urlencode({"q": query}) if query else "",
    }
    return render(request, "families/privacy/search.html", context)


def _no_store(response: HttpResponse) -> HttpResponse:
    # Personal data: not kept by the browser's or any proxy's cache.
    patch_cache_control(response, no_store=True, private=True)
    return response


@role_required(sees_personal_data)
def family_export_json(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    export = subject_access_export(user=request.user, family=family, request=request)
    response = HttpResponse(
        json.dumps(export, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{family.reference}-subject-access.json"'
    return _no_store(response)


def _labelled(record: dict[str, Any]) -> list[tuple[str, Any]]:
    """A record's fields as (label, value) rows for the printable page, with the readable
    label of a coded value, and the name of a related record, in place of the code or id."""
    rows = []
    for key, value in record.items():
        if key.endswith("_label") or (key.endswith("_id") and key.removesuffix("_id") in record):
            continue
        shown = record.get(f"{key}_label", value)
        if isinstance(shown, list):
            shown = ", ".join(str(item) for item in shown)
        rows.append((key.removesuffix("_id").replace("_", " ").capitalize(), shown))
    return rows


def _relation_title(key: str) -> str:
    """The heading for a relation key, e.g. "Contacts (linked to a family)"."""
    app_label, model_name, field_name = key.split(".")
    model = apps.get_model(app_label, model_name)
    return f"{str(model._meta.verbose_name_plural).capitalize()} (linked to a {field_name.replace('_', ' ')})"


@role_required(sees_personal_data)
def family_export(request: HttpRequest, pk: int) -> HttpResponse:
    family = family_get_for_user(user=request.user, pk=pk)
    export = subject_access_export(user=request.user, family=family, request=request)
    sections = [(title, [_labelled(record) for record in export[key]]) for key, title in EXPORT_SECTIONS]
    other = [
        (_relation_title(key), [_labelled(record) for record in records])
        for key, records in export["other_records"].items()
    ]
    context = {
        "family": family,
        "export": export,
        "household": _labelled(export["household"]),
        "sections": sections,
        "other_sections": other,
    }
    return _no_store(render(request, "families/privacy/export.html", context))


@role_required(sees_personal_data)
def data_quality(request: HttpRequest) -> HttpResponse:
    summary = data_quality_summary(user=request.user)
    page = Paginator(summary["lsoa_unknown_families"], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "families/privacy/data_quality.html", {"summary": summary, "page_obj": page})


urlpatterns = [
    path("search/", family_search_view, name="search"),
    path("data-quality/", data_quality, name="data_quality"),
    path("<int:pk>/export/", family_export, name="export"),
    path("<int:pk>/export.json", family_export_json, name="export_json"),
]
