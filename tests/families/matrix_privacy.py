"""Access rows for the search, subject access export and data-quality screens (families/views/privacy.py)."""

from tests.centres.access_statuses import OTHER_CENTRE, STAFF

MATRIX = [
    ("families:search", lambda a: {}, STAFF),
    ("families:data_quality", lambda a: {}, STAFF),
    ("families:export", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("families:export", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:export_json", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("families:export_json", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
]
