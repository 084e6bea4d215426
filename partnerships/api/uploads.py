"""Birth notifications from health's system (reference:write): the file the upload screen
takes (partnerships/births), as a multipart `file` or as the CSV body. Applied and matched to
registered children at once, all or nothing; a bad file is a 400 naming its line. Kept as a
BirthImport naming the client and audited, as an upload on the screen is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.uploads import UPLOAD_ERRORS, ClosesUploads, CsvBodyParser, check_upload_size, invalid
from centres.models import ApiClient, Scope
from partnerships.births import birth_import_now
from partnerships.models import BirthImport


class BirthUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, UTF-8: date_of_birth, postcode, nhs_number, mother_name, sex ...")


class BirthImportResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = BirthImport
        fields = ["id", "original_filename", "status", "summary", "error", "uploaded_at", "applied_at"]


class BirthImportUpload(ClosesUploads, APIView):
    """Upload a file of birth notifications."""

    required_scopes = {"POST": Scope.REFERENCE_WRITE}
    parser_classes = [MultiPartParser, CsvBodyParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        check_upload_size(request)

    @extend_schema(
        request={"multipart/form-data": BirthUploadSerializer, "text/csv": OpenApiTypes.STR},
        responses={201: BirthImportResultSerializer, **UPLOAD_ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Applied and matched at once; the same file again changes nothing (a birth is the
        same when its NHS number, or its date, postcode, mother's name and sex, are)."""
        upload = request.FILES.get("file")
        if upload is None or not upload.size:
            return invalid({"file": ["Send the file: a multipart field 'file', or the CSV as the body."]})
        if Path(upload.name or "upload.csv").suffix.lower() != ".csv":
            return invalid({"file": ["The birth notifications must be a .csv file."]})
        birth_import = birth_import_now(
            upload=upload,
            api_client=request.user if isinstance(request.user, ApiClient) else None,  # type: ignore[arg-type]
        )
        if birth_import.status == BirthImport.Status.FAILED:
            detail = f"The file was not imported (import {birth_import.pk}, kept as failed): see 'errors'."
            return invalid({"file": [birth_import.error]}, detail=detail)
        return Response(BirthImportResultSerializer(birth_import).data, status=status.HTTP_201_CREATED)
