"""The dashboards' sections, tables, charts, CSV export, targets, board print and public page."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent
from outcomes.dashboards import csv as dashboard_csv
from outcomes.dashboards.labels import split_label, split_labels
from outcomes.indicators import definitions
from outcomes.indicators.engine import compute_period
from outcomes.indicators.periods import period_starting
from outcomes.models import IndicatorSnapshot, IndicatorTarget
from services.models.money import Budget, Spend
from tests.centres.factories import neighbourhood
from tests.families.factories import AddressFactory, ChildFactory, FamilyFactory
from tests.partnerships.factories import PartnerFactory
from tests.services.factories import ServiceFactory

Q = period_starting("quarter", date(2026, 4, 1))
URL = {"kind": "quarter", "period": "2026-04-01"}


def snapshot(code, split="", *, scope="authority", scope_id=0, numerator=40, denominator=80, period=Q):
    return IndicatorSnapshot.objects.create(
        indicator=code,
        version=definitions.INDICATORS[code].version,
        scope=scope,
        scope_id=scope_id,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        split=split,
        numerator=numerator,
        denominator=denominator,
        computed_at=timezone.now(),
    )


@pytest.fixture
def partner_indicator(monkeypatch):
    """An indicator with partner splits, as the engine's P-codes write them."""
    base = definitions.INDICATORS["R3"]
    fake = replace(base, code="P9", name="Referrals seen in time", splits=("partner",))
    monkeypatch.setitem(definitions.INDICATORS, "P9", fake)
    return fake


# Labels ------------------------------------------------------------------------------------


def test_split_labels_name_partners_services_and_groups_in_one_query_each(authority, django_assert_num_queries):
    partners = PartnerFactory.create_batch(3)
    service = ServiceFactory(name="Stay and play")
    splits = [f"partner:{p.pk}" for p in partners] + [f"service:{service.pk}", "group:lone_parent", "", "area:out"]
    with django_assert_num_queries(2):
        labels = split_labels(splits)
    assert labels[f"partner:{partners[0].pk}"] == partners[0].name
    assert labels[f"service:{service.pk}"] == "Stay and play"
    assert labels["group:lone_parent"] == "Lone parent"
    assert (labels[""], labels["area:out"]) == ("All", "Out of area")


def test_an_unknown_split_reads_as_words_and_a_deleted_record_says_so():
    assert split_label("age_band:under_one") == "Age band: under one"
    assert split_label("partner:999999", {}) == "Partner 999999 (no longer recorded)"


# Sections ----------------------------------------------------------------------------------


def test_a_new_indicator_shows_in_its_section_with_its_splits_named(client, authority, partner_indicator):
    partner = PartnerFactory(name="Health visiting north")
    snapshot("P9")
    snapshot("P9", f"partner:{partner.pk}", numerator=30, denominator=60)
    client.force_login(authority.analyst)
    page = client.get(reverse("indicators:authority"), {**URL, "section": "partnerships"}).content.decode()
    assert "P9 Referrals seen in time" in page
    assert "Health visiting north" in page
    assert "50.0%" in page and "30 of 60" in page
    assert "Counted:" in page  # its definition is shown beside it


def test_a_section_without_figures_says_so(client, authority):
    client.force_login(authority.analyst)
    page = client.get(reverse("indicators:authority"), {**URL, "section": "quality"}).content.decode()
    assert "No figures for data quality have been computed for Q1 2026-27 yet" in page


def test_an_unknown_section_falls_back_to_reach(client, authority):
    client.force_login(authority.analyst)
    response = client.get(reverse("indicators:authority"), {**URL, "section": "../etc"})
    assert response.context["section"].slug == "reach"


def test_the_gap_is_not_applicable_where_no_lsoa_is_deprived(client, authority):
    neighbourhood(centre=authority.centre_b, decile=8, ages=(20, 20, 20, 20, 20)).populations.update(year=2025)
    compute_period(period=Q)
    client.force_login(authority.analyst)
    page = client.get(reverse("indicators:centre", args=[authority.centre_b.pk]), URL).content.decode()
    assert "Not applicable: no LSOA of this area is in the 30% most deprived" in page


def test_the_gap_is_not_applicable_where_every_lsoa_is_deprived(client, authority, figures):
    client.force_login(authority.manager)
    page = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), URL).content.decode()
    assert "Not applicable: every LSOA of this area is in the 30% most deprived" in page


def test_charts_read_their_figures_from_a_json_block_not_a_script(client, authority, figures):
    client.force_login(authority.manager)
    page = client.get(reverse("indicators:authority"), URL).content.decode()
    assert 'data-chart="line"' in page and 'data-source="chart-data-trend"' in page
    assert '<script id="chart-data-trend" type="application/json">' in page
    assert "outcomes/charts.mjs" in page and "dist/chart.umd.min.js" in page
    assert "<script>" not in page  # nothing executable inline: the CSP forbids it


# Targets -----------------------------------------------------------------------------------


def test_a_target_shows_beside_its_figure_with_whether_it_was_met(client, authority, figures):
    for value, verdict in ((Decimal("1.5"), "met"), (Decimal("2.5"), "not met")):
        IndicatorTarget.objects.all().delete()
        IndicatorTarget.objects.create(
            indicator="R3",
            scope="reach_area",
            centre=authority.centre_a,
            period_kind="quarter",
            target=value,
            active_from=date(2026, 1, 1),
            set_by=authority.admin,
        )
        client.force_login(authority.manager)
        page = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), URL).content.decode()
        assert f"Target at least {value}%: " in page
        assert f'app-tag--small">{verdict}</strong>' in page


def test_a_target_out_of_force_is_not_shown(client, authority, figures):
    IndicatorTarget.objects.create(
        indicator="R3",
        scope="reach_area",
        centre=authority.centre_a,
        period_kind="quarter",
        target=1,
        active_from=date(2025, 1, 1),
        active_to=date(2026, 3, 31),
        set_by=authority.admin,
    )
    client.force_login(authority.manager)
    page = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), URL).content.decode()
    assert "Target at least" not in page


def test_an_administrator_sets_a_target_and_bad_input_is_refused(client, authority):
    client.force_login(authority.admin)
    url = reverse("indicators:target_new")
    good = {
        "indicator": "R3",
        "split": "",
        "scope": "reach_area",
        "centre": authority.centre_a.pk,
        "period_kind": "quarter",
        "target": "60",
        "direction": "at_least",
        "active_from": "2026-04-01",
    }
    bad = client.post(url, {**good, "indicator": "Z9", "target": "0", "centre": ""})
    assert bad.status_code == 400
    errors = bad.context["form"].errors
    assert set(errors) >= {"indicator", "target"}
    assert client.post(url, {**good, "centre": ""}).context["form"].errors["centre"] == ["Choose the centre."]
    assert client.post(url, good).status_code == 302
    target = IndicatorTarget.objects.get()
    assert (target.target, target.set_by, target.scope_id) == (60, authority.admin, authority.centre_a.pk)


# CSV ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2.5", "'-2.5"),
        ("@SUM", "'@SUM"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ashby Road", "Ashby Road"),
        ("12.5", "12.5"),
        (None, ""),
    ],
)
def test_csv_cells_that_a_spreadsheet_would_run_are_quoted(value, written):
    assert dashboard_csv.safe(value) == written


def _csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_table_exports_as_csv_with_the_same_suppression_as_the_screen(client, authority, figures):
    client.force_login(authority.analyst)
    response = client.get(
        reverse("indicators:centre", args=[authority.centre_a.pk]), {**URL, "format": "csv", "table": "headline"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="core-purpose-ashby-road' in response["Content-Disposition"]
    assert "-headline-quarter-2026-04-01.csv" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:4] == [
        "Area",
        "R1 Under-5 population",
        "R1 Under-5 population: counted",
        "R1 Under-5 population: out of",
    ]
    assert rows[1][0] == "Reach area"
    assert rows[1][1] == "100"  # R1 is not a small number
    assert rows[1][7] == "Fewer than 5"  # R3, 2 of 100, suppressed for an analyst
    assert "2" not in rows[1][8:10]


def test_a_manager_exports_the_numbers_themselves(client, authority, figures):
    client.force_login(authority.manager)
    response = client.get(
        reverse("indicators:centre", args=[authority.centre_a.pk]), {**URL, "format": "csv", "table": "headline"}
    )
    assert _csv(response)[1][7:10] == ["2.0", "2", "100"]


def test_a_hostile_centre_name_is_defused_in_the_export(client, authority, figures):
    authority.centre_a.name = "=cmd|' /C calc'!A0"
    authority.centre_a.save()
    client.force_login(authority.manager)
    response = client.get(reverse("indicators:authority"), {**URL, "format": "csv", "table": "trend"})
    assert [r[0] for r in _csv(response)][1:] == ["Whole authority", "'=cmd|' /C calc'!A0"]


def test_an_unknown_table_is_not_found(client, authority):
    client.force_login(authority.analyst)
    assert client.get(reverse("indicators:authority"), {**URL, "format": "csv", "table": "nope"}).status_code == 404


# Board print and drill-down -----------------------------------------------------------------


def test_the_board_view_has_every_section_definitions_and_the_suppression_note(client, authority, figures):
    client.force_login(authority.analyst)
    page = client.get(reverse("indicators:authority"), {**URL, "view": "board"}).content.decode()
    for title in ("Reach", "Outcomes", "Spend", "Data quality", "Payment by results"):
        assert f">{title}</h2>" in page
    assert "Board report, Q1 2026-27" in page
    assert 'shown as "Fewer than 5"' in page and "Figures computed" in page
    assert "Download this table" not in page and "data-chart" not in page


def test_viewing_the_children_behind_a_figure_is_audited(client, authority, figures):
    client.force_login(authority.manager)
    client.get(reverse("indicators:drilldown", args=[authority.centre_a.pk, "R3"]), URL)
    events = AuditEvent.objects.filter(action="view", user=authority.manager)
    assert sorted(int(e.object_id) for e in events) == sorted(c.pk for c in figures)
    assert {e.family_id for e in events} == {figures[0].family_id}


# Public transparency page -----------------------------------------------------------------


def test_the_public_page_publishes_spend_and_suppressed_authority_figures(client, authority, figures):
    service = ServiceFactory(name="Baby massage", provider_centre=authority.centre_a)
    Budget.objects.create(service=service, financial_year=2026, amount=Decimal("12000"), set_by=authority.admin)
    Spend.objects.create(
        service=service,
        date=date(2026, 6, 1),
        amount=Decimal("2500.50"),
        description="Sessional worker",
        recorded_by=authority.admin,
    )
    response = client.get(reverse("indicators:public"), {"kind": "quarter", "period": "2026-04-01"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Baby massage" in page and "£12,000.00" in page and "£2,500.50" in page
    assert "Whole authority" in page and "Fewer than 5" in page
    assert "2 of 100" not in page  # small numbers never published
    assert "Ashby Road" not in page.split("Published figures")[1]  # authority-level only
    assert "Sessional worker" not in page


def test_the_public_page_reads_a_fixed_number_of_queries(client, authority, figures, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        assert client.get(reverse("indicators:public")).status_code == 200


# Drill-down beyond reach ---------------------------------------------------------------------


def test_the_funded_two_drilldown_lists_exactly_the_children_its_numerator_counts(client, authority):
    lsoa = neighbourhood(centre=authority.centre_a, decile=2, ages=(20, 20, 20, 20, 20))
    family = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2025, 1, 1))
    AddressFactory(family=family, lsoa=lsoa, moved_in=date(2025, 1, 1))
    taking_up = ChildFactory(
        family=family, date_of_birth=date(2024, 6, 1), funded_two_eligible=True, funded_two_taken_up=True
    )
    ChildFactory(family=family, date_of_birth=date(2024, 6, 1), funded_two_eligible=True)  # eligible only
    ChildFactory(family=family, date_of_birth=date(2024, 6, 1))  # not eligible
    compute_period(period=Q)
    stored = IndicatorSnapshot.objects.get(indicator="O3", scope="reach_area", scope_id=authority.centre_a.pk, split="")
    assert (stored.numerator, stored.denominator) == (1, 2)
    client.force_login(authority.manager)
    page = client.get(
        reverse("indicators:centre", args=[authority.centre_a.pk]), {**URL, "section": "outcomes"}
    ).content.decode()
    link = reverse("indicators:drilldown", args=[authority.centre_a.pk, "O3"])
    assert link in page
    response = client.get(link, URL)
    assert response.context["children"] == [taking_up]
    assert response.context["total"] == stored.numerator


def test_analysts_get_no_drilldown_links(client, authority, figures):
    client.force_login(authority.analyst)
    page = client.get(reverse("indicators:centre", args=[authority.centre_a.pk]), URL).content.decode()
    assert "Who is counted" not in page


def test_the_births_drilldown_lists_the_children_registered_within_eight_weeks(client, authority):
    from tests.partnerships.factories import BirthNotificationFactory

    neighbourhood(centre=authority.centre_a, decile=2, ages=(20, 20, 20, 20, 20))
    family = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2026, 5, 20))
    in_time = ChildFactory(family=family, date_of_birth=date(2026, 5, 1))
    late_family = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2026, 9, 1))
    late = ChildFactory(family=late_family, date_of_birth=date(2026, 5, 2))
    for child, nhs in ((in_time, "9434765919"), (late, "9434765870")):
        BirthNotificationFactory(
            centre=authority.centre_a,
            date_of_birth=child.date_of_birth,
            notified_on=date(2026, 5, 5),
            matched_child=child,
            match_method="manual",
            nhs_number=nhs,
        )
    BirthNotificationFactory(centre=authority.centre_a, notified_on=date(2026, 5, 6))  # not matched yet
    compute_period(period=Q)
    stored = IndicatorSnapshot.objects.get(indicator="R7", scope="reach_area", scope_id=authority.centre_a.pk, split="")
    assert (stored.numerator, stored.denominator) == (1, 3)
    client.force_login(authority.manager)
    response = client.get(reverse("indicators:drilldown", args=[authority.centre_a.pk, "R7"]), URL)
    assert response.context["children"] == [in_time]
    assert response.context["total"] == stored.numerator


def test_the_breastfeeding_drilldown_lists_the_babies_breastfed(client, authority):
    from outcomes.models import YesNoUnknown
    from tests.outcomes.factories import HealthRecordFactory

    lsoa = neighbourhood(centre=authority.centre_a, decile=2, ages=(20, 20, 20, 20, 20))
    family = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2025, 1, 1))
    AddressFactory(family=family, lsoa=lsoa, moved_in=date(2025, 1, 1))
    # Eight weeks old during Q1 2026-27: born 4 February to 5 May 2026.
    breastfed = ChildFactory(family=family, date_of_birth=date(2026, 3, 1))
    not_breastfed = ChildFactory(family=family, date_of_birth=date(2026, 3, 2))
    HealthRecordFactory(child=breastfed, recorded_on=date(2026, 4, 28), breastfeeding_6_8_weeks=YesNoUnknown.YES)
    HealthRecordFactory(child=not_breastfed, recorded_on=date(2026, 4, 28), breastfeeding_6_8_weeks=YesNoUnknown.NO)
    compute_period(period=Q)
    stored = IndicatorSnapshot.objects.get(indicator="O4", scope="reach_area", scope_id=authority.centre_a.pk, split="")
    assert (stored.numerator, stored.denominator) == (1, 2)
    client.force_login(authority.manager)
    response = client.get(reverse("indicators:drilldown", args=[authority.centre_a.pk, "O4"]), URL)
    assert response.context["children"] == [breastfed]
    assert response.context["total"] == stored.numerator


def test_the_sign_in_page_links_the_public_page_for_everyone_else(client):
    page = client.get(reverse("login")).content.decode()
    assert reverse("indicators:public") in page


def test_a_manager_sets_targets_for_their_own_centres_only(client, authority):
    client.force_login(authority.manager)
    url = reverse("indicators:target_new")
    form = client.get(url).context["form"]
    assert list(form.fields["centre"].queryset) == [authority.centre_a]
    assert "authority" not in dict(form.fields["scope"].choices)
    good = {
        "indicator": "R3",
        "split": "",
        "scope": "reach_area",
        "centre": authority.centre_a.pk,
        "period_kind": "quarter",
        "target": "40",
        "direction": "at_least",
        "active_from": "2026-04-01",
    }
    assert client.post(url, {**good, "centre": authority.centre_b.pk}).status_code == 400
    assert client.post(url, {**good, "scope": "authority", "centre": ""}).status_code == 400
    assert client.post(url, good).status_code == 302
    assert IndicatorTarget.objects.get().centre == authority.centre_a


def test_the_carers_progress_drilldown_lists_the_carers_who_moved_on(client, authority):
    from outcomes.models import AdultProgress
    from tests.families.factories import AdultFactory

    lsoa = neighbourhood(centre=authority.centre_a, decile=2, ages=(20, 20, 20, 20, 20))
    family = FamilyFactory(registered_centre=authority.centre_a, registration_date=date(2025, 1, 1))
    AddressFactory(family=family, lsoa=lsoa, moved_in=date(2025, 1, 1))
    into_work, still = AdultFactory(family=family), AdultFactory(family=family, relationship="father")
    for adult, later in ((into_work, "work"), (still, "no_change")):
        AdultProgress.objects.create(
            adult=adult,
            family=family,
            recorded_on=date(2026, 1, 10),
            status="no_change",
            baseline=True,
            recorded_by=authority.worker,
        )
        AdultProgress.objects.create(
            adult=adult, family=family, recorded_on=date(2026, 5, 10), status=later, recorded_by=authority.worker
        )
    compute_period(period=Q)
    stored = IndicatorSnapshot.objects.get(indicator="O6", scope="reach_area", scope_id=authority.centre_a.pk, split="")
    assert (stored.numerator, stored.denominator) == (1, 2)
    client.force_login(authority.manager)
    response = client.get(reverse("indicators:drilldown", args=[authority.centre_a.pk, "O6"]), URL)
    assert response.context["children"] == [into_work] and response.context["adults"] is True
    assert response.context["total"] == stored.numerator
    assert "1 carer." in response.content.decode()
    event = AuditEvent.objects.get(user=authority.manager, action="view")
    assert (event.object_type.model, event.object_id) == ("adult", str(into_work.pk))
