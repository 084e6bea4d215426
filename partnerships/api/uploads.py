"""Birth notifications from health's system (reference:write): the file the upload screen
takes (partnerships/births), as a multipart `file` or as the CSV body, or the same rows as a JSON
list (`Content-Type: application/json`, each row an object with the CSV's columns as fields).
Applied and matched to registered children at once, all or nothing; a bad file is a 400 naming
its line, bad JSON rows a 400 with each row's errors by field. Kept as a BirthImport naming the
client and audited, as an upload on the screen is. `Idempotency-Key` makes a retry replay the
first answer and import nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.idempotency import idempotent
from centres.api.uploads import UPLOAD_ERRORS, ClosesUploads, CsvBodyParser, check_upload_size, invalid
from centres.api.writes import idempotency_key_parameter
from centres.models import ApiClient, Scope
from partnerships.births import birth_import_now, birth_import_rows
from partnerships.births.importer import FIELDS, check_rows
from partnerships.models import BirthImport


class BirthUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, UTF-8: date_of_birth, postcode, nhs_number, mother_name, sex ...")


class BirthRowSerializer(serializers.Serializer):
    """One notification in a JSON upload: the CSV's columns by their own names, as text (dates as
    27/03/2026 or 2026-03-27, as in the file)."""

    date_of_birth = serializers.CharField(max_length=20)
    postcode = serializers.CharField(max_length=20)
    nhs_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    mother_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    sex = serializers.CharField(max_length=20, required=False, allow_blank=True, help_text="F, M or U (as in the CSV).")
    notified_on = serializers.CharField(max_length=20, required=False, allow_blank=True)

    def to_internal_value(self, data: Any) -> Any:
        unknown = sorted(set(data) - set(FIELDS)) if isinstance(data, dict) else []
        if unknown:
            message = f"Not a field of a notification: send {', '.join(FIELDS)}."
            raise serializers.ValidationError({name: [message] for name in unknown})
        return super().to_internal_value(data)


def _row_errors(rows: Any) -> tuple[list[dict[str, str]], dict[str, Any]]:
    """The JSON rows as text, and each bad row's errors by index: its fields' first, then (when
    every row is well formed) the importer's checks of their values."""
    if not isinstance(rows, list) or not rows:
        return [], {"rows": ["Send a JSON list of notifications (at least one)."]}
    checked = [BirthRowSerializer(data=row) for row in rows]
    errors = {str(i): dict(c.errors) for i, c in enumerate(checked) if not c.is_valid()}
    if errors:
        return [], {"rows": errors}
    values = [dict(c.validated_data) for c in checked]
    errors = check_rows(values)
    return values, {"rows": errors} if errors else {}


class BirthImportResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = BirthImport
        fields = ["id", "original_filename", "status", "summary", "error", "uploaded_at", "applied_at"]


class BirthImportUpload(ClosesUploads, APIView):
    """Upload a file of birth notifications."""

    required_scopes = {"POST": Scope.REFERENCE_WRITE}
    parser_classes = [MultiPartParser, CsvBodyParser, JSONParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        check_upload_size(request)

    @extend_schema(
        request={
            "multipart/form-data": BirthUploadSerializer,
            "text/csv": OpenApiTypes.STR,
            "application/json": BirthRowSerializer(many=True),
        },
        parameters=[idempotency_key_parameter()],
        responses={201: BirthImportResultSerializer, **UPLOAD_ERRORS},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        """Applied and matched at once; the same file again changes nothing (a birth is the
        same when its NHS number, or its date, postcode, mother's name and sex, are). A JSON
        list of rows is checked whole first: any bad row is a 400 with `errors.rows` giving
        each bad row's messages by its index and field, and nothing is imported."""
        client = request.user if isinstance(request.user, ApiClient) else None
        if request.content_type.startswith("application/json"):
            rows, errors = _row_errors(request.data)
            if errors:
                return invalid(errors)
            return _answer(birth_import_rows(rows=rows, api_client=client))  # type: ignore[arg-type]
        upload = request.FILES.get("file")
        if upload is None or not upload.size:
            return invalid({"file": ["Send the file: a multipart field 'file', or the CSV as the body."]})
        if Path(upload.name or "upload.csv").suffix.lower() != ".csv":
            return invalid({"file": ["The birth notifications must be a .csv file."]})
        return _answer(birth_import_now(upload=upload, api_client=client))  # type: ignore[arg-type]


def _answer(birth_import: BirthImport) -> Response:
    if birth_import.status == BirthImport.Status.FAILED:
        detail = f"The file was not imported (import {birth_import.pk}, kept as failed): see 'errors'."
        return invalid({"file": [birth_import.error]}, detail=detail)
    return Response(BirthImportResultSerializer(birth_import).data, status=status.HTTP_201_CREATED)
