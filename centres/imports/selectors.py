from __future__ import annotations

from django.db.models import QuerySet

from centres.models import ReferenceImport


def reference_import_list() -> QuerySet[ReferenceImport]:
    """Every upload, newest first, with who uploaded it (one query for the list screen)."""
    return ReferenceImport.objects.select_related("uploaded_by", "api_client").order_by("-uploaded_at", "-pk")
