"""Every staff screen passes axe-core at WCAG 2.2 AA, with no violations (and breaks no rule of
the Content-Security-Policy, which stays on: see tests/browser/axe.py).

The screens come from the access matrix (tests/centres/test_access.py and every
tests/**/matrix_*.py): each row names a URL, how to build its arguments and which roles get a
200, so a screen added with its matrix row is checked here without editing this file. Each
screen is seen once as a centre role (a worker with the restricted-fields grant, who sees the
most, else the manager) and once as an authority role (the analyst, else the administrator),
because the two see different pages. Django's own admin site is left out: it is not ours to fix.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from tests.browser.axe import PlaywrightError, axe_violations, describe, signed_in_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLE_GROUPS = (("worker", "manager"), ("analyst", "admin"))
ROLES = ("worker", "manager", "analyst", "admin")


def screens_for(role: str) -> list[tuple[str, Any]]:
    """The matrix rows this role is the one to look at: (url name, kwargs builder)."""
    from tests.centres.test_access import MATRIX

    chosen = []
    for url_name, kwargs, expected in MATRIX:
        if url_name.startswith("admin:"):
            continue
        for group in ROLE_GROUPS:
            first = next((r for r in group if expected.get(r) == 200), None)
            if first == role:
                chosen.append((url_name, kwargs))
    return chosen


def user_for(authority: Any, role: str) -> Any:
    # The worker with the restricted-fields grant sees every part of a family's record.
    return authority.worker_restricted if role == "worker" else authority.user(role)


# Forms sent empty, to check the error state (error summary, messages tied to their fields).
ERROR_STATES = [
    ("worker", "families:register", lambda a: {}),
    ("worker", "two_factor:setup", lambda a: {}),
    ("worker", "families:child_add", lambda a: {"family_pk": a.family_a.pk}),
    ("worker", "services:contact_add", lambda a: {"family_pk": a.family_a.pk}),
    ("worker", "services:session_add", lambda a: {}),
    ("worker", "partnerships:referral_in_add", lambda a: {}),
    ("manager", "services:service_add", lambda a: {}),
    ("admin", "partnerships:partner_add", lambda a: {}),
]


# A form's submit button: crispy-forms-gds renders <button> with no type (a submit button).
SUBMIT = "main form[method=post] [type=submit], main form[method=post] button:not([type])"


@pytest.mark.parametrize("role", ROLES)
def test_every_staff_screen_has_no_accessibility_violations(browser, live_server, authority, role):
    screens = screens_for(role)
    assert screens, f"no screens for {role}: has the access matrix moved?"
    context = signed_in_context(browser, live_server, user_for(authority, role))
    page = context.new_page()
    page.set_default_timeout(15_000)
    violations: list[dict[str, Any]] = []
    wrong_status = []
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda m: csp_errors.append(f"{page.url}: {m.text[:200]}") if "Content Security Policy" in m.text else None,
    )
    try:
        # Every record the rows need is made before the first page opens: with SQLite, a write
        # from this thread while the live server still answers a page's own requests (htmx)
        # would find the table locked.
        urls = [(url_name, reverse(url_name, kwargs=kwargs(authority))) for url_name, kwargs in screens]
        for url_name, url in urls:
            try:
                response = page.goto(f"{live_server.url}{url}")
                if response is not None and response.status == 500 and connection.vendor == "sqlite":
                    # SQLite locks a whole table: a page's own late request (htmx) can collide
                    # with the next page's session write. Once more; a real error repeats.
                    response = page.goto(f"{live_server.url}{url}")
            except PlaywrightError as error:
                if "Download is starting" in str(error):
                    continue  # a file to save (the subject access export), not a screen
                raise
            if response is None or response.status != 200:
                wrong_status.append(f"{url_name} {url}: {response.status if response else 'no response'}")
                continue
            if not page.evaluate("document.doctype !== null"):
                continue  # an htmx fragment (the postcode look-up): checked inside its page
            violations += axe_violations(page)
    finally:
        context.close()
    assert not wrong_status, "screens the matrix says give 200 did not: " + "; ".join(wrong_status)
    assert not csp_errors, "Content-Security-Policy violations:\n" + "\n".join(csp_errors)
    assert not violations, describe(violations)


def test_forms_with_errors_and_the_error_pages_have_no_accessibility_violations(browser, live_server, authority):
    violations: list[dict[str, Any]] = []
    no_errors: list[str] = []
    for role in ROLES:
        states = [(name, kwargs) for who, name, kwargs in ERROR_STATES if who == role]
        context = signed_in_context(browser, live_server, user_for(authority, role))
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            for url_name, kwargs in states:
                page.goto(f"{live_server.url}{reverse(url_name, kwargs=kwargs(authority))}")
                page.locator(SUBMIT).last.click()
                page.wait_for_load_state()
                if not page.locator(".govuk-error-summary").count():
                    no_errors.append(f"{url_name} ({role}) sent empty showed no error summary")
                violations += axe_violations(page)
            if role == "worker":
                # Not found (another centre's family) and forbidden (an administrator's screen).
                page.goto(f"{live_server.url}{reverse('families:detail', kwargs={'pk': authority.family_b.pk})}")
                assert "Page not found" in page.content()
                violations += axe_violations(page)
                page.goto(f"{live_server.url}{reverse('centres:audit')}")
                violations += axe_violations(page)
        finally:
            context.close()

    # Signed out: the sign-in page, with and without errors.
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{reverse('login')}")
        violations += axe_violations(page)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector(".govuk-error-summary")
        violations += axe_violations(page)
    finally:
        context.close()
    assert not no_errors, "; ".join(no_errors)
    assert not violations, describe(violations)
