from __future__ import annotations

from typing import Any

from rest_framework import serializers

from partnerships.models import BirthNotification, Referral
from partnerships.models.referrals import Direction, ReferralOutcome, ReferralReason, Urgency


class ReferralSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Referral
        # Not the unlinked person's name, date of birth, postcode or the notes (Referral.RESTRICTED_FIELDS).
        fields = [
            "id",
            "reference",
            "direction",
            "partner",
            "centre",
            "family",
            "reason",
            "urgency",
            "status",
            "received_on",
            "accepted_on",
            "first_contact_on",
            "closed_on",
            "days_to_first_contact",
            "outcome",
            "consent_basis",
            "shared_without_consent",
            "source_system",
            "external_id",
            "version",
            "created_at",
            "updated_at",
        ]


class BirthNotificationSerializer(serializers.ModelSerializer):
    lsoa = serializers.CharField(source="lsoa.code", allow_null=True, default=None)

    class Meta:
        model = BirthNotification
        # Not the mother's name or the NHS number: the date, postcode and match are what an
        # outreach list elsewhere needs.
        fields = [
            "id",
            "date_of_birth",
            "postcode",
            "sex",
            "notified_on",
            "lsoa",
            "centre",
            "matched_child",
            "matched_on",
            "match_method",
            "contacted_on",
            "created_at",
        ]


MAX_ID = 2**63 - 1  # a bigger id is a 400, never a database error


def record_id(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


class ReferralStepsSerializer(serializers.Serializer):
    """The life-cycle steps a write may record: each once, forward only."""

    accepted_on = serializers.DateField(required=False, help_text="Accepted by the centre (in) or the partner (out).")
    first_contact_on = serializers.DateField(
        required=False, help_text="First contact with the family; accepts it too if it was not yet."
    )
    closed_on = serializers.DateField(required=False, help_text="Closed: give the outcome with it.")
    outcome = serializers.ChoiceField(choices=ReferralOutcome.choices, required=False)
    closing_note = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("closed_on" in data) != ("outcome" in data):
            missing = "outcome" if "closed_on" in data else "closed_on"
            raise serializers.ValidationError({missing: ["Give closed_on and outcome together to close a referral."]})
        return data


class ReferralUpdateSerializer(ReferralStepsSerializer):
    version = serializers.IntegerField(
        required=False, min_value=0, max_value=MAX_ID, help_text="The version you read (or send If-Match)."
    )


class ReferralWriteSerializer(ReferralStepsSerializer):
    """A referral in from a partner, or out to one. With `external_id` it is an upsert: the
    same id from the same system again is the same referral (its steps move on)."""

    external_id = serializers.CharField(
        required=False, max_length=64, help_text="Your system's id for the referral: unique within your system."
    )
    direction = serializers.ChoiceField(choices=Direction.choices)
    partner = record_id()
    reason = serializers.ChoiceField(choices=ReferralReason.choices)
    received_on = serializers.DateField(help_text="The day it was received (in) or sent (out).")
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.ROUTINE)
    partner_contact = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")
    family = record_id(required=False, help_text="The family (required for a referral out).")
    centre = record_id(required=False, help_text="Referral in without a family: the centre that received it.")
    subject_name = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")
    subject_date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    subject_postcode = serializers.CharField(required=False, allow_blank=True, max_length=10, default="")
    notes = serializers.CharField(required=False, allow_blank=True, max_length=10000, default="")
    family_agreed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Referral out to a partner without a consent of its own: the family agreed to this referral.",
    )

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        data = super().validate(data)
        if data["direction"] == Direction.OUT and "family" not in data:
            raise serializers.ValidationError({"family": ["A referral out is about a registered family."]})
        if "family" not in data and "centre" not in data:
            raise serializers.ValidationError({"centre": ["Give the family, or the centre that received it."]})
        return data


class ReferralWriteResultSerializer(ReferralSerializer):
    agreement = serializers.IntegerField(
        source="agreement_id", allow_null=True, help_text="The information-sharing agreement that covered it."
    )
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="What staff would be warned of, such as no sharing agreement."
    )

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "agreement", "warnings"]
