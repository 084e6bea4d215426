"""The shapes the API's collections share, so that each view names only what is its own.

    class ServiceViewSet(AggregatesViewSet):  # GET with the aggregates:read scope
        serializer_class = ServiceSerializer
        filterset_class = ServiceFilter
        ordering_fields = ["id", "name"]

        def get_queryset(self): ...

`ReadViewSet`: GET the list (filtered, ordered by id unless `ordering` names one of
`ordering_fields`, cursor-paginated) and GET <int:pk> (a path id that is not a number is a 404
before any query); `AggregatesViewSet` is one with the aggregates:read scope.
`AuditedReadViewSet`: the same for personal records, every record read (in a page or alone) in
the audit trail as a view by the client, and a single record's version as its ETag.
`VersionedWriteMixin`: POST as an upsert and PATCH with If-Match through two service functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from centres.api.conditional import expected_version, version_etag
from centres.api.idempotency import idempotent
from centres.api.scoping import audit_read, audit_read_many
from centres.api.writes import WRITE_ERRORS, idempotency_key_parameter, if_match_parameter, valid_data
from centres.models import Scope


class ReadViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only collection: a subclass names its scopes, serializer, filters, the fields a
    client may order by (id by default) and its queryset."""

    lookup_value_converter = "int"
    ordering_fields = ["id"]
    ordering = ["id"]


class AggregatesViewSet(ReadViewSet):
    """Reference data and figures with no one's personal data (small numbers suppressed)."""

    required_scopes = {"GET": Scope.AGGREGATES_READ}


class AuditedReadViewSet(ReadViewSet):
    """A read-only collection of personal records: each one read is audited with its family."""

    def audit_family_id(self, obj: Any) -> int | None:
        return obj.family_id

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        audit_read_many(request, page, family_ids=[self.audit_family_id(obj) for obj in page])
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        audit_read(request, obj, family_id=self.audit_family_id(obj))
        # The ETag is the version: send it back in If-Match to change the record.
        return Response(self.get_serializer(obj).data, headers={"ETag": version_etag(obj.version)})


class VersionedWriteMixin:
    """POST (create) and PATCH (partial_update) for a viewset whose records carry a version,
    written by two service functions named on the viewset:

        upsert = staticmethod(assessment_upsert)  # (client=, data=, expected=, request=) -> (record, created)
        change = staticmethod(assessment_change)  # (client=, pk=, expected=, data=, request=) -> record

    POST: `write_serializer_class` checks the body; `upsert` gets the If-Match version when one
    is sent; 201 when created, else 200; `Idempotency-Key` replays the first answer. PATCH: 404
    first for a record the client may not see, then `update_serializer_class`, then `change`
    with the version sent (If-Match or `version`, else 428). Both answer with `answer(record,
    status)`, which `result_serializer_class` describes; `versioned_write_schema` declares both
    operations in the schema.
    """

    write_serializer_class: type[serializers.Serializer]
    update_serializer_class: type[serializers.Serializer]
    result_serializer_class: type[serializers.Serializer]
    upsert: Callable[..., tuple[Model, bool]]
    change: Callable[..., Model]

    def answer(self, obj: Any, code: int) -> Response:
        """The written record as `result_serializer_class` has it, its version as the ETag. A
        viewset overrides this to add to the record first (and then calls it)."""
        body = self.result_serializer_class(obj).data
        return Response(body, status=code, headers={"ETag": version_etag(obj.version)})

    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = valid_data(self.write_serializer_class, request.data)
        expected = expected_version(request) if request.headers.get("If-Match") else None
        obj, created = self.upsert(client=request.user, data=data, expected=expected, request=request._request)
        return self.answer(obj, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.get_object()  # type: ignore[attr-defined]  # 404 first: another centre's record is not there
        data = valid_data(self.update_serializer_class, request.data)
        expected = expected_version(request, data.get("version"))
        obj = self.change(client=request.user, pk=kwargs["pk"], expected=expected, data=data, request=request._request)
        return self.answer(obj, status.HTTP_200_OK)


W = TypeVar("W", bound=type[VersionedWriteMixin])


def versioned_write_schema(*, create: str, change: str, upserted: str) -> Callable[[W], W]:
    """The schema of a VersionedWriteMixin viewset's POST and PATCH, from its serializers:
    `create` and `change` describe them, `upserted` the 200 of a POST that found its record."""

    def declare(view: W) -> W:
        result = view.result_serializer_class
        return extend_schema_view(
            create=extend_schema(
                description=create,
                request=view.write_serializer_class,
                parameters=[idempotency_key_parameter(), if_match_parameter(required=False)],
                responses={201: result, 200: OpenApiResponse(result, upserted), **WRITE_ERRORS},
            ),
            partial_update=extend_schema(
                description=change,
                request=view.update_serializer_class,
                parameters=[if_match_parameter(required=False)],
                responses={200: result, **WRITE_ERRORS},
            ),
        )(view)

    return declare
