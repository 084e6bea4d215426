"""families:write: register a family (POST), change one (PATCH with If-Match), upsert one by
your system's identifier (PUT /families/by-external-id/<id>/), or up to 1,000 at once (bulk).

- POST /families/ always creates (201); an external_id already in use is a 400 pointing at the
  upsert route. An `Idempotency-Key` header makes a retried POST replay the first answer.
- PATCH /families/<id>/ needs If-Match (or a body `version`): 428 without, 409 when stale.
  `withdraw_consents` withdraws the current answers for those purposes, as the family page's
  Withdraw does (families.services.people.consent_withdraw).
- PUT /families/by-external-id/<id>/ creates (201) or changes (200) the family with that
  external_id; If-Match is optional there (when sent, a stale one is a 409).
Every answer carries the family's new version as its ETag.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.conditional import patch_version, version_etag
from centres.api.idempotency import idempotent
from centres.api.schema import ErrorSerializer
from centres.api.writes import valid_data
from centres.models import ApiClient, Scope
from families.api.bulk import BulkInput, BulkResponseSerializer, bulk_rows
from families.api.inputs import FamilyInput, upsert_input
from families.api.serializers import FamilySerializer
from families.api.services import family_bulk_upsert, family_change, family_create, family_upsert
from families.models import Family

WRITE_ERRORS = {
    404: OpenApiResponse(ErrorSerializer, description="No such family, or not one of this client's centres."),
    422: OpenApiResponse(ErrorSerializer, description="The Idempotency-Key was used for a different request."),
    428: OpenApiResponse(ErrorSerializer, description="Send If-Match (the ETag you read) or a body 'version'."),
}


def family_output(family: Family) -> Response:
    """The family as GET /families/<id>/ shows it, with its version as the ETag."""
    from families.api.views import with_people

    fresh = with_people(Family.objects.all()).get(pk=family.pk)
    return Response(FamilySerializer(fresh).data, headers={"ETag": version_etag(fresh.version)})


class FamilyWriteMixin:
    """POST and PATCH on the families routes (mixed into FamilyViewSet)."""

    @extend_schema(request=FamilyInput, responses={201: FamilySerializer, **WRITE_ERRORS})
    @idempotent
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register a family with its address, carers, children and consents."""
        data = valid_data(FamilyInput, request.data)
        family = family_create(client=request.user, data=data, request=request._request)  # type: ignore[arg-type]
        response = family_output(family)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=FamilyInput, responses={200: FamilySerializer, **WRITE_ERRORS})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Change the fields sent. Carers and children with an id are changed, others added."""
        family = self.get_object()  # type: ignore[attr-defined]  # 404 outside the client's centres
        data = valid_data(FamilyInput, request.data, partial=True)
        expected = patch_version(request)
        family = family_change(
            client=request.user,  # type: ignore[arg-type]
            family=family,
            data=data,
            expected_version=expected,
            request=request._request,
        )
        return family_output(family)


class FamilyUpsert(APIView):
    """Create or change the family with your system's identifier (201 created, 200 changed)."""

    required_scopes = {"PUT": Scope.FAMILIES_WRITE}

    @extend_schema(
        request=FamilyInput,
        responses={200: FamilySerializer, 201: FamilySerializer, **WRITE_ERRORS},
        operation_id="families_by_external_id_upsert",
    )
    def put(self, request: Request, external_id: str) -> Response:
        from families.api.views import client_families

        external_id, data, expected = upsert_input(request, external_id, FamilyInput)
        family, created = family_upsert(
            client=request.user,  # type: ignore[arg-type]
            external_id=external_id,
            data=data,
            expected_version=expected,
            visible=client_families(request),
            request=request._request,
        )
        response = family_output(family)
        if created:
            response.status_code = status.HTTP_201_CREATED
        return response


class FamilyBulkInput(BulkInput):
    rows = serializers.ListField(
        child=serializers.JSONField(), help_text="Up to 1,000 families, each with external_id."
    )


class FamilyBulk(APIView):
    """Upsert up to 1,000 families by external_id in one transaction: all or nothing."""

    required_scopes = {"POST": Scope.FAMILIES_WRITE}

    @extend_schema(request=FamilyBulkInput, responses={200: BulkResponseSerializer, **WRITE_ERRORS})
    @idempotent
    def post(self, request: Request) -> Response:
        from families.api.views import client_families

        assert isinstance(request.user, ApiClient)  # noqa: S101 - HasScope let only clients in
        results = family_bulk_upsert(
            client=request.user, rows=bulk_rows(request), visible=client_families(request), request=request._request
        )
        return Response({"results": [{"row": index, **results[index]} for index in sorted(results)]})
