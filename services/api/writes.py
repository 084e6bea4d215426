"""contacts:write routes (the rules are in services/api/contacts.py).

- POST /contacts/ records one (201); an external_id already used by this client's system is a
  400 pointing at the upsert route. `Idempotency-Key` makes a retry replay the first answer.
- PATCH /contacts/<id>/ needs If-Match (or a body `version`): 428 without, 409 when stale.
- PUT /contacts/by-external-id/<id>/ creates (201) or changes (200); If-Match optional.
- POST /contacts/bulk/ upserts up to 1,000 by external_id, all or nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.conditional import expected_version, version_etag
from centres.api.idempotency import idempotent
from centres.api.scoping import for_client
from centres.models import Scope
from families.api.bulk import BulkInput, BulkResponseSerializer, BulkResult, run_bulk
from families.api.inputs import check_external_id
from families.api.serializers import ContactSerializer
from families.api.views import client_families
from families.api.writes import WRITE_ERRORS
from services.api.contacts import ContactInput, contact_change, contact_create, contact_upsert
from services.models import Contact

WRITE = Scope.CONTACTS_WRITE


def client_contacts(request: Request) -> QuerySet[Contact]:
    """Contacts at the client's centres, of families it may see."""
    contacts = for_client(Contact.objects.all(), request.user, centre_field="centre")  # type: ignore[arg-type]
    return contacts.filter(family__in=client_families(request).values("pk"))


def contact_output(contact: Contact, *, created: bool = False) -> Response:
    fresh = Contact.objects.select_related("session").prefetch_related("children", "adults").get(pk=contact.pk)
    return Response(
        ContactSerializer(fresh).data,
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        headers={"ETag": version_etag(fresh.version)},
    )


def _input(data: Any, *, partial: bool = False) -> dict[str, Any]:
    serializer = ContactInput(data=data, partial=partial)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class ContactCreate(APIView):
    required_scopes = {"POST": WRITE}

    @extend_schema(request=ContactInput, responses={201: ContactSerializer, **WRITE_ERRORS})
    @idempotent
    def post(self, request: Request) -> Response:
        """Record a contact or an attendance for one of the client's families."""
        contact = contact_create(
            client=request.user,  # type: ignore[arg-type]
            data=_input(request.data),
            families=client_families(request),
            request=request._request,
        )
        return contact_output(contact, created=True)


class ContactChange(APIView):
    required_scopes = {"PATCH": WRITE}

    @extend_schema(request=ContactInput, responses={200: ContactSerializer, **WRITE_ERRORS})
    def patch(self, request: Request, pk: int) -> Response:
        """Change the fields sent (If-Match or `version` required)."""
        contact = get_object_or_404(client_contacts(request), pk=pk)
        data = _input(request.data, partial=True)
        expected = expected_version(request, request.data.get("version") if isinstance(request.data, dict) else None)
        contact = contact_change(
            client=request.user,  # type: ignore[arg-type]
            contact=contact,
            data=data,
            expected_version=expected,
            families=client_families(request),
            request=request._request,
        )
        return contact_output(contact)


class ContactUpsert(APIView):
    required_scopes = {"PUT": WRITE}

    @extend_schema(
        request=ContactInput,
        responses={200: ContactSerializer, 201: ContactSerializer, **WRITE_ERRORS},
        operation_id="contacts_by_external_id_upsert",
    )
    def put(self, request: Request, external_id: str) -> Response:
        """Create or change the contact with your system's identifier (201 created, 200 changed)."""
        external_id = check_external_id(external_id)
        data = _input(request.data)
        data.pop("external_id", None)
        header = request.headers.get("If-Match")
        expected = expected_version(request, data.get("version")) if header or "version" in data else None
        contact, created = contact_upsert(
            client=request.user,  # type: ignore[arg-type]
            external_id=external_id,
            data=data,
            expected_version=expected,
            families=client_families(request),
            contacts=client_contacts(request),
            request=request._request,
        )
        return contact_output(contact, created=created)


class ContactBulkInput(BulkInput):
    rows = serializers.ListField(
        child=serializers.JSONField(), help_text="Up to 1,000 contacts, each with external_id."
    )


def _contact_row(request: Request, row: Any, families: QuerySet, contacts: QuerySet[Contact]) -> BulkResult:
    data = _input(row)
    external_id = data.pop("external_id", None)
    if not external_id:
        raise serializers.ValidationError({"external_id": ["Each row needs your system's identifier."]})
    contact, created = contact_upsert(
        client=request.user,  # type: ignore[arg-type]
        external_id=external_id,
        data=data,
        expected_version=data.get("version"),
        families=families,
        contacts=contacts,
        request=request._request,
    )
    return BulkResult(id=contact.pk, created=created, version=contact.version, external_id=external_id)


class ContactBulk(APIView):
    """Upsert up to 1,000 contacts by external_id in one transaction: all or nothing."""

    required_scopes = {"POST": WRITE}

    @extend_schema(request=ContactBulkInput, responses={200: BulkResponseSerializer, **WRITE_ERRORS})
    @idempotent
    def post(self, request: Request) -> Response:
        families, contacts = client_families(request), client_contacts(request)
        return run_bulk(request, lambda row: _contact_row(request, row, families, contacts))
