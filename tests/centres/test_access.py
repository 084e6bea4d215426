"""Who may see what: the role matrix over every staff screen, and the for_user() filters."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from centres.models import Centre
from families.models import Child, Family
from tests.centres.access_statuses import (
    ADMIN_ONLY,
    ADMIN_SITE,
    AUTHORITY,
    EVERYONE,
    OTHER_CENTRE,
    OTHER_CENTRE_BUT_AUTHORITY,
    STAFF,
)

# (url name, kwargs as a function of the authority) -> expected status per role (see
# tests/centres/access_statuses.py for what each status means).
MATRIX = [
    ("home", lambda a: {}, EVERYONE),
    ("centres:list", lambda a: {}, EVERYONE),
    ("centres:detail", lambda a: {"pk": a.centre_a.pk}, EVERYONE),
    ("centres:detail", lambda a: {"pk": a.centre_b.pk}, OTHER_CENTRE_BUT_AUTHORITY),
    ("families:list", lambda a: {}, STAFF),
    ("families:detail", lambda a: {"pk": a.family_a.pk}, STAFF),
    ("families:detail", lambda a: {"pk": a.family_b.pk}, OTHER_CENTRE),
    ("families:child_edit", lambda a: {"family_pk": a.family_a.pk, "pk": a.child_a.pk}, STAFF),
    ("families:child_edit", lambda a: {"family_pk": a.family_b.pk, "pk": a.child_b.pk}, OTHER_CENTRE),
    # A child of family B reached through family A's address: still not found.
    ("families:child_edit", lambda a: {"family_pk": a.family_a.pk, "pk": a.child_b.pk}, OTHER_CENTRE),
    ("centres:area", lambda a: {"pk": a.centre_a.pk}, EVERYONE),
    ("centres:area", lambda a: {"pk": a.centre_b.pk}, OTHER_CENTRE_BUT_AUTHORITY),
    ("centres:authority_area", lambda a: {}, AUTHORITY),
    ("centres:reach_area_edit", lambda a: {"pk": a.centre_b.pk}, ADMIN_ONLY),
    ("centres:audit", lambda a: {}, ADMIN_ONLY),
    ("admin:index", lambda a: {}, ADMIN_SITE),
    ("admin:centres_user_changelist", lambda a: {}, ADMIN_SITE),
]


def _rows_from_matrix_modules() -> list:
    """Rows that other test folders declare in a `matrix_<topic>.py` module (a MATRIX list of the
    same shape), so that each area's screens are added without editing this file."""
    rows = []
    tests_root = Path(__file__).resolve().parent.parent
    for path in sorted(tests_root.rglob("matrix_*.py")):
        module = importlib.import_module(".".join(("tests", *path.relative_to(tests_root).with_suffix("").parts)))
        rows += module.MATRIX
    return rows


MATRIX += _rows_from_matrix_modules()

ROLES = ["worker", "manager", "analyst", "admin", "inactive"]


@pytest.mark.parametrize(("url_name", "kwargs", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_matrix_says(client, authority, url_name, kwargs, expected, role):
    client.force_login(authority.user(role))
    response = client.get(reverse(url_name, kwargs=kwargs(authority)))
    assert response.status_code == expected[role]


@pytest.mark.parametrize(("url_name", "kwargs", "expected"), MATRIX, ids=[f"{m[0]}-{i}" for i, m in enumerate(MATRIX)])
def test_anonymous_visitors_are_sent_to_sign_in(client, authority, url_name, kwargs, expected):
    """...unless the row declares the page public ("anonymous": 200, the transparency page)."""
    response = client.get(reverse(url_name, kwargs=kwargs(authority)))
    if expected.get("anonymous") == 200:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_matrix_covers_every_named_staff_screen():
    """A new screen without a row in MATRIX fails here, so nobody forgets its access rules."""
    from django.urls import get_resolver

    covered = {name for name, _, _ in MATRIX}
    public = {"login", "logout", "healthz"}
    ours = set()
    for namespace, (_, resolver) in get_resolver().namespace_dict.items():
        # Django's admin: its entry rows above stand for the whole site. The API ("api") takes
        # tokens, not sessions: tests/api/test_api_scopes.py holds its own matrix of scopes.
        if namespace not in ("admin", "api"):
            ours |= {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}
    ours |= {name for name in get_resolver().reverse_dict if isinstance(name, str)} - public
    assert ours - covered == set()


def test_a_centre_worker_sees_only_their_centres(authority):
    assert list(Centre.objects.for_user(authority.worker)) == [authority.centre_a]
    assert list(Family.objects.for_user(authority.worker)) == [authority.family_a]
    assert list(Child.objects.for_user(authority.worker)) == [authority.child_a]


def test_authority_roles_see_every_centre_but_no_named_family(authority):
    for user in (authority.analyst, authority.admin):
        assert set(Centre.objects.for_user(user)) == {authority.centre_a, authority.centre_b}
        assert not Family.objects.for_user(user).exists()
        assert not Child.objects.for_user(user).exists()


def test_inactive_and_anonymous_users_see_nothing(authority):
    for user in (authority.inactive_worker, AnonymousUser()):
        assert not Centre.objects.for_user(user).exists()
        assert not Family.objects.for_user(user).exists()


def test_a_worker_of_two_centres_sees_both(authority):
    authority.worker.centres.add(authority.centre_b)
    assert set(Family.objects.for_user(authority.worker)) == {authority.family_a, authority.family_b}


def test_the_family_list_shows_only_the_users_families(client, authority):
    client.force_login(authority.worker)
    page = client.get(reverse("families:list")).content.decode()
    assert authority.family_a.reference in page
    assert authority.family_b.reference not in page


def test_the_centre_list_shows_only_the_users_centres(client, authority):
    client.force_login(authority.manager)
    page = client.get(reverse("centres:list")).content.decode()
    assert "Ashby Road" in page
    assert "Brookfield" not in page


def test_navigation_follows_the_role(client, authority):
    client.force_login(authority.worker)
    page = client.get(reverse("home")).content.decode()
    assert reverse("families:list") in page
    assert reverse("centres:audit") not in page
    client.force_login(authority.admin)
    page = client.get(reverse("home")).content.decode()
    assert reverse("centres:audit") in page
    assert reverse("families:list") not in page


def test_the_current_screen_is_marked_in_the_navigation(client, authority):
    client.force_login(authority.admin)
    items = client.get(reverse("centres:audit")).context["nav_items"]
    assert [item["label"] for item in items if item["active"]] == ["Audit trail"]
    items = client.get(reverse("home")).context["nav_items"]
    assert [item["label"] for item in items if item["active"]] == ["Home"]
