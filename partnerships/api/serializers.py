from __future__ import annotations

from rest_framework import serializers

from partnerships.models import BirthNotification, Referral


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
