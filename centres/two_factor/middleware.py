"""Ask for the second factor before anything else, and send the roles that must use it to set up.

After the password step the user is signed in (Django's session), but until they give a code
every page except the code step itself, the set-up screens and signing out redirects there.
Whether a user has a device is kept in the session (written when they sign in and when they set
up or remove a device), so that the pages of users without a device cost no extra query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from centres.roles import is_active_staff
from centres.two_factor.services import has_confirmed_device, required_for

SESSION_KEY = "two_factor_device"
# Screens open before the code is given: signing in and out, the health check, the code step and
# set-up (the administrators' reset is not: it needs a verified administrator).
OPEN_URL_NAMES = {"logout", "login", "healthz", "two_factor:verify", "two_factor:setup"}


def remember_device(request: HttpRequest, has_device: bool) -> None:
    request.session[SESSION_KEY] = {"user": request.user.pk, "device": has_device}


def session_has_device(request: HttpRequest) -> bool:
    state = request.session.get(SESSION_KEY)
    if not state or state.get("user") != request.user.pk:
        remember_device(request, has_confirmed_device(request.user))  # type: ignore[arg-type]
        state = request.session[SESSION_KEY]
    return bool(state["device"])


def on_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """user_logged_in receiver: note whether this user has a device, once per sign-in (every way
    of signing in sends the signal, so no path skips it)."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = {"user": user.pk, "device": has_confirmed_device(user)}


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user = request.user
        if not is_active_staff(user):
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_URL_NAMES:
            return None
        if session_has_device(request):
            if not user.is_verified():  # type: ignore[union-attr]
                return redirect(f"{reverse('two_factor:verify')}?{urlencode({'next': request.get_full_path()})}")
        elif required_for(user):  # type: ignore[arg-type]
            return redirect(f"{reverse('two_factor:setup')}?{urlencode({'next': request.get_full_path()})}")
        return None
