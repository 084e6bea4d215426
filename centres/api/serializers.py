from __future__ import annotations

from rest_framework import serializers

from centres.models import LSOA, Centre, ReachArea


class ReachAreaSummarySerializer(serializers.Serializer):
    lsoas = serializers.IntegerField(help_text="LSOAs in the reach area now.")
    under_5_population = serializers.IntegerField(
        allow_null=True, help_text="Children aged 0 to 4 in those LSOAs (newest mid-year estimate)."
    )
    population_year = serializers.IntegerField(allow_null=True)


class CentreSerializer(serializers.ModelSerializer):
    cluster = serializers.CharField(source="cluster.name", allow_null=True, default=None)
    reach_area = serializers.SerializerMethodField()

    class Meta:
        model = Centre
        fields = [
            "id",
            "name",
            "ofsted_urn",
            "kind",
            "main_centre",
            "cluster",
            "status",
            "address",
            "postcode",
            "reach_area",
        ]

    def get_reach_area(self, centre: Centre) -> ReachAreaSummarySerializer:
        data = {
            "lsoas": getattr(centre, "lsoa_count", None) or 0,
            "under_5_population": getattr(centre, "under_5_population", None),
            "population_year": getattr(centre, "population_year", None),
        }
        return ReachAreaSummarySerializer(data).data  # type: ignore[return-value]


class ReachAreaSerializer(serializers.ModelSerializer):
    lsoas = serializers.SerializerMethodField(help_text="Codes of the LSOAs in the area now.")

    class Meta:
        model = ReachArea
        fields = ["id", "centre", "lsoas"]

    def get_lsoas(self, area: ReachArea) -> list[str]:
        return [m.lsoa.code for m in area.current_memberships]  # type: ignore[attr-defined]


class LSOASerializer(serializers.ModelSerializer):
    deprivation_release = serializers.CharField(allow_null=True, help_text="The Indices of Deprivation used.")
    imd_rank = serializers.IntegerField(allow_null=True, help_text="1 is the most deprived in England.")
    imd_decile = serializers.IntegerField(allow_null=True, min_value=1, max_value=10)
    idaci_decile = serializers.IntegerField(allow_null=True, min_value=1, max_value=10)
    population_year = serializers.IntegerField(allow_null=True, help_text="Mid-year of the newest estimate.")
    under_5_population = serializers.IntegerField(allow_null=True)
    reach_area_centre = serializers.IntegerField(allow_null=True, help_text="The centre whose reach area it is in.")

    class Meta:
        model = LSOA
        fields = [
            "id",
            "code",
            "name",
            "vintage",
            "local_authority_code",
            "deprivation_release",
            "imd_rank",
            "imd_decile",
            "idaci_decile",
            "population_year",
            "under_5_population",
            "reach_area_centre",
        ]
