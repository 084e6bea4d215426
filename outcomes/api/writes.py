"""Outcome assessments written by API clients (scope families:write: the issue names no scope
of their own, and an assessment is part of a family's record). Recorded and corrected through
outcomes.records.services, so scores are checked against the instrument's ranges exactly as on
the screens; an upsert by the calling system's id; If-Match on every change."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest
from rest_framework import exceptions, serializers

from centres.api.conditional import check_version
from centres.api.exceptions import Conflict
from centres.api.scoping import for_client
from centres.models import ApiClient
from families.models import Adult, Child
from outcomes.models import Assessment, Instrument
from outcomes.models.records import TimePoint
from outcomes.records.services import assessment_record, assessment_update
from services.models import Service

MAX_ID = 2**63 - 1
SCORE = serializers.DecimalField(max_digits=7, decimal_places=2)


class AssessmentChangeSerializer(serializers.Serializer):
    time_point = serializers.ChoiceField(choices=TimePoint.choices, required=False)
    assessed_on = serializers.DateField(required=False)
    service = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    total_score = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True)
    achieved = serializers.BooleanField(required=False, allow_null=True, help_text="Yes/no instruments only.")
    scores = serializers.DictField(
        child=SCORE, required=False, help_text="Domain code to score, for instruments with domains."
    )


class AssessmentUpdateSerializer(AssessmentChangeSerializer):
    version = serializers.IntegerField(required=False, min_value=0, max_value=MAX_ID)


class AssessmentWriteSerializer(AssessmentChangeSerializer):
    """An assessment of one child or one carer of a family the client may see."""

    external_id = serializers.CharField(required=False, max_length=64, help_text="Your system's id for it.")
    instrument = serializers.CharField(max_length=20, help_text="The instrument's code, such as WEMWBS.")
    child = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    adult = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)
    time_point = serializers.ChoiceField(choices=TimePoint.choices)
    assessed_on = serializers.DateField()

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("child" in data) == ("adult" in data):
            raise serializers.ValidationError({"child": ["Give the child or the adult assessed (one of them)."]})
        return data


def client_assessments(client: ApiClient) -> Any:
    return for_client(
        Assessment.objects.filter(family__anonymised_at__isnull=True), client, centre_field="family__registered_centre"
    )


def _person(client: ApiClient, data: Mapping[str, Any]) -> Child | Adult:
    model: type[Child] | type[Adult] = Child if "child" in data else Adult
    people = for_client(model.objects.select_related("family"), client, centre_field="family__registered_centre")
    active = {"family__merged_into__isnull": True, "family__anonymised_at__isnull": True}
    person = people.filter(pk=data["child" if model is Child else "adult"], **active).first()
    if person is None:
        raise Http404
    return person


def _instrument(code: str) -> Instrument:
    instrument = Instrument.objects.filter(code=code).first()
    if instrument is None:
        raise exceptions.ValidationError({"instrument": [f"There is no instrument “{code}”."]})
    return instrument


def _service(service_id: int | None) -> Service | None:
    if service_id is None:
        return None
    service = Service.objects.filter(pk=service_id).first()
    if service is None:
        raise exceptions.ValidationError({"service": ["There is no service with this id."]})
    return service


def _check_domains(instrument: Instrument, scores: Mapping[str, Any]) -> None:
    unknown = sorted(set(scores) - set(instrument.domains.values_list("code", flat=True)))
    if unknown:
        raise exceptions.ValidationError({"scores": [f"{instrument.code} has no domain {', '.join(unknown)}."]})


def _api_errors(exc: DjangoValidationError) -> Exception:
    """The screens' field names (score_<code>) as the body's: scores.<code>."""
    if hasattr(exc, "error_dict"):
        errors: dict[str, Any] = {}
        for key, value in exc.error_dict.items():
            messages = [m for e in value for m in e.messages]
            if key.startswith("score_"):
                errors.setdefault("scores", {})[key.removeprefix("score_")] = messages
            else:
                errors[key] = messages
        return exceptions.ValidationError(errors)
    return exc


def _changes(data: Mapping[str, Any]) -> dict[str, Any]:
    changes = {
        name: data[name] for name in ("time_point", "assessed_on", "total_score", "achieved", "scores") if name in data
    }
    if "service" in data:
        changes["service"] = _service(data["service"])
    return changes


@transaction.atomic
def assessment_upsert(
    *, client: ApiClient, data: Mapping[str, Any], expected: int | None, request: HttpRequest | None
) -> tuple[Assessment, bool]:
    """Record the assessment, or (the same external_id from this system again) correct it."""
    person = _person(client, data)
    instrument = _instrument(data["instrument"])
    _check_domains(instrument, data.get("scores", {}))
    existing = None
    if "external_id" in data:
        existing = (
            Assessment.objects.select_for_update()
            .filter(source_system=client.system, external_id=data["external_id"])
            .first()
        )
    if existing is not None:
        if not client_assessments(client).filter(pk=existing.pk).exists():
            raise Http404
        if existing.instrument_id != instrument.pk or person.pk != (existing.child_id or existing.adult_id):
            raise Conflict(
                f"Your id {existing.external_id} is already an assessment of someone else or on another "
                "instrument: use a new id for a new assessment."
            )
        if expected is not None:
            check_version(current=existing.version, expected=expected)
        try:
            return assessment_update(user=client, assessment=existing, request=request, **_changes(data)), False
        except DjangoValidationError as exc:
            raise _api_errors(exc) from None
    try:
        with transaction.atomic():
            assessment = assessment_record(
                user=client,
                family=person.family,
                instrument=instrument,
                person=person,
                time_point=data["time_point"],
                assessed_on=data["assessed_on"],
                service=_service(data.get("service")),
                total_score=data.get("total_score"),
                achieved=data.get("achieved"),
                scores=data.get("scores"),
                source_system=client.system,
                external_id=data.get("external_id"),
                request=request,
            )
    except IntegrityError:
        raise Conflict("An assessment with this external_id was created at the same time: retry.") from None
    except DjangoValidationError as exc:
        raise _api_errors(exc) from None
    return assessment, True


@transaction.atomic
def assessment_change(
    *, client: ApiClient, pk: int, expected: int, data: Mapping[str, Any], request: HttpRequest | None
) -> Assessment:
    assessment = (
        client_assessments(client).select_for_update(of=("self",)).select_related("instrument").filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404
    check_version(current=assessment.version, expected=expected)
    _check_domains(assessment.instrument, data.get("scores", {}))
    try:
        return assessment_update(user=client, assessment=assessment, request=request, **_changes(data))
    except DjangoValidationError as exc:
        raise _api_errors(exc) from None
