"""The home page's "to do": a worker's and a manager's cases, referrals, new births and today's
sessions, each counted the way the screen it links to lists them, and only for their centres."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from centres.home import Upkeep, upkeep, work_to_do
from centres.models import ReferenceImport
from families.models import CaseOutcome
from outcomes.models import RefreshRun
from partnerships.models import BirthImport, ReferralOutcome, ReferralStatus
from tests.api.factories import issue_token
from tests.centres.factories import UserFactory
from tests.families.factories import FamilyFactory
from tests.families.test_cases import CaseFactory, PlanReviewFactory
from tests.partnerships.factories import BirthNotificationFactory, ReferralFactory
from tests.services.factories import ServiceFactory, SessionFactory


@pytest.fixture
def busy_day(authority):
    """Work at centre A (the staff's) beside the same kinds of work at centre B."""
    a, b = authority.centre_a, authority.centre_b
    today = timezone.localdate()
    colleague_family = FamilyFactory(registered_centre=a)
    colleague = UserFactory(role="worker", centres=[a])

    mine_overdue = CaseFactory(family=authority.family_a, key_worker=authority.worker)
    yesterday = today - timedelta(days=1)
    PlanReviewFactory(case=mine_overdue, reviewed_on=today - timedelta(days=40), next_review_on=yesterday)
    CaseFactory(
        family=authority.family_a, key_worker=authority.worker, closed_on=today, closing_outcome=CaseOutcome.GOALS_MET
    )  # closed: not counted
    CaseFactory(family=colleague_family, key_worker=colleague)  # a colleague's: the manager's only
    CaseFactory(family=authority.family_b, key_worker=UserFactory(role="worker", centres=[b]))

    ReferralFactory(family=authority.family_a, received_on=today - timedelta(days=60))  # overdue
    ReferralFactory(family=authority.family_a, received_on=today)
    ReferralFactory(
        family=authority.family_a,
        received_on=today - timedelta(days=60),
        status=ReferralStatus.CLOSED,
        closed_on=today,
        outcome=ReferralOutcome.SUPPORTED,
    )
    ReferralFactory(family=authority.family_b, received_on=today - timedelta(days=60))

    for weeks in (3, 7, 10):  # neither, due soon, past the 8-week window
        BirthNotificationFactory(centre=a, date_of_birth=today - timedelta(weeks=weeks))
    BirthNotificationFactory(centre=a, date_of_birth=today - timedelta(weeks=7), contacted_on=today)
    BirthNotificationFactory(centre=b, date_of_birth=today - timedelta(weeks=7))

    rhyme = ServiceFactory(name="Rhyme time", provider_centre=a)
    SessionFactory(service=rhyme, date=today, start_time=time(13, 0), end_time=time(14, 0))
    SessionFactory(service=rhyme, date=today, start_time=time(9, 30), end_time=time(10, 30), cancelled=True)
    SessionFactory(service=rhyme, date=today + timedelta(days=1))
    SessionFactory(service=ServiceFactory(name="Baby massage", provider_centre=b), date=today)
    return today


def test_a_worker_sees_their_own_cases_and_their_centres_work(authority, busy_day):
    work = work_to_do(user=authority.worker, today=busy_day)

    assert (work.cases_open, work.cases_review_overdue) == (1, 1)
    assert (work.referrals_open, work.referrals_overdue) == (2, 1)
    assert (work.births_to_contact, work.births_due_soon, work.births_past_window) == (3, 1, 1)
    assert [(s.start_time, s.service.name, s.cancelled) for s in work.sessions] == [
        (time(9, 30), "Rhyme time", True),
        (time(13, 0), "Rhyme time", False),
    ]


def test_a_manager_counts_every_case_at_their_centres(authority, busy_day):
    work = work_to_do(user=authority.manager, today=busy_day)

    assert (work.cases_open, work.cases_review_overdue) == (2, 1)
    assert work.referrals_open == 2


def test_the_home_page_shows_the_to_do_with_links_to_the_lists(client, authority, busy_day):
    client.force_login(authority.worker)

    page = client.get(reverse("home")).content.decode()

    assert "To do" in page
    assert "1 review overdue" in page
    assert "1 waiting too long for first contact" in page
    assert "1 due soon" in page and "1 past 8 weeks" in page
    assert reverse("families:caseload") in page
    assert reverse("partnerships:referrals") in page
    assert reverse("partnerships:outreach") in page
    assert "Rhyme time" in page and "Cancelled" in page
    assert "Baby massage" not in page  # centre B's session


def test_a_quiet_day_says_so(client, authority):
    client.force_login(authority.worker)

    page = client.get(reverse("home")).content.decode()

    assert "No sessions at your centres today" in page
    assert "overdue" not in page


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_staff_without_personal_data_get_no_to_do(client, authority, busy_day, role):
    client.force_login(authority.user(role))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["work"] is None
    assert "To do" not in response.content.decode()


def test_the_home_page_runs_a_fixed_number_of_queries(client, authority, busy_day, django_assert_max_num_queries):
    client.force_login(authority.manager)
    for _ in range(5):
        SessionFactory(service=ServiceFactory(provider_centre=authority.centre_a), date=busy_day)

    with django_assert_max_num_queries(16):
        assert client.get(reverse("home")).status_code == 200


def test_the_home_page_says_how_fresh_the_figures_are_and_flags_a_failed_refresh(client, authority):
    finished = timezone.now() - timedelta(hours=3)
    RefreshRun.objects.create(period_kind="quarter", status=RefreshRun.Status.DONE, finished_at=finished)
    client.force_login(authority.analyst)

    page = client.get(reverse("home")).content.decode()
    assert "Last refreshed" in page and "failed" not in page

    failed = RefreshRun.objects.create(period_kind="quarter", status=RefreshRun.Status.FAILED, error="boom")
    page = client.get(reverse("home")).content.decode()
    assert "The last refresh of the figures failed" in page
    assert reverse("indicators:run", args=[failed.pk]) in page


@pytest.mark.parametrize(
    ("role", "sees_figures", "sees_upkeep"),
    [("worker", False, False), ("manager", True, False), ("analyst", True, False), ("admin", True, True)],
)
def test_figures_go_to_dashboard_readers_and_upkeep_to_administrators(
    client, authority, role, sees_figures, sees_upkeep
):
    client.force_login(authority.user(role))

    context = client.get(reverse("home")).context

    assert (context["figures"] is not None) is sees_figures
    assert (context["upkeep"] is not None) is sees_upkeep


def test_an_administrator_sees_files_waiting_and_tokens_about_to_expire(client, authority):
    now = timezone.now()
    ReferenceImport.objects.create(
        kind="postcodes", original_filename="a.csv", file="a.csv", uploaded_by=authority.admin
    )
    ReferenceImport.objects.create(
        kind="postcodes",
        original_filename="b.csv",
        file="b.csv",
        uploaded_by=authority.admin,
        status=ReferenceImport.Status.APPLIED,
    )
    BirthImport.objects.create(original_filename="births.csv", file="births.csv", uploaded_by=authority.admin)
    issue_token(days=3)
    issue_token(days=60)  # not yet
    revoked, _ = issue_token(days=3)
    revoked.revoked_at = now
    revoked.save()

    assert upkeep(now=now) == Upkeep(reference_uploads_waiting=1, birth_uploads_waiting=1, tokens_expiring=1)

    client.force_login(authority.admin)
    page = client.get(reverse("home")).content.decode()
    assert "1 reference-data file checked but not applied" in page
    assert "1 birth-notification file checked but not applied" in page
    assert "1 API token expiring within 14 days" in page
    assert reverse("centres:api_clients") in page


def test_an_administrator_with_nothing_waiting_is_told_so(client, authority):
    client.force_login(authority.admin)

    assert "Nothing waiting" in client.get(reverse("home")).content.decode()
