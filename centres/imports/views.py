"""The reference-data screen: upload a file, see the dry run's preview, apply it."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.imports.base import ImportSummary
from centres.imports.forms import ReferenceImportForm
from centres.imports.selectors import reference_import_list
from centres.imports.service import reference_import_preview
from centres.imports.tasks import apply_reference_import
from centres.models import ReferenceImport
from centres.roles import administers

if TYPE_CHECKING:
    from centres.models import User


@role_required(administers)
def import_index(request: HttpRequest) -> HttpResponse:
    form = ReferenceImportForm(request.POST, request.FILES) if request.method == "POST" else ReferenceImportForm()
    if form.is_bound and form.is_valid():
        reference = reference_import_preview(
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            options=form.options(),
            user=cast("User", request.user),  # role_required let only signed-in staff this far
        )
        return redirect("reference_data:detail", pk=reference.pk)
    page = Paginator(reference_import_list(), 25).get_page(request.GET.get("page"))
    return render(request, "centres/imports/import_list.html", {"form": form, "page_obj": page})


@role_required(administers)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reference = get_object_or_404(reference_import_list(), pk=pk)
    summary = ImportSummary.from_dict(reference.summary) if reference.summary else None
    return render(request, "centres/imports/import_detail.html", {"reference": reference, "summary": summary})


@role_required(administers)
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    reference = get_object_or_404(ReferenceImport, pk=pk)
    if reference.status != ReferenceImport.Status.PREVIEWED:
        messages.error(request, f"This import cannot be applied: it is {reference.get_status_display().lower()}.")
        return redirect("reference_data:detail", pk=pk)
    # After the commit, so a worker finds the row; the task itself is idempotent.
    transaction.on_commit(partial(apply_reference_import.delay, reference.pk))
    messages.info(request, "The file is being applied. Its status below shows when it is done.")
    return redirect("reference_data:detail", pk=pk)
