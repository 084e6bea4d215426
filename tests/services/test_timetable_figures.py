"""What the timetable, the home page and a register show of a session."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from services.sessions import register_save
from tests.families.factories import ChildFactory, FamilyFactory
from tests.services.factories import SessionFactory


def test_a_session_still_to_come_shows_its_places_not_who_attended(client, authority):
    today = timezone.localdate()
    centre = authority.centre_a
    tomorrow = today + timedelta(days=1)
    SessionFactory(service__name="Stay and Play", service__provider_centre=centre, date=today, capacity=9)
    SessionFactory(service__name="Messy Play", service__provider_centre=centre, date=tomorrow, capacity=7)
    client.force_login(authority.worker)
    week = today - timedelta(days=today.weekday())
    if tomorrow.weekday() == 0:  # tomorrow is next week's Monday
        week = tomorrow
    page = client.get(reverse("services:timetable"), {"centre": authority.centre_a.pk, "week": week}).content.decode()
    assert ": Messy Play</a>" in page
    future = page.split(": Messy Play</a>", 1)[1].split("</li>", 1)[0]
    assert "attended" not in future and "7 places" in future
    home = client.get(reverse("home")).content.decode()
    today_line = home.split(": Stay and Play</a>", 1)[1].split("</li>", 1)[0]
    assert "0 families attended" in today_line and "9 places" in today_line


def test_a_register_offers_only_the_children_born_by_the_day_of_the_session(client, authority):
    day = timezone.localdate() - timedelta(days=10)
    session = SessionFactory(service__provider_centre=authority.centre_a, date=day)
    family = FamilyFactory(registered_centre=authority.centre_a)
    older = ChildFactory(family=family, first_name="Olu", date_of_birth=day - timedelta(days=300))
    newborn = ChildFactory(family=family, first_name="Nia", date_of_birth=day + timedelta(days=3))
    register_save(user=authority.worker, session=session, child_ids=[older.pk], adult_ids=[])
    client.force_login(authority.worker)
    page = client.get(reverse("services:register", args=[session.pk])).content.decode()
    assert f'id="child-{older.pk}"' in page
    assert f'id="child-{newborn.pk}"' not in page
    assert '<div class="govuk-form-group">\n  <fieldset class="govuk-fieldset app-person">' in page
