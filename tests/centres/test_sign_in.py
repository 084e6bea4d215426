"""Signing in and out: lockout after repeated failures, POST-only sign-out, session expiry."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from tests.centres.factories import UserFactory
from tests.families.factories import child_form_data

PASSWORD = "correct-horse-battery"


def sign_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_staff_sign_in_and_land_on_home(client, db):
    UserFactory(username="amira")
    response = sign_in(client, "amira", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_is_an_error_on_the_page_with_the_username_kept(client, db):
    UserFactory(username="amira")
    response = sign_in(client, "amira", "wrong")
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert 'value="amira"' in page


def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(client, db):
    UserFactory(username="amira")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "amira", "wrong")
    response = sign_in(client, "amira", PASSWORD)
    assert response.status_code == 429
    assert "locked" in response.content.decode().lower()
    assert "_auth_user_id" not in client.session


def test_a_lockout_of_one_account_does_not_lock_another(client, db):
    UserFactory(username="amira")
    UserFactory(username="ben")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "amira", "wrong")
    assert sign_in(client, "ben", PASSWORD).status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, db):
    UserFactory(username="amira")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "amira", "wrong")
    assert sign_in(client, "amira", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "amira", "wrong")
    assert sign_in(client, "amira", PASSWORD).status_code == 302


def test_a_deactivated_account_cannot_sign_in(client, db):
    UserFactory(username="amira", is_active=False)
    assert sign_in(client, "amira", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_ends_the_session(client, db):
    client.force_login(UserFactory(username="amira"))
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_sessions_expire_when_idle_and_when_the_browser_closes(client, db):
    client.force_login(UserFactory(username="amira"))
    client.get(reverse("home"))
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 30 * 60


def test_every_page_carries_a_content_security_policy_without_inline_code(client, db):
    client.force_login(UserFactory(username="amira"))
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_an_expired_form_gets_a_plain_explanation_and_saves_nothing(authority):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(authority.worker)
    child = authority.child_a
    response = client.post(
        reverse("families:child_edit", args=[authority.family_a.pk, child.pk]),
        child_form_data(child, first_name="Changed"),
    )
    assert response.status_code == 403
    assert "Your page has expired" in response.content.decode()
    child.refresh_from_db()
    assert child.first_name == "Ava"
