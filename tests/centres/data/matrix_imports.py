"""Access rows for the reference-data screens (collected by tests/centres/test_access.py, which
makes every GET; tests/centres/test_imports_screens.py has the POST rows and the flows)."""

from centres.models import ReferenceImport

ADMIN_ONLY = {"worker": 403, "manager": 403, "analyst": 403, "admin": 200, "inactive": 302}


def _an_import(authority) -> dict[str, int]:
    reference = ReferenceImport.objects.create(
        kind="postcodes", original_filename="onspd.csv", file="imports/onspd.csv", uploaded_by=authority.admin
    )
    return {"pk": reference.pk}


MATRIX = [
    ("reference_data:list", lambda a: {}, ADMIN_ONLY),
    ("reference_data:detail", _an_import, ADMIN_ONLY),
    # Applying is a POST: a GET by an administrator is 405.
    ("reference_data:apply", _an_import, {**ADMIN_ONLY, "admin": 405}),
]
