from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from centres.roles import Role, administers, is_active_staff, sees_personal_data

if TYPE_CHECKING:
    from centres.models import User

# Navigation by role: (label, url name, roles that see it). Later issues add their screens here.
NAVIGATION: list[tuple[str, str, frozenset[str]]] = [
    ("Home", "home", frozenset(Role.values)),
    ("Families", "families:list", frozenset({Role.WORKER, Role.MANAGER})),
    ("Find a family", "families:search", frozenset({Role.WORKER, Role.MANAGER})),
    ("Caseload", "families:caseload", frozenset({Role.WORKER, Role.MANAGER})),
    ("Referrals", "partnerships:referrals", frozenset({Role.WORKER, Role.MANAGER})),
    ("New births", "partnerships:outreach", frozenset({Role.WORKER, Role.MANAGER})),
    ("Timetable", "services:timetable", frozenset({Role.WORKER, Role.MANAGER})),
    ("Services", "services:catalogue", frozenset({Role.WORKER, Role.MANAGER})),
    ("Community", "community:index", frozenset({Role.WORKER, Role.MANAGER})),
    ("Spend", "community:spend_overview", frozenset({Role.ANALYST})),
    ("Centres", "centres:list", frozenset(Role.values)),
    ("Partners", "partnerships:partners", frozenset(Role.values)),
    ("Referral timeliness", "partnerships:timeliness", frozenset({Role.ANALYST})),
    ("Birth notifications", "partnerships:birth_imports", frozenset({Role.ADMIN})),
    ("Dashboards", "indicators:authority", frozenset({Role.MANAGER, Role.ANALYST, Role.ADMIN})),
    ("Area profile", "centres:authority_area", frozenset({Role.ANALYST, Role.ADMIN})),
    ("Reference data", "reference_data:list", frozenset({Role.ADMIN})),
    ("Audit trail", "centres:audit", frozenset({Role.ADMIN})),
    ("API clients", "centres:api_clients", frozenset({Role.ADMIN})),
]

# Screens that belong to a menu item but whose addresses do not start with its own: a session's
# register is reached from the timetable, a family's contact, outcome and referral pages from
# Families, a case from the caseload, a birth's match from New births.
NAVIGATION_ALSO: dict[str, tuple[str, ...]] = {
    "services:timetable": ("/services/sessions/", "/services/series/", "/services/courses/"),
    "families:list": ("/services/families/", "/outcomes/families/", "/partnerships/families/"),
    "families:caseload": ("/families/cases/",),
    "partnerships:outreach": ("/partnerships/births/",),
}


def service(request: HttpRequest) -> dict[str, Any]:
    # A request rejected before the authentication middleware ran (a 400) has no user.
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "service_name": settings.SERVICE_NAME,
        "authority_name": settings.AUTHORITY_NAME,
        "nav_items": [],
        "user_centres": [],
    }
    if user is None or not is_active_staff(user):
        return context
    role = getattr(user, "role", "")
    shown = [(label, url_name) for label, url_name, roles in NAVIGATION if role in roles]
    items = [{"label": label, "url": reverse(url_name)} for label, url_name in shown]
    if administers(user):
        items.append({"label": "Administration", "url": reverse("admin:index")})
    # The item with the longest address (or NAVIGATION_ALSO prefix) this page's starts with is the
    # current one, so that /centres/audit/ marks "Audit trail", not "Centres".
    owned = [(item["url"], item["url"]) for item in items]
    owned += [(prefix, reverse(url_name)) for _, url_name in shown for prefix in NAVIGATION_ALSO.get(url_name, ())]
    matches = [(prefix, url) for prefix, url in owned if request.path.startswith(prefix)]
    current = max(matches, key=lambda match: len(match[0]), default=(None, None))[1]
    context["nav_items"] = [{**item, "active": item["url"] == current} for item in items]
    if sees_personal_data(user):
        # One query per page; staff belong to a handful of centres.
        context["user_centres"] = [c.name for c in cast("User", user).centres.all()]
    else:
        context["user_centres"] = ["All centres"]
    return context
