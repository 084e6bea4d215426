"""contacts:write routes (the rules are in services/api/contacts.py).

- POST /contacts/ records one (201); an external_id already used by this client's system is a
  400 pointing at the upsert route. `Idempotency-Key` makes a retry replay the first answer.
- PATCH /contacts/<id>/ needs If-Match (or a body `version`): 428 without, 409 when stale.
- PUT /contacts/by-external-id/<id>/ creates (201) or changes (200); If-Match optional.
- POST /contacts/bulk/ upserts up to 1,000 by external_id, all or nothing, in a number of
  queries that does not grow with the rows (services/api/contacts.py contact_bulk).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from centres.api.conditional import patch_version, version_etag
from centres.api.idempotency import idempotent
from centres.api.scoping import for_client
from centres.models import Scope
from families.api.bulk import BulkInput, BulkResponseSerializer, bulk_rows
from families.api.inputs import upsert_input
from families.api.serializers import ContactSerializer
from families.api.views import client_families
from families.api.writes import WRITE_ERRORS
from services.api.contacts import (
    ContactInput,
    contact_bulk,
    contact_change,
    contact_create,
    contact_input,
    contact_upsert,
)
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


class ContactCreate(APIView):
    required_scopes = {"POST": WRITE}

    @extend_schema(request=ContactInput, responses={201: ContactSerializer, **WRITE_ERRORS})
    @idempotent
    def post(self, request: Request) -> Response:
        """Record a contact or an attendance for one of the client's families."""
        contact = contact_create(
            client=request.user,  # type: ignore[arg-type]
            data=contact_input(request.data),
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
        data = contact_input(request.data, partial=True)
        expected = patch_version(request)
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
        external_id, data, expected = upsert_input(request, external_id, ContactInput)
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


class ContactBulk(APIView):
    """Upsert up to 1,000 contacts by external_id in one transaction: all or nothing."""

    required_scopes = {"POST": WRITE}

    @extend_schema(request=ContactBulkInput, responses={200: BulkResponseSerializer, **WRITE_ERRORS})
    @idempotent
    def post(self, request: Request) -> Response:
        results = contact_bulk(
            client=request.user,  # type: ignore[arg-type]
            rows=bulk_rows(request),
            families=client_families(request),
            contacts=client_contacts(request),
            request=request._request,
        )
        return Response({"results": results})
