"""aggregates:read endpoints: centres, reach areas, LSOAs, services, sessions and indicators.
No personal data, small numbers suppressed, every centre visible."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from centres.models import Scope
from outcomes.models import IndicatorSnapshot
from services.models import Contact
from tests.api.factories import bearer, issue_token
from tests.centres.factories import CentreFactory, neighbourhood
from tests.families.factories import FamilyFactory
from tests.services.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def aggregates():
    """A token with aggregates:read only, of a client acting for no centre in particular."""
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ], centres=[CentreFactory(name="Elsewhere")])
    return bearer(text)


AGGREGATE_URLS = [
    "/api/v1/centres/",
    "/api/v1/reach-areas/",
    "/api/v1/lsoas/",
    "/api/v1/services/",
    "/api/v1/sessions/",
    "/api/v1/indicators/",
    "/api/v1/indicator-snapshots/",
]


@pytest.mark.parametrize("url", AGGREGATE_URLS)
def test_aggregate_endpoints_need_the_aggregates_scope(client, url):
    _, text = issue_token(scopes=[s for s in Scope.values if s != Scope.AGGREGATES_READ])
    assert client.get(url, **bearer(text)).status_code == 403
    _, text = issue_token(scopes=[Scope.AGGREGATES_READ])
    assert client.get(url, **bearer(text)).status_code == 200


def test_centres_come_with_their_reach_area_summary_for_any_client(client, aggregates, django_assert_max_num_queries):
    ashby = CentreFactory(name="Ashby Road")
    neighbourhood(centre=ashby, decile=1, ages=(10, 10, 10, 10, 10))
    neighbourhood(centre=ashby, decile=9, ages=(1, 2, 3, 4, 5))
    for _ in range(5):
        neighbourhood(centre=CentreFactory(), decile=5, ages=(1, 1, 1, 1, 1))
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/centres/", **aggregates).json()
    assert len(body["results"]) == 7  # every centre, not only the client's own
    row = next(c for c in body["results"] if c["name"] == "Ashby Road")
    assert row["reach_area"] == {"lsoas": 2, "under_5_population": 65, "population_year": 2024}


def test_reach_areas_list_their_current_lsoas(client, aggregates, django_assert_max_num_queries):
    centre = CentreFactory()
    lsoas = [neighbourhood(centre=centre, decile=d, ages=(1, 1, 1, 1, 1)) for d in (1, 2, 3)]
    for _ in range(3):
        neighbourhood(centre=CentreFactory(), decile=5, ages=(1, 1, 1, 1, 1))
    with django_assert_max_num_queries(7):
        body = client.get("/api/v1/reach-areas/", **aggregates).json()
    area = next(a for a in body["results"] if a["centre"] == centre.pk)
    assert area["lsoas"] == sorted(lsoa.code for lsoa in lsoas)


def test_lsoas_carry_deprivation_population_and_reach_area(client, aggregates, django_assert_max_num_queries):
    centre = CentreFactory()
    deprived = neighbourhood(centre=centre, decile=2, ages=(3, 3, 3, 3, 3))
    for _ in range(5):
        neighbourhood(centre=None, decile=8, ages=(1, 1, 1, 1, 1))
    with django_assert_max_num_queries(6):
        body = client.get("/api/v1/lsoas/", **aggregates).json()
    assert len(body["results"]) == 6
    row = next(r for r in body["results"] if r["code"] == deprived.code)
    assert row["imd_decile"] == 2
    assert row["under_5_population"] == 15
    assert row["population_year"] == 2024
    assert row["reach_area_centre"] == centre.pk
    assert "boundary" not in row
    only = client.get(f"/api/v1/lsoas/?centre={centre.pk}", **aggregates).json()["results"]
    assert [r["code"] for r in only] == [deprived.code]
    assert len(client.get("/api/v1/lsoas/?imd_decile=8", **aggregates).json()["results"]) == 5
    assert client.get("/api/v1/lsoas/?imd_decile=11", **aggregates).status_code == 400


def test_services_list_the_catalogue(client, aggregates):
    session = SessionFactory()
    body = client.get("/api/v1/services/", **aggregates).json()
    assert [s["id"] for s in body["results"]] == [session.service_id]
    assert body["results"][0]["strand"] == 3
    assert body["results"][0]["targeted"] is False


@override_settings(SMALL_NUMBER_THRESHOLD=5)
def test_sessions_show_attendance_as_a_number_with_small_numbers_suppressed(
    client, aggregates, django_assert_max_num_queries
):
    busy, quiet, empty = SessionFactory(), SessionFactory(), SessionFactory()
    for session, n in ((busy, 6), (quiet, 2)):
        for _ in range(n):
            family = FamilyFactory(registered_centre=session.centre)
            Contact.objects.create(
                family=family, centre=session.centre, date=session.date, kind="session", session=session
            )
    with django_assert_max_num_queries(5):
        rows = {r["id"]: r for r in client.get("/api/v1/sessions/", **aggregates).json()["results"]}
    assert (rows[busy.pk]["families_attended"], rows[busy.pk]["attendance_suppressed"]) == (6, False)
    assert (rows[quiet.pk]["families_attended"], rows[quiet.pk]["attendance_suppressed"]) == (None, True)
    assert (rows[empty.pk]["families_attended"], rows[empty.pk]["attendance_suppressed"]) == (0, False)
    assert not any("family" in key for key in rows[busy.pk] if key != "families_attended")


def test_sessions_filter_by_date_range_and_reject_a_bad_date(client, aggregates):
    SessionFactory(date=date(2026, 1, 5))
    late = SessionFactory(date=date(2026, 3, 5))
    rows = client.get("/api/v1/sessions/?date_after=2026-02-01", **aggregates).json()["results"]
    assert [r["id"] for r in rows] == [late.pk]
    response = client.get("/api/v1/sessions/?date_after=31/02/2026", **aggregates)
    assert response.status_code == 400
    assert "date" in response.json()["errors"]


def test_indicator_definitions_are_listed(client, aggregates):
    body = client.get("/api/v1/indicators/", **aggregates).json()
    r3 = next(i for i in body if i["code"] == "R3")
    assert r3["unit"] == "rate" and r3["name"] == "Reach rate"


def _snapshot(**kwargs):
    defaults = {
        "indicator": "R3",
        "version": 1,
        "scope": "authority",
        "scope_id": 0,
        "period_kind": "quarter",
        "period_start": date(2026, 4, 1),
        "period_end": date(2026, 6, 30),
        "split": "",
        "numerator": Decimal("40"),
        "denominator": Decimal("100"),
        "computed_at": timezone.now(),
    }
    return IndicatorSnapshot.objects.create(**defaults | kwargs)


@override_settings(SMALL_NUMBER_THRESHOLD=5)
def test_snapshots_suppress_small_numbers_as_the_dashboards_do(client, aggregates):
    shown = _snapshot()
    small = _snapshot(split="deprivation:deprived", numerator=Decimal("3"), denominator=Decimal("50"))
    rows = {r["id"]: r for r in client.get("/api/v1/indicator-snapshots/", **aggregates).json()["results"]}
    assert rows[shown.pk]["numerator"] == "40"
    assert rows[shown.pk]["denominator"] == "100"
    assert Decimal(rows[shown.pk]["value"]) == Decimal("0.4")
    assert rows[shown.pk]["suppressed"] is False
    assert (rows[small.pk]["numerator"], rows[small.pk]["denominator"], rows[small.pk]["value"]) == (None, None, None)
    assert rows[small.pk]["suppressed"] is True


def test_snapshots_filter_by_indicator_scope_period_and_split(client, aggregates, django_assert_max_num_queries):
    wanted = _snapshot(scope="reach_area", scope_id=7, split="deprivation:other")
    _snapshot(indicator="R2")
    _snapshot(scope="reach_area", scope_id=8, split="deprivation:other")
    _snapshot(
        scope="reach_area",
        scope_id=7,
        split="deprivation:other",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
    )
    query = (
        "indicator=R3&scope=reach_area&scope_id=7&period_kind=quarter&split=deprivation:other"
        "&period_start_after=2026-04-01&period_start_before=2026-04-01"
    )
    with django_assert_max_num_queries(4):
        rows = client.get(f"/api/v1/indicator-snapshots/?{query}", **aggregates).json()["results"]
    assert [r["id"] for r in rows] == [wanted.pk]
    assert client.get("/api/v1/indicator-snapshots/?scope=galaxy", **aggregates).status_code == 400
    assert client.get("/api/v1/indicator-snapshots/?scope_id=-1", **aggregates).status_code == 400


def test_snapshot_reads_answer_if_none_match_with_304_until_a_figure_changes(client, aggregates):
    snapshot = _snapshot()
    first = client.get("/api/v1/indicator-snapshots/", **aggregates)
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = client.get("/api/v1/indicator-snapshots/", HTTP_IF_NONE_MATCH=etag, **aggregates)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get("/api/v1/indicator-snapshots/", HTTP_IF_NONE_MATCH='"other"', **aggregates).status_code == 200
    IndicatorSnapshot.objects.filter(pk=snapshot.pk).update(numerator=Decimal("41"))
    changed = client.get("/api/v1/indicator-snapshots/", HTTP_IF_NONE_MATCH=etag, **aggregates)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_indicator_definitions_have_an_etag_too(client, aggregates):
    etag = client.get("/api/v1/indicators/", **aggregates)["ETag"]
    assert client.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH=f"W/{etag}", **aggregates).status_code == 304
