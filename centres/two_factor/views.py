"""Two-factor screens: the code step after the password, set-up, backup codes, removal, and the
administrators' reset. Every view needs a signed-in, active user; the middleware lets these
through before the code is given, so each one checks `is_verified()` where it matters."""

from __future__ import annotations

import logging
from typing import Any

import django_otp
from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from centres.access import role_required
from centres.models import User
from centres.roles import administers, is_active_staff
from centres.two_factor import services
from centres.two_factor.forms import CodeForm
from centres.two_factor.middleware import remember_device, session_has_device

BACKUP_CODES_SESSION_KEY = "two_factor_new_codes"
logger = logging.getLogger(__name__)


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _verified(request: HttpRequest) -> bool:
    return bool(request.user.is_verified())  # type: ignore[union-attr]


def _locked(request: HttpRequest, until: Any) -> HttpResponse:
    """Too many wrong codes: sign out (the password step starts again) and say until when."""
    logger.warning("two-factor code step locked for user %s until %s", request.user.pk, until.isoformat())
    logout(request)
    return render(request, "two_factor/locked.html", {"locked_until": until}, status=403)


@role_required(is_active_staff)
def manage(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    on = session_has_device(request)
    return render(
        request,
        "two_factor/manage.html",
        {
            "on": on,
            "required": services.required_for(user),
            "device": TOTPDevice.objects.filter(user=user, confirmed=True).first() if on else None,
            "codes_left": services.backup_codes_left(user) if on else 0,
            "administers": administers(user),
        },
    )


@role_required(is_active_staff)
def setup(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if session_has_device(request):
        return redirect("two_factor:manage")
    device = services.pending_app_device(user)
    form = CodeForm(request.POST or None, app_only=True)
    if request.method == "POST" and form.is_valid():
        if services.confirm_app_device(user=user, device=device, code=form.cleaned_data["code"], request=request):
            django_otp.login(request, device)
            remember_device(request, True)
            request.session[BACKUP_CODES_SESSION_KEY] = services.new_backup_codes(user=user)
            request.session["two_factor_next"] = _next_url(request)
            messages.success(request, "Two-factor sign-in is on")
            return redirect("two_factor:backup_codes")
        form.add_error("code", "The code is not right: check the time on your phone and enter the newest code")
    return render(
        request,
        "two_factor/setup.html",
        {
            "form": form,
            "qr_code": services.qr_code_svg(device),
            "secret": services.secret_for_typing(device),
            "required": services.required_for(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@role_required(is_active_staff)
def backup_codes(request: HttpRequest) -> HttpResponse:
    """GET shows new codes once (then they are gone from the session); POST makes a new set."""
    user: User = request.user  # type: ignore[assignment]
    if not session_has_device(request) or not _verified(request):
        return redirect("two_factor:manage")
    if request.method == "POST":
        request.session[BACKUP_CODES_SESSION_KEY] = services.new_backup_codes(user=user)
        return redirect("two_factor:backup_codes")
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("two_factor:manage")
    next_url = request.session.pop("two_factor_next", reverse("two_factor:manage"))
    return render(request, "two_factor/backup_codes.html", {"codes": codes, "next": next_url})


@role_required(is_active_staff)
def verify(request: HttpRequest) -> HttpResponse:
    """The code step after the password."""
    user: User = request.user  # type: ignore[assignment]
    if not services.has_confirmed_device(user):
        remember_device(request, False)
        return redirect(_next_url(request))
    if _verified(request):
        return redirect(_next_url(request))
    until = services.locked_until(user)
    if until:
        return _locked(request, until)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.check_code(user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            remember_device(request, True)
            if device.persistent_id.startswith("otp_static"):
                left = services.backup_codes_left(user)
                messages.warning(request, f"You used a backup code: {left} left. Make new ones if you are running out.")
            return redirect(_next_url(request))
        until = services.locked_until(user)
        if until:
            return _locked(request, until)
        form.add_error("code", "The code is not right, or was used already: enter the newest code from your app")
    return render(
        request,
        "two_factor/verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@role_required(is_active_staff)
def remove(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off: a code again, so that an open screen alone is not enough."""
    user: User = request.user  # type: ignore[assignment]
    if not session_has_device(request) or not _verified(request):
        return redirect("two_factor:manage")
    if services.required_for(user):
        messages.error(request, "Your role must use two-factor sign-in: ask an administrator to reset it instead")
        return redirect("two_factor:manage")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        until = services.locked_until(user)
        if until:
            return _locked(request, until)
        if services.check_code(user, form.cleaned_data["code"]) is not None:
            services.remove_devices(user=user, by=user, request=request)
            remember_device(request, False)
            messages.success(request, "Two-factor sign-in is off")
            return redirect("two_factor:manage")
        form.add_error("code", "The code is not right, or was used already: enter the newest code from your app")
    return render(request, "two_factor/remove.html", {"form": form})


@role_required(administers)
def users(request: HttpRequest) -> HttpResponse:
    """Administrators: who uses two-factor sign-in, and a reset for someone who lost their phone."""
    with_device = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    people = User.objects.filter(is_active=True, pk__in=with_device).order_by("last_name", "first_name", "username")
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "two_factor/users.html", {"page": page})


@role_required(administers)
@require_POST
def reset(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    services.remove_devices(user=person, by=request.user, request=request)  # type: ignore[arg-type]
    if person.pk == request.user.pk:
        remember_device(request, False)
    messages.success(request, f"Two-factor sign-in reset for {person.get_full_name() or person.get_username()}")
    return redirect("two_factor:users")
