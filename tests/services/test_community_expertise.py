"""Strand 6: training and support given to other early-years settings, and settings supported."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from services.community.selectors import expertise_totals, settings_supported
from services.community.services import setting_add, training_event_record
from services.models import Setting, TrainingAttendance, TrainingEvent
from tests.services.factories_community import SettingFactory, TrainingAttendanceFactory, TrainingEventFactory

YEAR = (date(2025, 4, 1), date(2026, 3, 31))


def test_settings_supported_counts_each_setting_once_in_the_period(authority):
    acorns, oaks, school, elsewhere = SettingFactory.create_batch(4)
    first = TrainingEventFactory(centre=authority.centre_a, date=date(2025, 4, 1))
    second = TrainingEventFactory(centre=authority.centre_a, date=date(2026, 3, 31))
    TrainingAttendanceFactory(event=first, setting=acorns, attendees=3)
    TrainingAttendanceFactory(event=first, setting=oaks, attendees=1)
    TrainingAttendanceFactory(event=second, setting=acorns, attendees=2)  # acorns again: still one setting
    # Outside the period, or another centre's event: not counted for centre A's year.
    TrainingAttendanceFactory(event__centre=authority.centre_a, event__date=date(2025, 3, 31), setting=school)
    TrainingAttendanceFactory(event__centre=authority.centre_b, event__date=date(2025, 6, 1), setting=elsewhere)

    assert settings_supported(centres=[authority.centre_a], start=YEAR[0], end=YEAR[1]) == 2
    totals = expertise_totals(centres=[authority.centre_a], start=YEAR[0], end=YEAR[1])
    assert (totals.settings_supported, totals.attendees, totals.events, totals.hours) == (2, 6, 2, Decimal("6.00"))
    both = [authority.centre_a, authority.centre_b]
    assert settings_supported(centres=both, start=YEAR[0], end=YEAR[1]) == 3


def test_nothing_recorded_is_zero_not_none(authority):
    totals = expertise_totals(centres=[authority.centre_a], start=YEAR[0], end=YEAR[1])
    assert (totals.settings_supported, totals.attendees, totals.events, totals.hours) == (0, 0, 0, Decimal("0"))


def record(authority, attendances, **changes):
    kwargs = {
        "user": authority.worker,
        "centre": authority.centre_a,
        "title": "Schema play",
        "date": date(2025, 10, 8),
        "hours": Decimal("2.5"),
        "kind": TrainingEvent.Kind.TRAINING,
        "delivered_by": authority.worker,
        "attendances": attendances,
    }
    return training_event_record(**{**kwargs, **changes})


def test_an_event_needs_a_setting_and_lists_each_once(authority):
    acorns = SettingFactory()
    with pytest.raises(ValidationError):
        record(authority, [])
    with pytest.raises(ValidationError):
        record(authority, [(acorns, 2), (acorns, 1)])
    assert not TrainingEvent.objects.exists()
    event = record(authority, [(acorns, 2)])
    assert TrainingAttendance.objects.get(event=event).attendees == 2


def test_an_event_cannot_be_in_the_future(authority):
    with pytest.raises(ValidationError):
        record(authority, [(SettingFactory(), 1)], date=date(2999, 1, 1))


def event_post(**changes):
    data = {
        "title": "Supporting two-year-olds",
        "kind": "support_visit",
        "date": "8/10/2025",
        "hours": "1.5",
        "delivered_by": "",
        "settings-TOTAL_FORMS": "3",
        "settings-INITIAL_FORMS": "0",
        "settings-MIN_NUM_FORMS": "0",
        "settings-MAX_NUM_FORMS": "40",
    }
    return {**data, **changes}


def test_a_worker_records_an_event_with_its_settings(client, authority):
    acorns, oaks = SettingFactory(), SettingFactory()
    client.force_login(authority.worker)
    data = event_post(
        delivered_by=authority.manager.pk,
        **{
            "settings-0-setting": acorns.pk,
            "settings-0-attendees": "3",
            "settings-2-setting": oaks.pk,
            "settings-2-attendees": "1",
        },
    )
    response = client.post(reverse("community:training_add", args=[authority.centre_a.pk]), data)
    assert response.status_code == 302
    event = TrainingEvent.objects.get()
    assert (event.centre, event.delivered_by, event.hours) == (authority.centre_a, authority.manager, Decimal("1.50"))
    assert dict(event.attendances.values_list("setting", "attendees")) == {acorns.pk: 3, oaks.pk: 1}


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"settings-0-setting": "S", "settings-1-setting": "S"}, "formset"),  # the same setting twice
        ({"settings-0-attendees": ""}, "formset"),  # no setting at all
        ({"settings-0-attendees": "4"}, "settings-0-setting"),  # people, but from which setting?
        ({"settings-0-setting": "S", "settings-0-attendees": ""}, "settings-0-attendees"),
        ({"settings-0-setting": "S", "settings-0-attendees": "0"}, "settings-0-attendees"),
        ({"settings-0-setting": "S", "hours": "0"}, "hours"),
        ({"settings-0-setting": "S", "hours": "-2"}, "hours"),
        ({"settings-0-setting": "S", "date": "8/10/2999"}, "date"),
        ({"settings-0-setting": "999999", "settings-0-attendees": "1"}, "settings-0-setting"),
    ],
)
def test_a_bad_event_is_an_error_on_the_page_not_a_crash(client, authority, changes, where):
    setting = SettingFactory()
    client.force_login(authority.worker)
    data = event_post(delivered_by=authority.worker.pk, **{"settings-0-attendees": "2", "settings-1-attendees": "2"})
    data.update({k: (str(setting.pk) if v == "S" else v) for k, v in changes.items()})
    if "settings-1-setting" not in changes:
        data.pop("settings-1-attendees")
    response = client.post(reverse("community:training_add", args=[authority.centre_a.pk]), data)
    assert response.status_code == 200
    form, attendances = response.context["form"], response.context["attendances"]
    if where == "formset":
        assert attendances.non_form_errors() or form.non_field_errors()
    elif where.startswith("settings-"):
        _, index, field = where.split("-")
        assert field in attendances.forms[int(index)].errors
    else:
        assert where in form.errors
    assert not TrainingEvent.objects.exists()


def test_a_setting_is_added_with_its_postcode_tidied_and_its_urn_unique(authority):
    setting = setting_add(name="Rainbow Nursery", kind=Setting.Kind.NURSERY, ofsted_urn="ey123456", postcode="sw1a1aa")
    assert (setting.ofsted_urn, setting.postcode) == ("EY123456", "SW1A 1AA")
    with pytest.raises(ValidationError):
        setting_add(name="Rainbow again", kind=Setting.Kind.NURSERY, ofsted_urn="EY123456")
    with pytest.raises(ValidationError) as refused:
        setting_add(name="Nowhere", kind=Setting.Kind.OTHER, postcode="not a postcode")
    assert "postcode" in refused.value.message_dict


def test_a_bad_ofsted_urn_on_the_screen_is_a_field_error(client, authority):
    client.force_login(authority.worker)
    response = client.post(
        reverse("community:setting_add", args=[authority.centre_a.pk]),
        {"name": "Tiny Steps", "kind": "childminder", "ofsted_urn": "12AB", "postcode": ""},
    )
    assert response.status_code == 200
    assert "ofsted_urn" in response.context["form"].errors


def test_the_events_list_takes_a_fixed_number_of_queries(client, authority, django_assert_max_num_queries):
    for _ in range(12):
        event = TrainingEventFactory(centre=authority.centre_a, delivered_by=authority.worker)
        TrainingAttendanceFactory.create_batch(3, event=event)
    client.force_login(authority.worker)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("community:training", args=[authority.centre_a.pk]), {"year": "2025"})
    assert response.context["totals"].settings_supported == 36
    assert response.context["page_obj"].paginator.count == 12
