"""What a families:write client sends: a family with its address, carers, children and consents.

Each person is checked as the model checks it (full_clean), so that the errors come back under
the person's index ("children": {"1": {"nhs_number": [...]}}) instead of as one 400 for the lot.
Safeguarding statuses (Child.RESTRICTED_FIELDS) are not accepted through the API.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers
from rest_framework.request import Request

from centres.api.conditional import upsert_version
from centres.api.writes import valid_data
from centres.models import Centre
from centres.postcodes import InvalidPostcode, normalise_postcode
from families.models import Adult, Child, ConsentPurpose


class AddressInput(serializers.Serializer):
    line_1 = serializers.CharField(max_length=100)
    line_2 = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    town = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    postcode = serializers.CharField(max_length=10, help_text="A UK postcode; its LSOA and reach area are looked up.")

    def validate_postcode(self, value: str) -> str:
        try:
            return normalise_postcode(value)
        except InvalidPostcode as error:
            raise serializers.ValidationError(str(error)) from error


def _model_errors(model: type[Adult] | type[Child], data: dict[str, Any]) -> dict[str, Any] | None:
    fields = {k: v for k, v in data.items() if k != "id"}
    try:
        model(**fields).full_clean(exclude=["family"], validate_unique=False)
    except DjangoValidationError as error:
        return serializers.as_serializer_error(error)
    return None


class PersonInput(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        help_text="On an update: the carer or child to change (else a new one is added).",
    )


class AdultInput(PersonInput):
    class Meta:
        model = Adult
        fields = ["id", *Adult.EDITABLE_FIELDS]


class ChildInput(PersonInput):
    class Meta:
        model = Child
        # Safeguarding statuses (Child.RESTRICTED_FIELDS) are not accepted through the API.
        fields = ["id", *Child.OPEN_FIELDS]


class CentreField(serializers.PrimaryKeyRelatedField):
    """A centre by id. A bulk request looks up its rows' centres once and passes them in the
    serializer's context ("centres", by id); an id not among them is looked up as usual."""

    def to_internal_value(self, data: Any) -> Any:
        known = self.context.get("centres")
        if known and isinstance(data, int) and not isinstance(data, bool) and data in known:
            return known[data]
        return super().to_internal_value(data)


class FamilyInput(serializers.Serializer):
    """A family as an integration sends it. On a create, `address`, `children` and a
    `consents` list holding "registration" are required (as on the registration screen)."""

    external_id = serializers.CharField(
        max_length=64, required=False, allow_null=True, help_text="Your system's identifier for the family."
    )
    registered_centre = CentreField(queryset=Centre.objects.all(), required=False)
    registration_date = serializers.DateField(required=False)
    temporary_accommodation = serializers.BooleanField(required=False)
    address = AddressInput(required=False)
    moved_on = serializers.DateField(
        required=False, help_text="When the address changes: the day of the move (default today)."
    )
    adults = AdultInput(many=True, required=False, max_length=20)  # type: ignore[call-arg]
    children = ChildInput(many=True, required=False, max_length=20)  # type: ignore[call-arg]
    consents = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentPurpose.choices),
        required=False,
        max_length=len(ConsentPurpose.choices),
        help_text="The purposes the family agreed to (recorded when not already agreed).",
    )
    withdraw_consents = serializers.ListField(
        child=serializers.ChoiceField(choices=ConsentPurpose.choices),
        required=False,
        max_length=len(ConsentPurpose.choices),
        help_text=(
            "On a change: the purposes whose current answer the family withdrew, as Withdraw on the "
            "family's page (a purpose with no current answer is left as it is). Withdrawing "
            "'share_health' or 'share_social_care' stops referrals out that rely on that consent."
        ),
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,
        write_only=True,
        help_text="The version you read (or send If-Match).",
    )

    def _people(self, model: type[Adult] | type[Child], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # A row with an id changes a stored person: the service checks it merged with what is stored.
        errors = {str(i): e for i, row in enumerate(rows) if "id" not in row and (e := _model_errors(model, row))}
        if errors:
            raise serializers.ValidationError(errors)
        return rows

    def validate_adults(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return self._people(Adult, value)

    def validate_children(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return self._people(Child, value)

    def validate_external_id(self, value: str | None) -> str | None:
        value = (value or "").strip()
        return value or None

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        both = set(attrs.get("consents", [])) & set(attrs.get("withdraw_consents", []))
        if both:
            raise serializers.ValidationError(
                {"withdraw_consents": [f"Agree to or withdraw a purpose, not both: {', '.join(sorted(both))}."]}
            )
        return attrs


def check_external_id(value: str) -> str:
    """An identifier from the URL: as the body's external_id allows (1 to 64 characters)."""
    value = value.strip()
    if not value or len(value) > 64:
        raise serializers.ValidationError({"external_id": ["Give 1 to 64 characters."]})
    return value


def upsert_input(
    request: Request, external_id: str, serializer_class: type[serializers.Serializer]
) -> tuple[str, dict[str, Any], int | None]:
    """A PUT by external_id: the path's identifier (checked first), the body as `serializer_class`
    checks it less its own external_id (the path names it), and the version it was sent for."""
    external_id = check_external_id(external_id)
    data = valid_data(serializer_class, request.data)
    data.pop("external_id", None)
    return external_id, data, upsert_version(request, data)


def require_for_create(data: dict[str, Any]) -> None:
    """The fields a new family needs, as field errors (a 400)."""
    missing = {
        name: ["This field is required to register a family."]
        for name in ("registered_centre", "address", "children", "consents")
        if not data.get(name)
    }
    if missing:
        raise serializers.ValidationError(missing)
    if ConsentPurpose.REGISTRATION not in data["consents"]:
        raise serializers.ValidationError({"consents": ["The family must agree to be registered ('registration')."]})
    if data.get("withdraw_consents"):
        raise serializers.ValidationError({"withdraw_consents": ["A new family has no consents to withdraw."]})
    ids = [p["id"] for key in ("adults", "children") for p in data.get(key, []) if "id" in p]
    if ids:
        raise serializers.ValidationError({"non_field_errors": ["A new family's carers and children have no id yet."]})
