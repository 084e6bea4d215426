"""Families with their current address, carers, children and consents, for families:read clients.
Restricted fields (safeguarding statuses, contact notes) are never in the API."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from families.models import Address, Adult, Child, Consent, Family
from outcomes.models import Assessment, AssessmentScore
from services.models import Contact


class AddressSerializer(serializers.ModelSerializer):
    lsoa = serializers.CharField(source="lsoa.code", allow_null=True, default=None, help_text="Its LSOA code.")

    class Meta:
        model = Address
        fields = ["line_1", "line_2", "town", "postcode", "lsoa", "moved_in"]


class AdultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Adult
        fields = ["id", *Adult.EDITABLE_FIELDS]


class ChildSerializer(serializers.ModelSerializer):
    class Meta:
        model = Child
        # Not child_in_need, child_protection_plan or looked_after (Child.RESTRICTED_FIELDS).
        fields = ["id", *Child.OPEN_FIELDS]


class ConsentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Consent
        fields = ["purpose", "agreed", "recorded_on"]


class FamilySerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    address = serializers.SerializerMethodField(help_text="The current address, or null.")
    adults = AdultSerializer(many=True, read_only=True)
    children = ChildSerializer(many=True, read_only=True)
    consents = ConsentSerializer(
        source="current_consents",
        many=True,
        read_only=True,
        help_text="The family's current answer per purpose (withdrawn answers are not listed).",
    )

    class Meta:
        model = Family
        fields = [
            "id",
            "reference",
            "external_id",
            "registered_centre",
            "registration_date",
            "temporary_accommodation",
            "version",
            "created_at",
            "updated_at",
            "address",
            "adults",
            "children",
            "consents",
        ]

    @extend_schema_field(AddressSerializer(allow_null=True))
    def get_address(self, family: Family) -> dict[str, Any] | None:
        current = getattr(family, "current_addresses", None)
        if not current:
            return None
        # One address serializer for the whole list: building its fields for every family cost
        # more than the rest of a 100-family page put together.
        if not hasattr(self, "_address_serializer"):
            self._address_serializer = AddressSerializer()
        return self._address_serializer.to_representation(current[0])


class ContactSerializer(serializers.ModelSerializer):
    service = serializers.IntegerField(source="session.service_id", allow_null=True, default=None)
    children: serializers.PrimaryKeyRelatedField[Child] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    adults: serializers.PrimaryKeyRelatedField[Adult] = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Contact
        # Not notes (Contact.RESTRICTED_FIELDS).
        fields = [
            "id",
            "family",
            "centre",
            "date",
            "kind",
            "session",
            "service",
            "duration_minutes",
            "with_adult",
            "children",
            "adults",
            "source_system",
            "external_id",
            "version",
            "created_at",
        ]


class AssessmentScoreSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.code")

    class Meta:
        model = AssessmentScore
        fields = ["domain", "score"]


class AssessmentSerializer(serializers.ModelSerializer):
    instrument = serializers.CharField(source="instrument.code")
    scores = AssessmentScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "family",
            "child",
            "adult",
            "instrument",
            "time_point",
            "assessed_on",
            "service",
            "total_score",
            "achieved",
            "scores",
            "source_system",
            "external_id",
            "version",
            "created_at",
        ]
