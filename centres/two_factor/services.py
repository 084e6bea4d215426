"""Two-factor devices: set up, check a code (with a lockout), backup codes, remove, reset."""

from __future__ import annotations

from base64 import b32encode
from datetime import datetime
from typing import TYPE_CHECKING

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from centres.audit import audit_record
from centres.models import AuditEvent

if TYPE_CHECKING:
    from django.http import HttpRequest

    from centres.models import User

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"


def has_confirmed_device(user: User) -> bool:
    # Backup codes only ever exist beside an app device, so one query answers it.
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def required_for(user: User) -> bool:
    return getattr(user, "role", None) in settings.OTP_REQUIRED_ROLES


def pending_app_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up (one at a time), made on first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for people who cannot scan the QR code."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG (no data: URL, no request to anyone else)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, title="QR code to add this account to an authenticator app", svgclass="app-qr-code"
    )
    # role=img so that the title is read out as the image's name.
    return str(svg).replace("<svg ", '<svg role="img" ', 1)


def normalise(code: str) -> str:
    return "".join(code.split()).lower()


def locked_until(user: User) -> datetime | None:
    """When the code step opens again after too many wrong codes in a row, or None.

    django-otp slows each device down (1, 2, 4 ... seconds); on top of that, as for passwords,
    OTP_FAILURE_LIMIT wrong codes in a row lock the code step for OTP_COOLOFF.
    """
    failures = 0
    last: datetime | None = None
    for device in [*TOTPDevice.objects.filter(user=user), *StaticDevice.objects.filter(user=user)]:
        failures += device.throttling_failure_count
        stamp = device.throttling_failure_timestamp
        if stamp and (last is None or stamp > last):
            last = stamp
    if failures < settings.OTP_FAILURE_LIMIT or last is None:
        return None
    until = last + settings.OTP_COOLOFF
    return until if until > timezone.now() else None


def check_code(user: User, code: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts the code (six digits: the app; otherwise a backup code, which is
    then used up), or None. Only the device the code is for counts the failure."""
    code = normalise(code)
    if code.isdigit() and len(code) == 6:
        devices: list[TOTPDevice | StaticDevice] = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        matched = verify_token(user, device.persistent_id, code)
        if matched is not None:
            _reset_throttles(user)
            return matched
    return None


def _reset_throttles(user: User) -> None:
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def confirm_app_device(*, user: User, device: TOTPDevice, code: str, request: HttpRequest | None = None) -> bool:
    """Confirm the pending device with a first code from the app; audited."""
    if device.user_id != user.pk or device.confirmed:
        return False
    if not device.verify_token(normalise(code)):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Any other half-finished set-up is now pointless.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        audit_record(
            user=user,
            action=AuditEvent.Action.UPDATE,
            obj=user,
            changed_fields=["two_factor"],
            detail="Two-factor sign-in set up",
            request=request,
        )
    return True


@transaction.atomic
def new_backup_codes(*, user: User) -> list[str]:
    """Replace the user's backup codes with a fresh set; the codes are shown once, then only
    stored (they cannot be shown again)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def remove_devices(*, user: User, by: User, request: HttpRequest | None = None) -> int:
    """Turn two-factor sign-in off for `user` (by themselves, or an administrator's reset)."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    audit_record(
        user=by,
        action=AuditEvent.Action.UPDATE,
        obj=user,
        changed_fields=["two_factor"],
        detail="Two-factor sign-in removed" if by.pk == user.pk else "Two-factor sign-in reset by an administrator",
        request=request,
    )
    return removed
