"""Planning sessions, taking registers, drop-ins and contacts: the centre worker's day."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from centres.models import AuditEvent
from families.models import Family
from services.models import Contact, ContactAdult, ContactChild, DropInVisit, Session
from services.sessions import contact_record, register_save, series_create
from tests.families.factories import AdultFactory, ChildFactory, FamilyFactory
from tests.services.factories import ServiceFactory, SessionFactory

TODAY = timezone.localdate()


@pytest.fixture
def session(authority):
    return SessionFactory(service__provider_centre=authority.centre_a, date=TODAY - timedelta(days=1), capacity=4)


def people(family):
    return [c.pk for c in family.children.all()], [a.pk for a in family.adults.all()]


# Planning ------------------------------------------------------------------------------------


def test_a_weekly_series_makes_a_session_on_each_of_its_weekdays(authority):
    service = ServiceFactory(provider_centre=authority.centre_a)
    series = series_create(
        user=authority.worker,
        service=service,
        centre=authority.centre_a,
        weekday=2,  # Wednesday
        start_time=time(10),
        end_time=time(11, 30),
        first_date=date(2026, 1, 5),  # a Monday
        last_date=date(2026, 2, 4),  # a Wednesday: included
        capacity=12,
    )
    days = list(series.sessions.values_list("date", flat=True))
    assert days == [date(2026, 1, 7) + timedelta(weeks=n) for n in range(5)]
    assert {s.weekday() for s in days} == {2}


def test_a_series_longer_than_a_year_is_refused(authority):
    with pytest.raises(ValidationError):
        series_create(
            user=authority.worker,
            service=ServiceFactory(provider_centre=authority.centre_a),
            centre=authority.centre_a,
            weekday=0,
            start_time=time(10),
            end_time=time(11),
            first_date=date(2026, 1, 1),
            last_date=date(2027, 6, 1),
            capacity=10,
        )
    assert not Session.objects.exists()


def post_planning_form(client, authority, name, **fields):
    """A worker posts the session or the weekly-series form for a service of centre A."""
    service = ServiceFactory(provider_centre=authority.centre_a)
    client.force_login(authority.worker)
    return service, client.post(reverse(name), {"service": service.pk, "centre": authority.centre_a.pk, **fields})


def test_the_session_form_reports_bad_times_as_field_errors(client, authority):
    _, response = post_planning_form(
        client, authority, "services:session_add", day="2/12/2026", start_time="11:00", end_time="10:00", capacity="0"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The session must end after it starts" in page
    assert "Ensure this value is greater than or equal to 1" in page
    assert not Session.objects.exists()


def test_a_worker_plans_a_week_of_sessions_from_the_screen(client, authority):
    service, response = post_planning_form(
        client,
        authority,
        "services:series_add",
        weekday="1",
        start_time="09:30",
        end_time="11:00",
        first_date="1/12/2026",
        last_date="31/12/2026",
        capacity="15",
    )
    assert response.status_code == 302
    assert Session.objects.filter(service=service).count() == 5  # the Tuesdays of December 2026
    page = client.get(reverse("services:timetable"), {"centre": authority.centre_a.pk, "week": "2026-12-01"})
    assert service.name in page.content.decode()


# Registers -----------------------------------------------------------------------------------


def test_saving_a_register_records_one_attendance_per_family_with_who_came(authority, session):
    children, adults = people(authority.family_a)
    result = register_save(user=authority.worker, session=session, child_ids=children, adult_ids=adults)
    contact = Contact.objects.get(session=session)
    assert (contact.family, contact.kind, contact.date, contact.with_adult) == (
        authority.family_a,
        "session",
        session.date,
        True,
    )
    assert set(contact.children.all()) == set(authority.family_a.children.all())
    assert (result.added, result.changed, result.removed, result.people) == (1, 0, 0, len(children) + len(adults))
    authority.family_a.refresh_from_db()
    assert authority.family_a.last_contact_on == session.date
    assert AuditEvent.objects.filter(action="create", family_id=authority.family_a.pk).count() == 1


def test_saving_the_same_register_again_changes_nothing_and_repeated_ticks_count_once(authority, session):
    children, adults = people(authority.family_a)
    register_save(user=authority.worker, session=session, child_ids=children * 2, adult_ids=adults * 3)
    result = register_save(user=authority.worker, session=session, child_ids=children, adult_ids=adults)
    assert (result.added, result.changed, result.removed) == (0, 0, 0)
    assert Contact.objects.count() == 1
    assert ContactChild.objects.count() == len(children) and ContactAdult.objects.count() == len(adults)


def test_a_child_who_came_without_an_adult_of_the_family_is_recorded_so(authority, session):
    children, _ = people(authority.family_a)
    register_save(user=authority.worker, session=session, child_ids=children, adult_ids=[])
    assert Contact.objects.get().with_adult is False


def test_unticking_a_family_takes_it_off_the_register(authority, session):
    children, adults = people(authority.family_a)
    register_save(user=authority.worker, session=session, child_ids=children, adult_ids=adults)
    result = register_save(user=authority.worker, session=session, child_ids=[], adult_ids=[])
    assert result.removed == 1
    assert not Contact.objects.exists()
    assert AuditEvent.objects.filter(action="delete").count() == 1


def test_a_register_audits_each_family_added_changed_and_taken_off_against_that_family(authority, session):
    other = FamilyFactory(registered_centre=authority.centre_a)
    ChildFactory(family=other)
    children, adults = people(authority.family_a)
    other_children, _ = people(other)
    register_save(user=authority.worker, session=session, child_ids=children, adult_ids=adults)
    register_save(user=authority.worker, session=session, child_ids=other_children, adult_ids=[])
    register_save(user=authority.worker, session=session, child_ids=children, adult_ids=[])
    events = AuditEvent.objects.filter(user=authority.worker).order_by("id")
    assert [(e.action, e.family_id, e.detail, e.changed_fields) for e in events] == [
        ("create", authority.family_a.pk, f"attended session {session.pk}", []),
        ("create", other.pk, f"attended session {session.pk}", []),
        ("delete", authority.family_a.pk, f"taken off the register of session {session.pk}", []),
        ("create", authority.family_a.pk, f"attended session {session.pk}", []),
        ("delete", other.pk, f"taken off the register of session {session.pk}", []),
    ]


def test_a_change_of_who_came_is_audited_as_a_change_of_participants(authority, session):
    children, adults = people(authority.family_a)
    register_save(user=authority.worker, session=session, child_ids=children, adult_ids=adults)
    register_save(user=authority.worker, session=session, child_ids=children, adult_ids=[])
    update = AuditEvent.objects.get(action="update")
    assert (update.family_id, update.detail, update.changed_fields) == (authority.family_a.pk, "", ["participants"])


def test_more_people_than_places_is_a_warning_not_a_refusal(authority, session):
    family = FamilyFactory(registered_centre=authority.centre_a)
    ChildFactory.create_batch(3, family=family)
    AdultFactory.create_batch(2, family=family)
    children, adults = people(family)
    result = register_save(user=authority.worker, session=session, child_ids=children, adult_ids=adults)
    assert result.over_capacity
    assert "over the session's capacity of 4" in result.warnings[0]
    assert Contact.objects.count() == 1


def test_a_register_of_thirty_people_is_one_request_and_a_bounded_number_of_queries(client, authority, session):
    session.capacity = 40
    session.save()
    children, adults = [], []
    for _ in range(10):
        family = FamilyFactory(registered_centre=authority.centre_a)
        children += [c.pk for c in ChildFactory.create_batch(2, family=family)]
        adults.append(AdultFactory(family=family).pk)
    client.force_login(authority.worker)
    url = reverse("services:register", args=[session.pk])
    with CaptureQueriesContext(connection) as thirty:
        response = client.post(url, {"child": children, "adult": adults})
    assert response.status_code == 302
    assert ContactChild.objects.count() + ContactAdult.objects.count() == 30
    assert len(thirty.captured_queries) <= 40
    Contact.objects.all().delete()
    with CaptureQueriesContext(connection) as three:
        client.post(url, {"child": children[:2], "adult": adults[:1]})
    assert len(thirty.captured_queries) == len(three.captured_queries)


def test_families_of_another_centre_cannot_be_put_on_the_register(client, authority, session):
    children, _ = people(authority.family_b)
    with pytest.raises(PermissionDenied):
        register_save(user=authority.worker, session=session, child_ids=children, adult_ids=[])
    client.force_login(authority.worker)
    assert client.post(reverse("services:register", args=[session.pk]), {"child": children}).status_code == 403
    assert not Contact.objects.exists()


def test_a_register_cannot_be_taken_before_the_day(authority):
    future = SessionFactory(service__provider_centre=authority.centre_a, date=TODAY + timedelta(days=2))
    with pytest.raises(ValidationError):
        register_save(user=authority.worker, session=future, child_ids=people(authority.family_a)[0], adult_ids=[])


def test_the_register_page_lists_who_is_present_and_finds_families_to_add(client, authority, session):
    children, adults = people(authority.family_a)
    register_save(user=authority.worker, session=session, child_ids=children, adult_ids=adults)
    newcomer = FamilyFactory(registered_centre=authority.centre_a)
    ChildFactory(family=newcomer, first_name="Zuzanna", last_name="Mazur")
    client.force_login(authority.worker)
    page = client.get(reverse("services:register", args=[session.pk])).content.decode()
    assert authority.family_a.reference in page and "Present" in page
    assert newcomer.reference not in page
    page = client.get(reverse("services:register", args=[session.pk]), {"q": "Mazur"}).content.decode()
    assert newcomer.reference in page
    assert (
        authority.family_b.reference
        not in client.get(
            reverse("services:register", args=[session.pk]), {"q": authority.family_b.children.get().last_name}
        ).content.decode()
    )


# Drop-ins ------------------------------------------------------------------------------------


def test_a_drop_in_visitor_becomes_a_registered_family_with_their_attendance(client, authority, session):
    from centres.models import Postcode
    from tests.centres.factories import neighbourhood

    lsoa = neighbourhood(centre=authority.centre_a, decile=3, ages=(5, 5, 5, 5, 5))
    Postcode.objects.create(postcode="ZX1 0AB", lsoa_2021=lsoa)
    client.force_login(authority.worker)
    response = client.post(
        reverse("services:drop_in", args=[session.pk]),
        {"carer_name": "Kemi Adebayo", "child_name": "Tobi", "child_age_months": "14", "postcode": "zx10ab"},
    )
    assert response.status_code == 302
    visit = DropInVisit.objects.get()
    assert visit.postcode == "ZX1 0AB"
    form = client.get(reverse("families:register"), {"drop_in": visit.pk}).content.decode()
    assert 'value="Kemi"' in form and 'value="Tobi"' in form and 'value="ZX1 0AB"' in form
    from tests.families.test_records import registration

    data = registration(
        centre=str(authority.centre_a.pk),
        drop_in=str(visit.pk),
        **{"adults-0-first_name": "Kemi", "adults-0-last_name": "Adebayo"},
    )
    assert client.post(reverse("families:register"), data).status_code == 302
    visit.refresh_from_db()
    family = Family.objects.latest("pk")
    assert visit.converted_family == family
    assert Contact.objects.get(session=session).family == family


def test_a_drop_in_with_a_bad_postcode_is_a_field_error(client, authority, session):
    client.force_login(authority.worker)
    response = client.post(reverse("services:drop_in", args=[session.pk]), {"carer_name": "Kemi", "postcode": "nope"})
    assert response.status_code == 200
    assert "Enter a real postcode" in response.content.decode()
    assert not DropInVisit.objects.exists()


# Contacts and the timeline -------------------------------------------------------------------


def test_a_home_visit_appears_on_the_timeline_and_its_notes_are_restricted(client, authority):
    client.force_login(authority.worker)
    response = client.post(
        reverse("services:contact_add", args=[authority.family_a.pk]),
        {
            "kind": "home_visit",
            "day": TODAY.strftime("%d/%m/%Y"),
            "duration_minutes": "45",
            "adults": [authority.family_a.adults.get().pk],
            "notes": "Talked about sleep routines.",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.kind, contact.worker, contact.duration_minutes, contact.with_adult) == (
        "home_visit",
        authority.worker,
        45,
        True,
    )
    page = client.get(reverse("families:detail", args=[authority.family_a.pk])).content.decode()
    assert "Home visit" in page
    assert "Talked about sleep routines" not in page and "Notes recorded (restricted)" in page
    client.force_login(authority.worker_restricted)
    page = client.get(reverse("families:detail", args=[authority.family_a.pk])).content.decode()
    assert "Talked about sleep routines" in page


def test_a_contact_in_the_future_or_for_another_centres_family_is_refused(authority):
    with pytest.raises(ValidationError):
        contact_record(user=authority.worker, family=authority.family_a, kind="phone", day=TODAY + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        contact_record(user=authority.worker, family=authority.family_b, kind="phone", day=TODAY)
    assert not Contact.objects.exists()


def test_the_timeline_takes_a_bounded_number_of_queries(client, authority, django_assert_max_num_queries):
    for _ in range(12):
        contact_record(user=authority.worker, family=authority.family_a, kind="phone", day=TODAY, notes="x")
    client.force_login(authority.worker)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("families:detail", args=[authority.family_a.pk])).status_code == 200
