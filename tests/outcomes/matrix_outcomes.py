"""Access rows for the outcome record screens (outcomes/records/views.py) and the instruments'
admin pages (collected by tests/centres/test_access.py)."""

from __future__ import annotations

from outcomes.models import Instrument, InstrumentDomain

STAFF = {"worker": 200, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302}
OTHER_CENTRE = {"worker": 404, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302}
ADMIN_SITE = {"worker": 302, "manager": 302, "analyst": 302, "admin": 200, "inactive": 302}


def _adult(family):
    return family.adults.first()


MATRIX = [
    ("outcomes:family", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("outcomes:family", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
    ("outcomes:assessment_choose", lambda a: {"family_pk": a.family_a.pk}, STAFF),
    ("outcomes:assessment_choose", lambda a: {"family_pk": a.family_b.pk}, OTHER_CENTRE),
    ("outcomes:assessment_record", lambda a: {"family_pk": a.family_a.pk, "code": "WEMWBS"}, STAFF),
    ("outcomes:assessment_record", lambda a: {"family_pk": a.family_a.pk, "code": "SDQ"}, STAFF),
    ("outcomes:assessment_record", lambda a: {"family_pk": a.family_b.pk, "code": "WEMWBS"}, OTHER_CENTRE),
    # An instrument that does not exist (or is retired) is not found.
    ("outcomes:assessment_record", lambda a: {"family_pk": a.family_a.pk, "code": "NOPE"}, OTHER_CENTRE),
    ("outcomes:health_record", lambda a: {"family_pk": a.family_a.pk, "child_pk": a.child_a.pk}, STAFF),
    ("outcomes:health_record", lambda a: {"family_pk": a.family_b.pk, "child_pk": a.child_b.pk}, OTHER_CENTRE),
    # Family B's child reached through family A's address: not found.
    ("outcomes:health_record", lambda a: {"family_pk": a.family_a.pk, "child_pk": a.child_b.pk}, OTHER_CENTRE),
    ("outcomes:progress_record", lambda a: {"family_pk": a.family_a.pk, "adult_pk": _adult(a.family_a).pk}, STAFF),
    (
        "outcomes:progress_record",
        lambda a: {"family_pk": a.family_b.pk, "adult_pk": _adult(a.family_b).pk},
        OTHER_CENTRE,
    ),
    (
        "outcomes:progress_record",
        lambda a: {"family_pk": a.family_a.pk, "adult_pk": _adult(a.family_b).pk},
        OTHER_CENTRE,
    ),
    ("admin:outcomes_instrument_changelist", lambda a: {}, ADMIN_SITE),
    ("admin:outcomes_instrument_add", lambda a: {}, ADMIN_SITE),
    (
        "admin:outcomes_instrument_change",
        lambda a: {"object_id": Instrument.objects.get(code="SDQ").pk},
        ADMIN_SITE,
    ),
    (
        "admin:outcomes_instrumentdomain_change",
        lambda a: {"object_id": InstrumentDomain.objects.get(instrument__code="ASQ3", code="communication").pk},
        ADMIN_SITE,
    ),
]
