from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from services.models import Service, Session


class ServiceSerializer(serializers.ModelSerializer):
    strand = serializers.IntegerField(read_only=True, help_text="The strand of the core purpose (3 to 6).")
    targeted = serializers.BooleanField(read_only=True)

    class Meta:
        model = Service
        fields = [
            "id",
            "name",
            "category",
            "strand",
            "targeted",
            "description",
            "provider_centre",
            "provider_partner",
            "programme",
            "evidence_rating",
            "min_age_months",
            "max_age_months",
            "capacity",
            "booking_required",
            "charge",
            "fee",
            "concession_fee",
            "cost_per_session",
            "active",
        ]


@extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "09:30"})
class ClockTimeField(serializers.TimeField):
    """A local clock time, "09:30". (JSON Schema's "time" format wants a UTC offset, which a
    timetable does not have.)"""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%H:%M", **kwargs)  # type: ignore[arg-type]


class SessionSerializer(serializers.ModelSerializer):
    start_time = ClockTimeField(read_only=True)
    end_time = ClockTimeField(read_only=True)
    families_attended = serializers.SerializerMethodField(
        help_text="Families who came (one contact each); null when suppressed as a small number."
    )
    attendance_suppressed = serializers.SerializerMethodField()
    register_taken = serializers.SerializerMethodField()

    class Meta:
        model = Session
        fields = [
            "id",
            "service",
            "centre",
            "venue",
            "date",
            "start_time",
            "end_time",
            "capacity",
            "cancelled",
            "register_taken",
            "families_attended",
            "attendance_suppressed",
        ]

    def _small(self, session: Session) -> bool:
        n = getattr(session, "attended", 0) or 0
        return 0 < n < settings.SMALL_NUMBER_THRESHOLD

    def get_families_attended(self, session: Session) -> int | None:
        return None if self._small(session) else getattr(session, "attended", 0) or 0

    def get_attendance_suppressed(self, session: Session) -> bool:
        return self._small(session)

    def get_register_taken(self, session: Session) -> bool:
        return session.register_taken_at is not None
