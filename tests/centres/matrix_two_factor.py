"""Access rows for the two-factor screens (collected by tests/centres/test_access.py).

For users without a device: the code step, backup codes and removal have nothing to do and
send them on (302); set-up and the status page are for everyone; the reset is for
administrators and only by POST."""

EVERYONE = {"worker": 200, "manager": 200, "analyst": 200, "admin": 200, "inactive": 302}
NOTHING_TO_DO = {"worker": 302, "manager": 302, "analyst": 302, "admin": 302, "inactive": 302}
ADMINS = {"worker": 403, "manager": 403, "analyst": 403, "admin": 200, "inactive": 302}

MATRIX = [
    ("two_factor:manage", lambda a: {}, EVERYONE),
    ("two_factor:setup", lambda a: {}, EVERYONE),
    ("two_factor:verify", lambda a: {}, NOTHING_TO_DO),
    ("two_factor:backup_codes", lambda a: {}, NOTHING_TO_DO),
    ("two_factor:remove", lambda a: {}, NOTHING_TO_DO),
    ("two_factor:users", lambda a: {}, ADMINS),
    ("two_factor:reset", lambda a: {"pk": a.worker.pk}, {**ADMINS, "admin": 405}),
]
