"""Access rows for the family record screens (collected by tests/centres/test_access.py)."""

from tests.centres.access_statuses import OTHER_CENTRE, STAFF

MATRIX = [
    ("families:register", lambda a: {}, STAFF),
    ("families:postcode_lookup", lambda a: {}, STAFF),
    ("families:household_edit", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("families:household_edit", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:move", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("families:move", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:adult_add", lambda a: {"family_pk": a.family_a.pk}, STAFF),
    ("families:adult_add", lambda a: {"family_pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:adult_edit", lambda a: {"family_pk": a.family_a.pk, "pk": a.family_a.adults.get().pk}, STAFF),
    # Family B's carer reached through family A's address: not found.
    ("families:adult_edit", lambda a: {"family_pk": a.family_a.pk, "pk": a.family_b.adults.get().pk}, OTHER_CENTRE),
    ("families:child_add", lambda a: {"family_pk": a.family_a.pk}, STAFF),
    ("families:child_add", lambda a: {"family_pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:consent_add", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("families:consent_add", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
    # Withdrawing is a POST: a GET by someone allowed is 405 (the POST tests are in test_records).
    (
        "families:consent_withdraw",
        lambda a: {"pk": a.family_a.pk, "consent_pk": 1},
        {"worker": 405, "manager": 405, "analyst": 403, "admin": 403, "inactive": 302},
    ),
]

MATRIX += [
    ("families:target_groups", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("families:target_groups", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
]
