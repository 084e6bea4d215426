"""The LSOA 2011 to 2021 lookup import and the GeoJSON boundaries import."""

from __future__ import annotations

import json

import pytest

from centres.imports.errors import ImportFileError
from centres.imports.service import import_file
from centres.models import LSOA, LSOALookup
from tests.centres.data import counts, sample, write

pytestmark = pytest.mark.django_db

LOOKUP = sample("lsoa_2011_2021_lookup_sample.csv")
BOUNDARIES = sample("lsoa_boundaries_sample.geojson")
LOOKUP_HEADER = "LSOA11CD,LSOA11NM,LSOA21CD,LSOA21NM,CHGIND,LAD22CD,LAD22NM"


def test_the_lookup_creates_lsoas_of_both_vintages_with_names_and_the_links():
    summary = import_file(kind="lsoa_lookup", path_or_file=LOOKUP)

    assert summary.counts() == "created 36, updated 0, unchanged 0, skipped 0"
    assert (LSOA.objects.filter(vintage=2011).count(), LSOA.objects.filter(vintage=2021).count()) == (35, 35)
    assert summary.lsoas_created == 70
    split = LSOALookup.objects.filter(lsoa_2011__code="E01900005").order_by("lsoa_2021__code")
    assert [(link.lsoa_2021.code, link.change) for link in split] == [("E01900101", "S"), ("E01900102", "S")]
    merged = LSOALookup.objects.filter(lsoa_2021__code="E01900103")
    assert sorted(link.lsoa_2011.code for link in merged) == ["E01900010", "E01900011"]
    new = LSOA.objects.get(code="E01900101", vintage=2021)
    assert (new.name, new.local_authority_code) == ("Demo Borough 002E", "E06000999")


def test_importing_the_lookup_again_changes_nothing():
    import_file(kind="lsoa_lookup", path_or_file=LOOKUP)
    again = import_file(kind="lsoa_lookup", path_or_file=LOOKUP)
    assert again.counts() == "created 0, updated 0, unchanged 36, skipped 0"
    assert (again.lsoas_created, again.lsoas_updated) == (0, 0)


def test_a_changed_change_indicator_is_one_update(tmp_path):
    import_file(
        kind="lsoa_lookup",
        path_or_file=write(tmp_path, "a.csv", f"{LOOKUP_HEADER}\nE01900001,A,E01900001,A,U,E06000999,D"),
    )
    summary = import_file(
        kind="lsoa_lookup",
        path_or_file=write(tmp_path, "a.csv", f"{LOOKUP_HEADER}\nE01900001,A,E01900001,A,x,E06000999,D"),
    )
    assert summary.counts() == "created 0, updated 1, unchanged 0, skipped 0"
    assert LSOALookup.objects.get().change == "X"


def test_the_lookup_fills_names_the_postcode_directory_left_blank():
    import_file(kind="postcodes", path_or_file=sample("onspd_sample.csv"))
    assert not LSOA.objects.exclude(name="").exists()
    summary = import_file(kind="lsoa_lookup", path_or_file=LOOKUP)
    assert summary.lsoas_updated >= 69  # every LSOA the directory met (one split half it did not)
    assert not LSOA.objects.filter(name="").exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("E01900003,C,E01900003,C,Q,E06000999,D", "CHGIND “Q” is not U, S, M or X"),
        ("E01900003,C,,C,U,E06000999,D", "the LSOA21CD is blank"),
        ("E01900001,A,E01900001,A,U,E06000999,D", "E01900001 to E01900001 appears more than once"),
    ],
)
def test_a_bad_lookup_row_names_its_line_and_changes_nothing(tmp_path, row, reason):
    path = write(
        tmp_path,
        "bad.csv",
        f"{LOOKUP_HEADER}\nE01900001,A,E01900001,A,U,E06000999,D\nE01900002,B,E01900002,B,U,E06000999,D\n{row}",
    )
    with pytest.raises(ImportFileError) as error:
        import_file(kind="lsoa_lookup", path_or_file=path)
    assert str(error.value) == f"row 4: {reason}"
    assert counts() == dict.fromkeys(counts(), 0)


def test_a_lookup_without_chgind_names_the_columns_it_has(tmp_path):
    path = write(tmp_path, "x.csv", "LSOA11CD,LSOA21CD\nE01900001,E01900001")
    with pytest.raises(ImportFileError, match="no “CHGIND” column; the columns it has are “lsoa11cd”, “lsoa21cd”"):
        import_file(kind="lsoa_lookup", path_or_file=path)


def test_boundaries_go_on_lsoas_already_imported_and_the_rest_are_skipped():
    import_file(kind="lsoa_lookup", path_or_file=LOOKUP)
    summary = import_file(kind="boundaries", path_or_file=BOUNDARIES)

    assert summary.counts() == "created 0, updated 35, unchanged 0, skipped 2"
    assert summary.skipped_reasons == {"LSOA not imported yet": 2}
    boundary = LSOA.objects.get(code="E01900001", vintage=2021).boundary
    assert boundary["type"] == "Polygon"
    assert boundary["coordinates"][0][0] == boundary["coordinates"][0][-1]
    assert not LSOA.objects.filter(vintage=2011, boundary__isnull=False).exists()


def test_importing_the_boundaries_again_changes_nothing():
    import_file(kind="lsoa_lookup", path_or_file=LOOKUP)
    import_file(kind="boundaries", path_or_file=BOUNDARIES)
    again = import_file(kind="boundaries", path_or_file=BOUNDARIES)
    assert again.counts() == "created 0, updated 0, unchanged 35, skipped 2"


def _collection(tmp_path, *features, name="b.geojson"):
    path = tmp_path / name
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


def _square(code, key="LSOA11CD", size=1.0):
    ring = [[0, 0], [size, 0], [size, size], [0, 0]]
    return {"type": "Feature", "properties": {key: code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def test_the_property_name_gives_the_vintage_and_a_changed_shape_is_an_update(tmp_path):
    import_file(kind="lsoa_lookup", path_or_file=LOOKUP)
    import_file(kind="boundaries", path_or_file=_collection(tmp_path, _square("E01900001"), _square("E01900002")))
    summary = import_file(
        kind="boundaries", path_or_file=_collection(tmp_path, _square("E01900001"), _square("E01900002", size=2.0))
    )
    assert summary.counts() == "created 0, updated 1, unchanged 1, skipped 0"
    assert summary.about == {"LSOA boundaries": "2011"}
    assert LSOA.objects.get(code="E01900002", vintage=2011).boundary["coordinates"][0][1] == [2.0, 0]


@pytest.mark.parametrize(
    ("feature", "reason"),
    [
        (
            {"type": "Feature", "properties": {"LSOA11CD": "E01900002"}, "geometry": None},
            "has no Polygon or MultiPolygon geometry",
        ),
        ({"type": "Feature", "properties": {"LSOA21CD": "E01900002"}, "geometry": None}, "has no “LSOA11CD” property"),
        (_square("E01900001"), "E01900001 appears more than once"),
    ],
)
def test_a_bad_feature_names_its_number_and_changes_nothing(tmp_path, feature, reason):
    import_file(kind="lsoa_lookup", path_or_file=LOOKUP)
    with pytest.raises(ImportFileError) as error:
        import_file(kind="boundaries", path_or_file=_collection(tmp_path, _square("E01900001"), feature))
    assert str(error.value) == f"feature 2: {reason}"
    assert counts()["boundaries"] == 0


def test_a_file_that_is_not_a_feature_collection_is_refused(tmp_path):
    path = tmp_path / "b.geojson"
    path.write_text('{"type": "Feature"}')
    with pytest.raises(ImportFileError, match="not a GeoJSON FeatureCollection"):
        import_file(kind="boundaries", path_or_file=path)
    path.write_text("{not json")
    with pytest.raises(ImportFileError, match="not GeoJSON"):
        import_file(kind="boundaries", path_or_file=path)
