"""Birth notifications: uploading health's file (preview, then apply, like the reference data),
each centre's outreach list of births not yet registered, and matching one by hand."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.attempt import attempt
from centres.imports.screens import upload_apply_later, upload_detail_page, upload_list_page
from centres.models import Centre
from centres.roles import sees_personal_data
from families.models import Child
from partnerships import services
from partnerships.access import uploads_births
from partnerships.births import birth_import_preview
from partnerships.forms import BirthImportForm, BirthMatchForm, ContactedForm, OutreachFilterForm
from partnerships.models import R7_WEEKS, BirthImport
from partnerships.selectors import (
    DUE_SOON_WEEKS,
    OutreachShow,
    birth_import_list,
    birth_notification_get_for_user,
    match_candidates,
    outreach_list,
    outreach_rows,
)
from partnerships.tasks import apply_birth_import
from partnerships.views.common import form_page

PAGE_SIZE = 50


@role_required(uploads_births)
def import_list(request: HttpRequest) -> HttpResponse:
    return upload_list_page(
        request,
        form_class=BirthImportForm,
        preview=lambda form, user: birth_import_preview(upload=form.cleaned_data["file"], user=user),
        uploads=birth_import_list(),
        template="partnerships/birth_import_list.html",
        detail_url="partnerships:birth_import",
    )


@role_required(uploads_births)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    birth_import = get_object_or_404(birth_import_list(), pk=pk)
    return upload_detail_page(
        request, birth_import, template="partnerships/birth_import_detail.html", name="birth_import"
    )


@role_required(uploads_births)
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    birth_import = get_object_or_404(BirthImport, pk=pk)
    return upload_apply_later(
        request, birth_import, task=apply_birth_import, detail_url="partnerships:birth_import", noun="file"
    )


@role_required(sees_personal_data)
def outreach(request: HttpRequest) -> HttpResponse:
    """Births in the reach areas of the user's centres that no registered child matches."""
    form = OutreachFilterForm(request.GET or None, centres=Centre.objects.for_user(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    centre = filters.get("centre")
    show: OutreachShow = filters.get("show") or "to_contact"
    births = outreach_list(user=request.user, centre_id=centre.pk if centre else None, show=show)
    page = Paginator(births, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"show": show, **({"centre": centre.pk} if centre else {})}
    context = {
        "form": form,
        "page_obj": page,
        "rows": outreach_rows(page, today=timezone.localdate()),
        "query_string": urlencode(query),
        "r7_weeks": R7_WEEKS,
        "due_soon_weeks": DUE_SOON_WEEKS,
    }
    return render(request, "partnerships/outreach.html", context)


def _back_to_outreach() -> tuple[str, str]:
    return reverse("partnerships:outreach"), "Back to the outreach list"


@role_required(sees_personal_data)
def birth_match(request: HttpRequest, pk: int) -> HttpResponse:
    notification = birth_notification_get_for_user(user=request.user, pk=pk)
    if notification.matched_child_id is not None:
        messages.info(request, "This birth is already matched to a registered child")
        return redirect("partnerships:outreach")
    candidates = match_candidates(user=request.user, notification=notification)
    form = BirthMatchForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        child = cast(Child, form.candidates[form.cleaned_data["child"]])
        matched = attempt(
            form,
            services.birth_notification_match,
            user=request.user,
            notification=notification,
            child=child,
            request=request,
        )
        if matched is not None:
            messages.success(request, f"Birth matched to a child of family {child.family.reference}")
            return redirect("partnerships:outreach")
    born = notification.date_of_birth
    return render(
        request,
        "partnerships/birth_match.html",
        {"form": form, "notification": notification, "candidates": candidates, "born": born},
    )


@role_required(sees_personal_data)
def birth_contacted(request: HttpRequest, pk: int) -> HttpResponse:
    notification = birth_notification_get_for_user(user=request.user, pk=pk)
    form = ContactedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = attempt(
            form,
            services.birth_notification_contacted,
            user=request.user,
            notification=notification,
            on=form.cleaned_data["on"],
            request=request,
        )
        if done is not None:
            messages.success(request, "Contact recorded")
            return redirect("partnerships:outreach")
    born = notification.date_of_birth
    caption = f"Birth on {born.day} {born:%B %Y} at {notification.postcode}"
    return form_page(
        request, form, heading="Record a contact with the family", caption=caption, back=_back_to_outreach()
    )


urlpatterns = [
    path("births/imports/", import_list, name="birth_imports"),
    path("births/imports/<int:pk>/", import_detail, name="birth_import"),
    path("births/imports/<int:pk>/apply/", import_apply, name="birth_import_apply"),
    path("births/outreach/", outreach, name="outreach"),
    path("births/<int:pk>/match/", birth_match, name="birth_match"),
    path("births/<int:pk>/contacted/", birth_contacted, name="birth_contacted"),
]
