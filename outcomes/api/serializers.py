from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from outcomes.dashboards.selectors import Figure, figure
from outcomes.indicators.definitions import INDICATORS
from outcomes.models import IndicatorSnapshot

NUMBER = serializers.DecimalField(max_digits=30, decimal_places=10, allow_null=True)


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    version = serializers.IntegerField()
    unit = serializers.CharField(help_text="count, rate, points, days, hours, money or mean.")
    numerator = serializers.CharField()
    denominator = serializers.CharField(allow_blank=True)
    description = serializers.CharField()


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize() if value == value.to_integral() else value, "f")


class IndicatorSnapshotSerializer(serializers.ModelSerializer):
    """A stored figure. Where the numerator or denominator is from 1 to SMALL_NUMBER_THRESHOLD - 1,
    all three are withheld (null) and `suppressed` is true, as on the analysts' dashboards."""

    numerator = serializers.SerializerMethodField()
    denominator = serializers.SerializerMethodField()
    # Not get_value: that name is Field.get_value, which DRF calls for other things.
    value = serializers.SerializerMethodField(
        method_name="get_shown_value", help_text="numerator / denominator, or the number itself."
    )
    suppressed = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorSnapshot
        fields = [
            "id",
            "indicator",
            "version",
            "scope",
            "scope_id",
            "period_kind",
            "period_start",
            "period_end",
            "split",
            "numerator",
            "denominator",
            "value",
            "suppressed",
            "computed_at",
        ]

    def _figure(self, snapshot: IndicatorSnapshot) -> Figure | None:
        if not hasattr(snapshot, "_figure"):
            # An indicator this release does not define (an old code): its unit is unknown, so
            # it is withheld rather than risk showing a small number.
            snapshot._figure = figure(snapshot, suppress=True) if snapshot.indicator in INDICATORS else None  # type: ignore[attr-defined]
        return snapshot._figure  # type: ignore[attr-defined]

    @extend_schema_field(NUMBER)
    def get_numerator(self, snapshot: IndicatorSnapshot) -> str | None:
        shown = self._figure(snapshot)
        return _number(shown.numerator if shown else None)

    @extend_schema_field(NUMBER)
    def get_denominator(self, snapshot: IndicatorSnapshot) -> str | None:
        shown = self._figure(snapshot)
        return _number(shown.denominator if shown else None)

    @extend_schema_field(NUMBER)
    def get_shown_value(self, snapshot: IndicatorSnapshot) -> str | None:
        shown = self._figure(snapshot)
        return _number(round(shown.value, 10) if shown and shown.value is not None else None)

    @extend_schema_field(serializers.BooleanField())
    def get_suppressed(self, snapshot: IndicatorSnapshot) -> bool:
        shown = self._figure(snapshot)
        return shown is None or shown.suppressed
