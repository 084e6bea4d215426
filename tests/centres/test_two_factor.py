"""Two-factor sign-in: set-up, the code step after the password, backup codes, lockout, removal,
the roles that must use it, and the administrators' reset."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from centres.models import AuditEvent
from centres.two_factor import services
from tests.centres.factories import UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _no_backoff(settings):
    # django-otp's own slow-down (1, 2, 4 ... seconds) would make consecutive tries in a test
    # wait; the lockout after OTP_FAILURE_LIMIT wrong codes is ours and stays on.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    settings.OTP_FAILURE_LIMIT = 3


def app_code(device: TOTPDevice, *, later: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + later
    return f"{totp.token():06d}"


def with_device(user) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    return device, services.new_backup_codes(user=user)


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def verify_url(next_url: str = "/") -> str:
    from urllib.parse import urlencode

    return f"{reverse('two_factor:verify')}?{urlencode({'next': next_url})}"


def test_set_up_shows_a_qr_code_inline_and_the_key_to_type(client, authority):
    client.force_login(authority.worker)
    response = client.get(reverse("two_factor:setup"))
    page = response.content.decode()
    device = TOTPDevice.objects.get(user=authority.worker, confirmed=False)
    assert '<svg role="img"' in page and "QR code to add this account" in page
    assert "data:" not in page  # the QR code is markup, not an image the CSP would have to allow
    assert services.secret_for_typing(device) in page
    # A second visit shows the same pending device rather than a new one each time.
    client.get(reverse("two_factor:setup"))
    assert TOTPDevice.objects.filter(user=authority.worker).count() == 1


def test_a_right_code_turns_it_on_and_the_backup_codes_are_shown_once(client, authority):
    client.force_login(authority.worker)
    client.get(reverse("two_factor:setup"))
    device = TOTPDevice.objects.get(user=authority.worker)

    response = client.post(reverse("two_factor:setup"), {"code": app_code(device)})
    assert response["Location"] == reverse("two_factor:backup_codes")
    device.refresh_from_db()
    assert device.confirmed
    codes = list(StaticToken.objects.filter(device__user=authority.worker).values_list("token", flat=True))
    assert len(codes) == services.BACKUP_CODE_COUNT

    page = client.get(reverse("two_factor:backup_codes")).content.decode()
    assert all(code in page for code in codes)
    again = client.get(reverse("two_factor:backup_codes"))
    assert again.status_code == 302 and again["Location"] == reverse("two_factor:manage")
    # Set up in this session counts as verified: the worker goes on working.
    assert client.get(reverse("home")).status_code == 200
    event = AuditEvent.objects.get(object_id=str(authority.worker.pk), detail="Two-factor sign-in set up")
    assert event.user == authority.worker


def test_a_wrong_code_does_not_turn_it_on(client, authority):
    client.force_login(authority.worker)
    client.get(reverse("two_factor:setup"))
    device = TOTPDevice.objects.get(user=authority.worker)
    response = client.post(reverse("two_factor:setup"), {"code": app_code(device, later=-600)})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    response = client.post(reverse("two_factor:setup"), {"code": "12ab"})
    assert "Enter the 6-digit code from your authenticator app" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=authority.worker).exists()


def test_without_a_device_the_password_is_enough(client, authority):
    response = sign_in(client, "worker")
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_with_a_device_every_page_asks_for_the_code_until_it_is_given(client, authority):
    device, _ = with_device(authority.worker)
    assert sign_in(client, "worker")["Location"] == reverse("home")
    for url in (reverse("home"), reverse("families:list"), reverse("two_factor:manage")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == verify_url(url)

    page = client.get(verify_url("/families/")).content.decode()
    assert "Enter your sign-in code" in page
    response = client.post(reverse("two_factor:verify"), {"code": app_code(device), "next": "/families/"})
    assert response["Location"] == "/families/"
    assert client.get(reverse("families:list")).status_code == 200


def test_a_wrong_code_is_refused(client, authority):
    device, _ = with_device(authority.worker)
    sign_in(client, "worker")
    response = client.post(reverse("two_factor:verify"), {"code": app_code(device, later=-600)})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("two_factor:verify"))


def test_a_backup_code_works_once(client, authority):
    _, codes = with_device(authority.worker)
    sign_in(client, "worker")
    response = client.post(reverse("two_factor:verify"), {"code": codes[0].upper()})
    assert response["Location"] == reverse("home")
    assert services.backup_codes_left(authority.worker) == services.BACKUP_CODE_COUNT - 1

    client.post(reverse("logout"))
    sign_in(client, "worker")
    response = client.post(reverse("two_factor:verify"), {"code": codes[0]})
    assert response.status_code == 200 and "was used already" in response.content.decode()


def test_too_many_wrong_codes_sign_out_and_lock_the_code_step(client, authority, caplog):
    _, codes = with_device(authority.worker)
    sign_in(client, "worker")
    client.post(reverse("two_factor:verify"), {"code": "000000"})
    client.post(reverse("two_factor:verify"), {"code": "wrongcode"})
    response = client.post(reverse("two_factor:verify"), {"code": "111111"})
    assert response.status_code == 403
    assert "Too many wrong codes" in response.content.decode()
    # Logged with the user's id only.
    assert f"two-factor code step locked for user {authority.worker.pk} " in caplog.text
    # Signed out: the password step again, and then the code step is still locked, even for a
    # right code.
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    sign_in(client, "worker")
    response = client.post(reverse("two_factor:verify"), {"code": codes[1]})
    assert response.status_code == 403
    assert services.backup_codes_left(authority.worker) == services.BACKUP_CODE_COUNT


def test_the_password_step_still_locks_after_repeated_failures(client, authority):
    with_device(authority.worker)
    for _ in range(3):
        sign_in(client, "worker", "not-the-password")
    response = sign_in(client, "worker")
    assert response.status_code == 429 or "Your account is locked" in response.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))


def test_a_role_that_must_use_it_is_sent_to_set_up_first(client, authority, settings):
    settings.OTP_REQUIRED_ROLES = ["admin"]
    client.force_login(authority.admin)
    response = client.get(reverse("centres:audit"))
    assert response["Location"].startswith(reverse("two_factor:setup"))
    assert "must use two-factor sign-in" in client.get(response["Location"]).content.decode()
    client.force_login(authority.worker)
    assert client.get(reverse("home")).status_code == 200


def test_a_required_role_cannot_turn_it_off(client, authority, settings):
    settings.OTP_REQUIRED_ROLES = ["admin"]
    device, _ = with_device(authority.admin)
    sign_in(client, "admin")
    client.post(reverse("two_factor:verify"), {"code": app_code(device)})
    response = client.post(reverse("two_factor:remove"), {"code": app_code(device, later=30)})
    assert response["Location"] == reverse("two_factor:manage")
    assert TOTPDevice.objects.filter(user=authority.admin).exists()


def test_a_user_removes_their_device_after_giving_a_code(client, authority):
    _, codes = with_device(authority.worker)
    sign_in(client, "worker")
    client.post(reverse("two_factor:verify"), {"code": codes[0]})
    response = client.post(reverse("two_factor:remove"), {"code": "123"})
    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=authority.worker).exists()
    response = client.post(reverse("two_factor:remove"), {"code": codes[1]})
    assert response["Location"] == reverse("two_factor:manage")
    assert not TOTPDevice.objects.filter(user=authority.worker).exists()
    assert not StaticDevice.objects.filter(user=authority.worker).exists()
    assert AuditEvent.objects.filter(detail="Two-factor sign-in removed", user=authority.worker).exists()
    # Next sign-in is the password alone.
    client.post(reverse("logout"))
    sign_in(client, "worker")
    assert client.get(reverse("home")).status_code == 200


def test_an_administrator_resets_someones_two_factor_sign_in(client, authority):
    with_device(authority.worker)
    client.force_login(authority.admin)
    page = client.get(reverse("two_factor:users")).content.decode()
    assert "worker" in page
    response = client.post(reverse("two_factor:reset", kwargs={"pk": authority.worker.pk}))
    assert response["Location"] == reverse("two_factor:users")
    assert not TOTPDevice.objects.filter(user=authority.worker).exists()
    event = AuditEvent.objects.get(detail="Two-factor sign-in reset by an administrator")
    assert event.user == authority.admin and event.object_id == str(authority.worker.pk)


def test_only_a_verified_administrator_may_reset(client, authority):
    with_device(authority.worker)
    with_device(authority.admin)
    client.force_login(authority.manager)
    assert client.post(reverse("two_factor:reset", kwargs={"pk": authority.worker.pk})).status_code == 403
    client.logout()
    sign_in(client, "admin")  # the password alone
    response = client.post(reverse("two_factor:reset", kwargs={"pk": authority.worker.pk}))
    assert response["Location"].startswith(reverse("two_factor:verify"))
    assert TOTPDevice.objects.filter(user=authority.worker).exists()


def test_the_code_step_does_not_send_people_to_other_sites(client, authority):
    device, _ = with_device(authority.worker)
    sign_in(client, "worker")
    response = client.post(reverse("two_factor:verify"), {"code": app_code(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_the_list_of_users_with_two_factor_takes_few_queries(client, authority, django_assert_max_num_queries):
    for n in range(15):
        with_device(UserFactory(username=f"staff{n}"))
    client.force_login(authority.admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("two_factor:users"))
    assert response.content.decode().count("Reset<span") == 15
