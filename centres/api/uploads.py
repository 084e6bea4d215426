"""Reference-data uploads for reference:write clients, the same files and checks as the
administrators' upload screen (centres/imports): a multipart form with `file`, or the CSV as
the body (`Content-Type: text/csv`, the other fields as query parameters). Applied at once, all
or nothing; a bad file is a 400 naming its line, with nothing changed. Authority-wide: no centre
scoping, but every upload is kept as a ReferenceImport naming the client.

Large files stream: a multipart file and a CSV body are written to a temporary file as they
arrive and read row by row by the importers. Above settings.API_MAX_UPLOAD_BYTES: 413.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import BaseParser, DataAndFiles, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.idempotency import idempotent
from centres.api.schema import ErrorSerializer
from centres.api.writes import WRITE_ERRORS, PayloadTooLarge, idempotency_key_parameter
from centres.imports.forms import ReferenceImportForm
from centres.imports.service import reference_import_now
from centres.models import ApiClient, ReferenceImport, Scope
from centres.models.areas import DeprivationRelease, Vintage

CHUNK = 64 * 1024


def max_upload_bytes() -> int:
    return int(settings.API_MAX_UPLOAD_BYTES)


def _too_large() -> PayloadTooLarge:
    limit = max_upload_bytes()
    return PayloadTooLarge(f"The upload is larger than {limit:,} bytes: split it, or use the upload screen.")


def check_upload_size(request: Request) -> None:
    """413 before anything is read when the declared length is over the limit."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_upload_bytes():
        raise _too_large()


class ClosesUploads:
    """Closes the temporary file of a CSV body after the answer (Django closes only the
    multipart files it parsed itself)."""

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        files = getattr(request, "_files", None)
        if isinstance(files, Mapping):  # parsed (before that, DRF's `Empty`)
            for upload in files.values():
                upload.close()
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


class CsvBodyParser(BaseParser):
    """`Content-Type: text/csv`: the body is the file. Copied to a temporary file in chunks
    (never held in memory whole), counted against the limit as it arrives."""

    media_type = "text/csv"

    def parse(self, stream: IO[bytes] | None, media_type: str | None = None, parser_context: Any = None) -> Any:
        upload = TemporaryUploadedFile("upload.csv", "text/csv", 0, "utf-8")
        size = 0
        while stream is not None and (chunk := stream.read(CHUNK)):
            size += len(chunk)
            if size > max_upload_bytes():
                upload.close()
                raise _too_large()
            upload.write(chunk)
        upload.size = size
        upload.seek(0)
        return DataAndFiles(QueryDict(), {"file": upload} if size else {})


def form_data(request: Request) -> QueryDict:
    """The upload's other fields: the form's (multipart) or the query string's (CSV body)."""
    data = request.query_params.copy()
    if isinstance(request.data, QueryDict):
        for key, values in request.data.lists():
            if key != "file":
                data.setlist(key, values)
    return data


def invalid(errors: dict[str, Any], *, detail: str = "The request has errors: see 'errors'.") -> Response:
    return Response({"detail": detail, "code": "invalid", "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class ReferenceUploadSerializer(serializers.Serializer):
    """For the schema: what the form takes (centres.imports.forms.ReferenceImportForm)."""

    kind = serializers.ChoiceField(choices=ReferenceImport.Kind.choices)
    file = serializers.FileField()
    year = serializers.IntegerField(required=False, help_text="Population estimates: the mid-year, such as 2024.")
    vintage = serializers.ChoiceField(choices=Vintage.choices, required=False, help_text="Population: boundaries.")
    release = serializers.ChoiceField(choices=DeprivationRelease.choices, required=False)
    sheet = serializers.CharField(required=False, help_text="Excel workbooks: the sheet's name.")
    local_authorities = serializers.CharField(required=False, help_text="Postcodes: ONS codes, comma separated.")


class ReferenceImportResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferenceImport
        fields = ["id", "kind", "original_filename", "status", "summary", "error", "uploaded_at", "applied_at"]


UPLOAD_ERRORS = {
    413: OpenApiResponse(ErrorSerializer, "The upload is larger than the API accepts."),
    415: OpenApiResponse(ErrorSerializer, "Send multipart/form-data or text/csv."),
    422: WRITE_ERRORS[422],
}


class ReferenceImportUpload(ClosesUploads, APIView):
    """Upload a reference file (postcodes, deprivation, population, LSOA lookup, boundaries)."""

    required_scopes = {"POST": Scope.REFERENCE_WRITE}
    parser_classes = [MultiPartParser, CsvBodyParser]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # authentication and scope first, then the size
        check_upload_size(request)

    @extend_schema(
        request={"multipart/form-data": ReferenceUploadSerializer, "text/csv": OpenApiTypes.STR},
        parameters=[idempotency_key_parameter()],
        responses={201: ReferenceImportResultSerializer, **UPLOAD_ERRORS},
    )
    @idempotent
    def post(self, request: Request) -> Response:
        """Applied at once, all or nothing, and idempotent (the same file again changes
        nothing: its summary counts it unchanged). A bad file is a 400: `errors.file` names
        the line ("row 12: ...") and nothing is changed; the failed import is kept too. With
        `Idempotency-Key`, a retry answers as the first upload did and imports nothing."""
        form = ReferenceImportForm(data=form_data(request), files=request.FILES)
        if not form.is_valid():
            return invalid({name: list(messages) for name, messages in form.errors.items()})
        reference = reference_import_now(
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            options=form.options(),
            api_client=request.user if isinstance(request.user, ApiClient) else None,  # type: ignore[arg-type]
        )
        body = ReferenceImportResultSerializer(reference).data
        if reference.status == ReferenceImport.Status.FAILED:
            detail = f"The file was not imported (import {reference.pk}, kept as failed): see 'errors'."
            return invalid({"file": [reference.error]}, detail=detail)
        return Response(body, status=status.HTTP_201_CREATED)
