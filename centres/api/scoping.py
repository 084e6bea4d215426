"""Which records a client may see: those of the centres it acts for (or all, with the
"all centres" flag). A personal record outside them is a 404, never a 403: no hint it exists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from centres.audit import audit_record, audit_record_many
from centres.models import ApiClient, AuditEvent, Centre

M = TypeVar("M", bound=Model)


def client_centres(client: ApiClient) -> QuerySet[Centre]:
    return Centre.objects.all() if client.all_centres else Centre.objects.filter(api_clients=client)


def for_client(queryset: QuerySet[M], client: ApiClient | None, *, centre_field: str = "centre") -> QuerySet[M]:
    """The rows of `queryset` whose `centre_field` is one of the client's centres (one subquery).

    `centre_field` is the lookup to the centre: "registered_centre" for families,
    "family__registered_centre" for children, "centre" for contacts and referrals.
    """
    if not isinstance(client, ApiClient):  # no client (the schema generator): nothing
        return queryset.none()
    if client.all_centres:
        return queryset
    return queryset.filter(**{f"{centre_field}__in": Centre.objects.filter(api_clients=client).values("pk")})


def may_act_for(client: ApiClient, centre_id: int) -> bool:
    """For writes: may the client create or move a record into this centre?"""
    return client.all_centres or client.centres.filter(pk=centre_id).exists()


def visible_to(queryset: QuerySet[M], actor: object, *, centre_field: str) -> QuerySet[M]:
    """The rows a service may work with for whoever is acting: a member of staff (the
    queryset's own `for_user`) or an API client (`for_client` on `centre_field`). Lets one
    service serve both the screens and the API, with each one's rules."""
    if isinstance(actor, ApiClient):
        return for_client(queryset, actor, centre_field=centre_field)
    return queryset.for_user(actor)  # type: ignore[attr-defined]


def authorship(actor: object, field: str) -> dict[str, object]:
    """The author fields of a new record: `{field: staff}` or `{"api_client": client}`."""
    if isinstance(actor, ApiClient):
        return {field: None, "api_client": actor}
    return {field: actor, "api_client": None}


READ_DETAIL = "read through the API"


def audit_read(request: Any, obj: Model, *, family_id: int | None, detail: str = READ_DETAIL) -> None:
    """A client's read of one personal record, in the audit trail as a view by that client."""
    audit_record(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        obj=obj,
        family_id=family_id,
        detail=detail,
        request=request._request,
    )


def audit_read_many(
    request: Any, objects: list[Any], *, family_ids: Iterable[int | None], detail: str = READ_DETAIL
) -> None:
    """A client's read of a page of personal records: one audit event each, one INSERT."""
    audit_record_many(
        user=request.user,
        action=AuditEvent.Action.VIEW,
        objects=objects,
        family_ids=family_ids,
        detail=detail,
        request=request._request,
    )
