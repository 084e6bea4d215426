"""Access rows for the services screens (collected by tests/centres/test_access.py)."""

from tests.services.factories import SessionFactory

STAFF = {"worker": 200, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302}
MANAGERS = {"worker": 403, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302}
OTHER_CENTRE = {"worker": 404, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302}


def session_at(centre):
    return SessionFactory(service__provider_centre=centre).pk


MATRIX = [
    ("services:catalogue", lambda a: {}, STAFF),
    ("services:service_add", lambda a: {}, MANAGERS),
    ("services:service", lambda a: {"pk": SessionFactory(service__provider_centre=a.centre_a).service_id}, STAFF),
    (
        "services:service_edit",
        lambda a: {"pk": SessionFactory(service__provider_centre=a.centre_a).service_id},
        MANAGERS,
    ),
    (
        "services:service_edit",
        lambda a: {"pk": SessionFactory(service__provider_centre=a.centre_b).service_id},
        {"worker": 403, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302},
    ),
    ("services:timetable", lambda a: {}, STAFF),
    ("services:session_add", lambda a: {}, STAFF),
    ("services:series_add", lambda a: {}, STAFF),
    ("services:register", lambda a: {"pk": session_at(a.centre_a)}, STAFF),
    ("services:register", lambda a: {"pk": session_at(a.centre_b)}, OTHER_CENTRE),
    ("services:drop_in", lambda a: {"pk": session_at(a.centre_a)}, STAFF),
    ("services:drop_in", lambda a: {"pk": session_at(a.centre_b)}, OTHER_CENTRE),
    (
        "services:session_cancel",
        lambda a: {"pk": session_at(a.centre_a)},
        {"worker": 405, "manager": 405, "analyst": 403, "admin": 403, "inactive": 302},
    ),
    ("services:contact_add", lambda a: {"family_pk": a.family_a.pk}, STAFF),
    ("services:contact_add", lambda a: {"family_pk": a.family_b.pk}, OTHER_CENTRE),
]


def course_at(centre):
    from datetime import date, time

    from services.models import SessionSeries
    from tests.services.factories import ServiceFactory

    service = ServiceFactory(provider_centre=centre, booking_required=True)
    return SessionSeries.objects.create(
        service=service,
        centre=centre,
        weekday=1,
        start_time=time(10),
        end_time=time(11),
        first_date=date(2026, 9, 1),
        last_date=date(2026, 11, 3),
        capacity=8,
    ).pk


MATRIX += [
    ("services:course", lambda a: {"pk": course_at(a.centre_a)}, STAFF),
    ("services:course", lambda a: {"pk": course_at(a.centre_b)}, OTHER_CENTRE),
]
