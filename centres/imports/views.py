"""The reference-data screen: upload a file, see the dry run's preview, apply it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from centres.access import role_required
from centres.imports.forms import ReferenceImportForm
from centres.imports.screens import upload_apply_later, upload_detail_page, upload_list_page
from centres.imports.selectors import reference_import_list
from centres.imports.service import reference_import_preview
from centres.imports.tasks import apply_reference_import
from centres.models import ReferenceImport
from centres.roles import administers

if TYPE_CHECKING:
    from centres.models import User


@role_required(administers)
def import_index(request: HttpRequest) -> HttpResponse:
    return upload_list_page(
        request,
        form_class=ReferenceImportForm,
        preview=_preview,
        uploads=reference_import_list(),
        template="centres/imports/import_list.html",
        detail_url="reference_data:detail",
    )


def _preview(form: ReferenceImportForm, user: User) -> ReferenceImport:
    data = form.cleaned_data
    return reference_import_preview(kind=data["kind"], upload=data["file"], options=form.options(), user=user)


@role_required(administers)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reference = get_object_or_404(reference_import_list(), pk=pk)
    return upload_detail_page(request, reference, template="centres/imports/import_detail.html", name="reference")


@role_required(administers)
@require_POST
def import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    reference = get_object_or_404(ReferenceImport, pk=pk)
    return upload_apply_later(
        request, reference, task=apply_reference_import, detail_url="reference_data:detail", noun="import"
    )
