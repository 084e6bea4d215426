"""One shape for every error the API returns:

    {"detail": "A sentence for a person.", "code": "invalid", "errors": {"field": ["message"]}}

`errors` is always present: field messages for a 400 (nested as the body is: a bulk request's
rows by index), `{}` otherwise. Non-field messages are under "non_field_errors".
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler

DETAIL: dict[int, str] = {
    status.HTTP_400_BAD_REQUEST: "The request has errors: see 'errors'.",
}


class Conflict(exceptions.APIException):
    """409: the record changed since the client read it (optimistic concurrency), or an
    idempotency key was reused for a different request."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record has changed since you read it: read it again and retry."
    default_code = "conflict"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send the version you read, in an If-Match header or a 'version' field."
    default_code = "precondition_required"


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        # A service's full_clean() refused the data: a 400 with its messages, not a 500.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # Never say which record was looked for, or whether it exists elsewhere.
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {"detail": DETAIL[400], "code": "invalid", "errors": errors}
    else:
        detail = exc.detail
        if isinstance(detail, dict | list):
            body = {
                "detail": DETAIL.get(response.status_code, "The request was refused."),
                "code": _code(exc),
                "errors": detail if isinstance(detail, dict) else {"non_field_errors": detail},
            }
        else:
            body = {"detail": str(detail), "code": _code(exc), "errors": {}}
    response.data = body
    return response
