"""Access rows for the duplicate and merge screens (collected by tests/centres/test_access.py)."""

from __future__ import annotations

MATRIX = [
    (
        "families:duplicates",
        lambda a: {},
        {"worker": 200, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302},
    ),
    # Merging is for managers only, and within their own centres.
    (
        "families:merge",
        lambda a: {"pk": a.family_a.pk},
        {"worker": 403, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302},
    ),
    (
        "families:merge",
        lambda a: {"pk": a.family_b.pk},
        {"worker": 403, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302},
    ),
]
