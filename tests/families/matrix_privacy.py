"""Access rows for the search, subject access export and data-quality screens (families/views/privacy.py)."""

CENTRE_STAFF = {"worker": 200, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302}
OTHER_CENTRE = {"worker": 404, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302}

MATRIX = [
    ("families:search", lambda a: {}, CENTRE_STAFF),
    ("families:data_quality", lambda a: {}, CENTRE_STAFF),
    ("families:export", lambda a: {"pk": a.family_a.pk}, CENTRE_STAFF),
    ("families:export", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:export_json", lambda a: {"pk": a.family_a.pk}, CENTRE_STAFF),
    ("families:export_json", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
]
