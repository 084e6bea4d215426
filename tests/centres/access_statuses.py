"""The status each role gets, shared by the rows of the access matrix (tests/centres/test_access.py
and the `matrix_<topic>.py` modules it collects).

200 seen; 403 the role may not use the screen; 404 the record is outside the user's centres;
302 to a sign-in page ("inactive" is a deactivated worker of centre A, signed out everywhere).
"""

EVERYONE = {"worker": 200, "manager": 200, "analyst": 200, "admin": 200, "inactive": 302}
# Centre staff, on a screen or record of their own centre (centre A)...
STAFF = {"worker": 200, "manager": 200, "analyst": 403, "admin": 403, "inactive": 302}
# ...and on a record of another centre (centre B): not found.
OTHER_CENTRE = {"worker": 404, "manager": 404, "analyst": 403, "admin": 403, "inactive": 302}
# The authority-wide roles, who see every centre but no named family.
AUTHORITY = {"worker": 403, "manager": 403, "analyst": 200, "admin": 200, "inactive": 302}
# A centre's own page: its staff see their own, the authority-wide roles every one.
OTHER_CENTRE_BUT_AUTHORITY = {"worker": 404, "manager": 404, "analyst": 200, "admin": 200, "inactive": 302}
ADMIN_ONLY = {"worker": 403, "manager": 403, "analyst": 403, "admin": 200, "inactive": 302}
# Django's admin site sends anyone but an administrator to its own sign-in page.
ADMIN_SITE = {"worker": 302, "manager": 302, "analyst": 302, "admin": 200, "inactive": 302}
