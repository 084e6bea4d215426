"""Referral writes for referrals:write clients, on top of the services the screens use (the
same life cycle, consent and agreement rules), with an upsert by the calling system's own id
and optimistic concurrency (If-Match) on changes.

A service's error names the field of the API body: its own names (the screens' "on",
"sent_on") are renamed, so that a 400 says which field of the request is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from rest_framework import exceptions

from centres.api.conditional import check_version
from centres.api.exceptions import Conflict
from centres.api.scoping import for_client, may_act_for
from centres.models import ApiClient, Centre
from families.models import Family
from partnerships.models import Partner, Referral
from partnerships.models.referrals import Direction, ReferralStatus
from partnerships.services import (
    referral_accept,
    referral_close,
    referral_first_contact,
    referral_receive,
    referral_send_out,
)

# What a referral is: an upsert must agree with the stored one on these.
IDENTITY = ("direction", "partner", "family", "reason", "received_on")


@contextmanager
def errors_on(field: str, *aliases: str) -> Iterator[None]:
    """Re-raise a service's ValidationError with its messages under `field`."""
    try:
        yield
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            raise ValidationError(
                {
                    (field if key in aliases or key == "__all__" else key): errors
                    for key, errors in exc.error_dict.items()
                }
            ) from None
        raise ValidationError({field: exc.messages}) from None


def client_referrals(client: ApiClient) -> Any:
    return for_client(Referral.objects.select_related("agreement"), client)


def _family(client: ApiClient, family_id: int) -> Family:
    """An active family of the client's centres; else 404 (never a hint that it exists)."""
    family = for_client(Family.objects.active(), client, centre_field="registered_centre").filter(pk=family_id).first()
    if family is None:
        raise Http404
    return family


def _partner(partner_id: int) -> Partner:
    partner = Partner.objects.filter(pk=partner_id).first()
    if partner is None:
        raise exceptions.ValidationError({"partner": ["There is no partner with this id."]})
    return partner


def _same_day(stored: date | None, given: date, field: str, what: str) -> bool:
    """True if the step is already recorded on that day; a 400 if on another (never moved)."""
    if stored is None:
        return False
    if stored != given:
        raise ValidationError(
            {field: f"{what} is already recorded on {stored:%Y-%m-%d}: a recorded step is not changed"}
        )
    return True


def apply_steps(
    *, client: ApiClient, referral: Referral, steps: Mapping[str, Any], request: HttpRequest | None
) -> Referral:
    """Record the steps given (accepted, first contact, closed) that the referral has not had yet."""
    if "accepted_on" in steps and not _same_day(
        referral.accepted_on, steps["accepted_on"], "accepted_on", "Its acceptance"
    ):
        with errors_on("accepted_on", "on"):
            referral = referral_accept(user=client, referral=referral, on=steps["accepted_on"], request=request)
    if "first_contact_on" in steps and not _same_day(
        referral.first_contact_on, steps["first_contact_on"], "first_contact_on", "The first contact"
    ):
        with errors_on("first_contact_on", "on"):
            referral = referral_first_contact(
                user=client, referral=referral, on=steps["first_contact_on"], request=request
            )
    if "closed_on" in steps:
        if referral.status == ReferralStatus.CLOSED:
            _same_day(referral.closed_on, steps["closed_on"], "closed_on", "Its closing")
            if referral.outcome != steps["outcome"]:
                raise ValidationError({"outcome": f"It is already closed with the outcome “{referral.outcome}”"})
        else:
            with errors_on("closed_on", "on"):
                referral = referral_close(
                    user=client,
                    referral=referral,
                    on=steps["closed_on"],
                    outcome=steps["outcome"],
                    note=steps.get("closing_note", ""),
                    request=request,
                )
    return referral


def _create(*, client: ApiClient, data: Mapping[str, Any], request: HttpRequest | None) -> Referral:
    partner = _partner(data["partner"])
    family = _family(client, data["family"]) if "family" in data else None
    common = {
        "user": client,
        "partner": partner,
        "reason": data["reason"],
        "urgency": data["urgency"],
        "partner_contact": data["partner_contact"],
        "notes": data["notes"],
        "source_system": client.system,
        "external_id": data.get("external_id"),
        "request": request,
    }
    if data["direction"] == Direction.OUT:
        if family is None:  # the serializer asks for it; kept for the type checker
            raise exceptions.ValidationError({"family": ["A referral out is about a registered family."]})
        with errors_on("received_on", "sent_on"):
            return referral_send_out(
                family=family, sent_on=data["received_on"], family_agreed=data["family_agreed"], **common
            )
    centre_id = data.get("centre") or (family.registered_centre_id if family else None)
    if centre_id is None or not may_act_for(client, centre_id):
        raise exceptions.ValidationError({"centre": ["This client does not act for that centre."]})
    return referral_receive(
        centre=Centre.objects.get(pk=centre_id),
        family=family,
        received_on=data["received_on"],
        subject_name=data["subject_name"],
        subject_date_of_birth=data["subject_date_of_birth"],
        subject_postcode=data["subject_postcode"],
        **common,
    )


def _check_identity(referral: Referral, data: Mapping[str, Any]) -> None:
    stored = {
        "direction": referral.direction,
        "partner": referral.partner_id,
        "family": referral.family_id,
        "reason": referral.reason,
        "received_on": referral.received_on,
    }
    given = {**stored, **{name: data[name] for name in IDENTITY if name in data}}
    differ = sorted(name for name in IDENTITY if given[name] != stored[name])
    if differ:
        raise Conflict(
            f"Your id {referral.external_id} is already referral {referral.reference} with a different "
            f"{', '.join(differ)}: use a new id for a new referral."
        )


@transaction.atomic
def referral_upsert(
    *, client: ApiClient, data: Mapping[str, Any], expected: int | None, request: HttpRequest | None
) -> tuple[Referral, bool]:
    """Create the referral, or (the same external_id from this client's system again) move the
    stored one's steps on. Returns it and whether it was created."""
    external_id = data.get("external_id")
    existing = None
    if external_id is not None:
        existing = (
            Referral.objects.select_for_update().filter(source_system=client.system, external_id=external_id).first()
        )
    if existing is None:
        try:
            with transaction.atomic():
                referral = _create(client=client, data=data, request=request)
        except IntegrityError:
            # Another call created the same external id meanwhile: the caller may retry.
            raise Conflict("A referral with this external_id was created at the same time: retry.") from None
        return apply_steps(client=client, referral=referral, steps=data, request=request), True
    if not client_referrals(client).filter(pk=existing.pk).exists():
        raise Http404
    _check_identity(existing, data)
    if expected is not None:
        check_version(current=existing.version, expected=expected)
    return apply_steps(client=client, referral=existing, steps=data, request=request), False


@transaction.atomic
def referral_update(
    *, client: ApiClient, pk: int, expected: int, data: Mapping[str, Any], request: HttpRequest | None
) -> Referral:
    """Move a referral's steps on (`data`), if nobody changed it since the client read `expected`."""
    referral = client_referrals(client).select_for_update(of=("self",)).filter(pk=pk).first()
    if referral is None:
        raise Http404
    check_version(current=referral.version, expected=expected)
    return apply_steps(client=client, referral=referral, steps=data, request=request)


def warnings_for(referral: Referral) -> list[str]:
    """What the screens warn about a referral out: no sharing agreement covering the partner."""
    if referral.direction == Direction.OUT and referral.agreement_id is None:
        return ["No current information-sharing agreement covers this partner: check the share is lawful."]
    return []
