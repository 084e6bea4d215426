"""What every upload screen does (reference data here, birth notifications in partnerships):
the list with its upload form, one upload's preview, and applying it in the background. Each
app's views check who may use them and name their form, templates and task."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from centres.imports.base import ImportSummary
from centres.models.imports import UploadedImport

if TYPE_CHECKING:
    from centres.models import User

PAGE_SIZE = 25


def upload_list_page(
    request: HttpRequest,
    *,
    form_class: type[forms.Form],
    preview: Callable[[Any, User], UploadedImport],
    uploads: QuerySet[Any],
    template: str,
    detail_url: str,
) -> HttpResponse:
    """The upload form and the past uploads. A valid upload is kept and checked (`preview`,
    given the form and the user) and the user is taken to its preview."""
    form = form_class(request.POST, request.FILES) if request.method == "POST" else form_class()
    if form.is_bound and form.is_valid():
        # role_required let only signed-in staff this far
        upload = preview(form, cast("User", request.user))
        return redirect(detail_url, pk=upload.pk)
    page = Paginator(uploads, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"form": form, "page_obj": page})


def upload_detail_page(request: HttpRequest, upload: UploadedImport, *, template: str, name: str) -> HttpResponse:
    """One upload with the summary of what it did (or, previewed, would do). `name`: the
    template's name for the upload."""
    summary = ImportSummary.from_dict(upload.summary) if upload.summary else None
    return render(request, template, {name: upload, "summary": summary})


def upload_apply_later(
    request: HttpRequest, upload: UploadedImport, *, task: Any, detail_url: str, noun: str
) -> HttpResponse:
    """Queue a previewed upload to be applied (`task.delay(pk)`); any other is refused with a
    message saying why (`noun`: "import", "file")."""
    if upload.status != UploadedImport.Status.PREVIEWED:
        messages.error(request, f"This {noun} cannot be applied: it is {upload.get_status_display().lower()}.")
        return redirect(detail_url, pk=upload.pk)
    # After the commit, so that a worker finds the row; the task itself is idempotent.
    transaction.on_commit(partial(task.delay, upload.pk))
    messages.info(request, "The file is being applied. Its status below shows when it is done.")
    return redirect(detail_url, pk=upload.pk)
