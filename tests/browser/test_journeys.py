"""Staff journeys in a real browser against the demo local authority (a small run of the same
generator as `make demo`): each role signs in with the sign-in form; a worker registers a family
with a child, finds it again, and makes and closes a referral; a manager opens a dashboard and
drills down to the children behind a figure. Every screen on the way passes axe at WCAG 2.2 AA
and breaks no rule of our Content-Security-Policy, and the main screens are saved as
screenshots (artifacts/screenshots/<role>-<screen>.png) for a person to look over.

These contexts run with the CSP on (no bypass): axe is evaluated through the DevTools protocol,
which the page's CSP does not govern, and any CSP violation the page itself causes is reported
by Chromium on the console and fails the test.
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from centres import demo
from centres.models import Centre, Postcode, User
from families.models import Family
from partnerships.models import Partner, Referral
from tests.browser.axe import axe_violations, describe, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Small enough to build in a couple of seconds, big enough for full lists and real dashboards.
MINI = demo.Scale(clusters=2, centres_per_cluster=2, families=120, lsoas_per_centre=3, unassigned_lsoas=1)


@pytest.fixture
def demo_authority(monkeypatch: pytest.MonkeyPatch) -> dict[str, User]:
    # A transactional test empties the tables after it, data migrations' rows included: put
    # the shipped outcome instruments back (their migration is idempotent).
    importlib.import_module("outcomes.migrations.0003_shipped_instruments").load_instruments(django_apps, None)
    monkeypatch.setitem(demo.SCALES, "browser", MINI)
    demo.generate(scale="browser", seed=5, as_of=timezone.localdate())
    call_command("refresh_indicators", "--periods", "2", stdout=io.StringIO())
    users = User.objects.filter(email__endswith=f"@{demo.DEMO_EMAIL_DOMAIN}")
    return {
        "worker": users.get(username="worker1"),
        "manager": users.get(username="manager1"),
        "analyst": users.get(username="analyst1"),
        "admin": users.get(username="admin1"),
    }


class Screens:
    """One browser page with the checks every screen gets: axe, no CSP violation, a 2xx answer."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.violations: list[dict[str, Any]] = []
        self.csp_errors: list[str] = []
        page.on("console", self._console)

    def _console(self, message: Any) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_errors.append(f"{self.page.url}: {message.text[:300]}")

    def open(self, path: str) -> None:
        response = self.page.goto(f"{self.base_url}{path}")
        assert response is not None and response.ok, f"{path}: {response.status if response else 'no response'}"
        self.check()

    def check(self, shot: str | None = None) -> None:
        self.violations += axe_violations(self.page)
        if shot:
            screenshot(self.page, shot)

    def assert_clean(self) -> None:
        assert not self.csp_errors, "Content-Security-Policy violations:\n" + "\n".join(self.csp_errors)
        assert not self.violations, describe(self.violations)


@pytest.fixture
def screens(browser: Any, live_server: Any) -> Iterator[Screens]:
    # A laptop-sized screen: what most centre and council staff use.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield Screens(page, live_server.url)
    context.close()


def sign_in(screens: Screens, username: str) -> None:
    page = screens.page
    page.goto(f"{screens.base_url}{reverse('login')}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{screens.base_url}/")


def test_each_role_signs_in_and_sees_their_home_page(browser, live_server, demo_authority):
    for role, user in demo_authority.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        screens = Screens(context.new_page(), live_server.url)
        try:
            if role == "worker":
                screens.open(reverse("login"))
                screens.check(shot="signed-out-sign-in")
            sign_in(screens, user.username)
            page = screens.page
            assert user.get_full_name() in page.locator("header").inner_text()
            nav = page.get_by_role("navigation", name="Menu").inner_text()
            # Named families are for centre staff only; the audit trail for administrators.
            assert ("Families" in nav) == (role in ("worker", "manager")), nav
            assert ("Audit trail" in nav) == (role == "admin"), nav
            screens.check(shot=f"{role}-home")
            if role == "admin":
                page.get_by_role("link", name="Two-factor sign-in").click()
                page.get_by_role("link", name="Set up two-factor sign-in").click()
                assert page.locator("svg.app-qr-code").is_visible()
                screens.check(shot="admin-two-factor-setup")
            screens.assert_clean()
        finally:
            context.close()


def test_a_worker_registers_a_family_finds_it_again_and_sees_its_record(screens, demo_authority):
    worker = demo_authority["worker"]
    centre = worker.centres.order_by("pk").first()
    postcode = Postcode.objects.filter(
        lsoa_2021__reach_memberships__reach_area__centre=centre, lsoa_2021__reach_memberships__removed_on__isnull=True
    ).first()
    assert postcode is not None
    sign_in(screens, worker.username)
    page = screens.page

    screens.open(reverse("families:register"))
    screens.check(shot="worker-registration-form")
    page.locator("#id_line_1").fill("7 Larkspur Row")
    page.locator("#id_postcode").fill(postcode.postcode)
    page.locator("#id_adults-0-first_name").fill("Marisol")
    page.locator("#id_adults-0-last_name").fill("Quenby")
    page.locator("#id_adults-0-relationship").select_option("mother")
    page.locator("#id_children-0-first_name").fill("Tamsin")
    page.locator("#id_children-0-last_name").fill("Quenby")
    born = timezone.localdate() - timedelta(days=300)
    page.locator("#id_children-0-date_of_birth").fill(born.strftime("%d/%m/%Y"))
    page.locator("input[name=consents][value=registration]").check()
    page.get_by_role("button", name="Register the family").click()
    page.wait_for_url("**/families/*/")
    family = Family.objects.get(adults__last_name="Quenby")
    assert family.children.get().first_name == "Tamsin"
    assert family.registered_centre == centre
    screens.check(shot="worker-family-record")

    # Later: find the family again from the search page and open its record.
    screens.open(reverse("families:search"))
    page.locator("#q").fill("Quenby")
    page.locator("#q").press("Enter")
    page.wait_for_selector(f"text={family.reference}")
    screens.check(shot="worker-family-search")
    page.get_by_role("link", name=family.reference).click()
    page.wait_for_url(f"**/families/{family.pk}/")
    assert "Tamsin" in page.content()

    # The families list and a session register, as the worker sees them on a normal day.
    screens.open(reverse("families:list"))
    screens.check(shot="worker-family-list")
    from services.models import Contact

    # The latest session that families came to: a register with names on it.
    session = (
        Contact.objects.filter(session__centre__in=worker.centres.all(), date__lt=timezone.localdate())
        .select_related("session")
        .latest("date", "pk")
        .session
    )
    screens.open(reverse("services:register", kwargs={"pk": session.pk}))
    screens.check(shot="worker-session-register")
    screens.assert_clean()


def test_a_worker_records_a_referral_then_contacts_the_family_and_closes_it(screens, demo_authority):
    worker = demo_authority["worker"]
    family = Family.objects.for_user(worker).filter(anonymised_at__isnull=True).order_by("pk").first()
    partner = Partner.objects.filter(active=True).order_by("name").first()
    assert family is not None and partner is not None
    sign_in(screens, worker.username)
    page = screens.page

    screens.open(reverse("partnerships:referrals"))
    screens.check(shot="worker-referrals")
    screens.open(reverse("partnerships:referral_in_add"))
    page.locator("#id_partner").select_option(str(partner.pk))
    page.locator("#id_received_on").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.locator("#id_family_reference").fill(family.reference)
    page.get_by_role("button", name="Record the referral").click()
    page.wait_for_url("**/partnerships/referrals/*/")
    referral = Referral.objects.filter(family=family, partner=partner).latest("pk")
    screens.check(shot="worker-referral")

    page.get_by_role("link", name="Record the first contact").click()
    page.wait_for_url("**/first-contact/")
    screens.check()
    page.locator("form[method=post] button").last.click()
    page.wait_for_url(f"**/partnerships/referrals/{referral.pk}/")

    page.get_by_role("link", name="Close the referral").click()
    page.wait_for_url("**/close/")
    page.locator("input[name=outcome]").first.check()
    screens.check(shot="worker-referral-close")
    page.get_by_role("button", name="Close the referral").click()
    page.wait_for_url(f"**/partnerships/referrals/{referral.pk}/")
    referral.refresh_from_db()
    assert referral.first_contact_on == timezone.localdate()
    assert referral.closed_on == timezone.localdate()
    screens.check()
    screens.assert_clean()


def test_a_manager_opens_a_dashboard_and_drills_down_to_the_children(screens, demo_authority):
    manager = demo_authority["manager"]
    centre = manager.centres.filter(kind=Centre.Kind.MAIN).order_by("pk").first()
    sign_in(screens, manager.username)
    page = screens.page

    screens.open(reverse("indicators:authority"))
    screens.check(shot="manager-dashboard")
    screens.open(reverse("indicators:centre", kwargs={"pk": centre.pk}))
    screens.check(shot="manager-centre-dashboard")
    link = page.locator("main a[href*='/children/']").first
    figure = link.inner_text()
    link.click()
    page.wait_for_url("**/children/**")
    rows = page.locator("main table tbody tr")
    assert rows.count() > 0, f"the drill-down behind {figure!r} lists no children"
    screens.check(shot="manager-drilldown")
    screens.open(reverse("centres:area", kwargs={"pk": centre.pk}))
    screens.check(shot="manager-area-profile")
    screens.assert_clean()


def test_an_analyst_sees_the_authority_in_aggregate(screens, demo_authority):
    sign_in(screens, demo_authority["analyst"].username)
    screens.open(reverse("indicators:authority"))
    screens.check(shot="analyst-dashboard")
    screens.open(reverse("centres:authority_area"))
    screens.check(shot="analyst-area-profile")
    response = screens.page.goto(f"{screens.base_url}{reverse('families:list')}")
    assert response is not None and response.status == 403
    screens.assert_clean()


def test_a_worker_is_refused_a_family_of_another_centre(screens, demo_authority):
    worker = demo_authority["worker"]
    other = Family.objects.exclude(registered_centre__in=worker.centres.all()).order_by("pk").first()
    assert other is not None
    sign_in(screens, worker.username)
    response = screens.page.goto(f"{screens.base_url}{reverse('families:detail', kwargs={'pk': other.pk})}")
    assert response is not None and response.status == 404
    assert "Page not found" in screens.page.content()
    screens.check(shot="worker-not-found")
    screens.assert_clean()


def test_a_worker_with_two_factor_sign_in_gives_a_code_after_the_password(screens, authority, settings):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    device = TOTPDevice.objects.create(user=authority.worker, name="Authenticator app", confirmed=True)
    page = screens.page
    page.goto(f"{screens.base_url}{reverse('families:list')}")
    page.get_by_label("Username").fill("worker")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/two-factor/code/**")
    screens.check()
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_selector(".govuk-error-summary")
    screens.check(shot="worker-two-factor-code-error")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.get_by_label("Code").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/families/")  # on to the page first asked for
    screens.assert_clean()
