"""Bulk writes, all or nothing: `{"rows": [...]}` with up to MAX_ROWS rows.

Every row is tried inside one transaction (each in its own savepoint, so that one bad row does
not hide the errors of the next). If any row fails, nothing is written and the answer is a 400
with each failed row's errors under its index: `{"errors": {"rows": {"3": {"date": [...]}}}}`
(a 409 when the only failures are stale versions). Otherwise every row is written and the
answer lists, per row, the record's id, whether it was created, and its new version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from centres.api.exceptions import Conflict

MAX_ROWS = 1000


class BulkResult(TypedDict):
    id: int
    created: bool
    version: int
    external_id: str


class BulkInput(serializers.Serializer):
    rows = serializers.ListField(child=serializers.JSONField())


class BulkRowSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="The row's index in the request.")
    id = serializers.IntegerField()
    created = serializers.BooleanField(help_text="True when the row created the record, false when it changed one.")
    version = serializers.IntegerField(help_text="The record's version now (send it as If-Match to change it).")
    external_id = serializers.CharField()


class BulkResponseSerializer(serializers.Serializer):
    results = BulkRowSerializer(many=True)


def bulk_rows(request: Request) -> list[Any]:
    """The body's `rows`: a list of 1 to MAX_ROWS items (each is checked by the write)."""
    body = request.data
    rows = body.get("rows") if isinstance(body, dict) else None
    if not isinstance(rows, list):
        raise exceptions.ValidationError({"rows": ["Send a JSON object with a list of 'rows'."]})
    if not rows:
        raise exceptions.ValidationError({"rows": ["Send at least one row."]})
    if len(rows) > MAX_ROWS:
        raise exceptions.ValidationError({"rows": [f"Send at most {MAX_ROWS} rows in one request ({len(rows)} sent)."]})
    return rows


def row_error_detail(error: Exception) -> Any:
    """A row's error as field messages (a 404, 403 or stale version too); anything else is raised."""
    if isinstance(error, exceptions.ValidationError):
        return error.detail if isinstance(error.detail, dict) else {"non_field_errors": error.detail}
    if isinstance(error, DjangoValidationError):
        return serializers.as_serializer_error(error)
    if isinstance(error, Http404 | exceptions.NotFound):
        return {"non_field_errors": ["No such record among this client's centres."]}
    if isinstance(error, PermissionDenied | exceptions.PermissionDenied):
        return {"non_field_errors": [str(error) or "This client may not do that."]}
    if isinstance(error, Conflict):
        return {"version": [str(error.detail)]}
    raise error


ROW_ERRORS = (exceptions.APIException, DjangoValidationError, Http404, PermissionDenied)


class RowErrors:
    """Each failed row's errors under its index, and the answer when any row failed."""

    def __init__(self) -> None:
        self.errors: dict[str, Any] = {}
        self.conflicts = 0

    def __bool__(self) -> bool:
        return bool(self.errors)

    @contextmanager
    def row(self, index: int, *, savepoint: bool = True) -> Iterator[None]:
        """Run one row's work; its error is kept under its index (and, with a savepoint, what it
        wrote is undone), so that the next rows are still tried."""
        point = transaction.savepoint() if savepoint else None
        try:
            yield
        except ROW_ERRORS as error:
            if point is not None:
                transaction.savepoint_rollback(point)
            self.errors[str(index)] = row_error_detail(error)
            self.conflicts += isinstance(error, Conflict)
        else:
            if point is not None:
                transaction.savepoint_commit(point)

    def raise_any(self) -> None:
        if not self.errors:
            return
        if self.conflicts == len(self.errors):
            raise Conflict({"rows": self.errors})
        raise exceptions.ValidationError({"rows": self.errors})


def is_row(row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise exceptions.ValidationError({"non_field_errors": ["Each row is a JSON object."]})
    return row


def run_bulk(request: Request, write_row: Callable[[Any], BulkResult]) -> Response:
    rows = bulk_rows(request)
    results: list[dict[str, Any]] = []
    errors = RowErrors()
    with transaction.atomic():
        for index, row in enumerate(rows):
            with errors.row(index):
                results.append({"row": index, **write_row(is_row(row))})
        if errors:
            transaction.set_rollback(True)
    errors.raise_any()
    return Response({"results": results})
