"""The demo's services: two years of sessions, attendance and targeted work that look like a real
authority's, repeatable, and written in bounded batches."""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F, Max

from centres import demo
from centres.demo import services as demo_services
from centres.models import User
from families.models import Address, Case, Child, Family
from services.models import (
    Booking,
    Budget,
    Contact,
    ContactChild,
    ContactKind,
    DropInVisit,
    Feedback,
    RoomBooking,
    Service,
    Session,
    Spend,
    Volunteer,
)

AS_OF = date(2026, 11, 1)
# Smaller than the demo so that the whole file runs in a few seconds.
TINY = demo.Scale(clusters=2, centres_per_cluster=3, families=700, lsoas_per_centre=6, unassigned_lsoas=2)
BATCH = 400


def generate(monkeypatch: pytest.MonkeyPatch, seed: int = 11) -> dict[str, int]:
    monkeypatch.setitem(demo.SCALES, "tiny", TINY)
    return demo.generate(scale="tiny", seed=seed, as_of=AS_OF)


def snapshot() -> list[Any]:
    contacts = Contact.objects.order_by("id").values_list(
        "date", "kind", "centre__name", "session__service__name", "family__registration_date", "with_adult"
    )
    sessions = Session.objects.order_by("id").values_list("date", "start_time", "centre__name", "venue")
    children = ContactChild.objects.order_by("id").values_list("child__first_name", "contact__date")
    return [list(contacts[:500]), list(sessions[:500]), list(children[:500]), Contact.objects.count()]


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_services_and_attendance():
    """The families once, then the services step twice from the same random state."""
    ctx = demo.DemoContext(scale=TINY, seed=11, as_of=AS_OF, rng=random.Random(11), log=lambda _: None)
    for name, step in demo.STEPS:
        if name == "services":
            break
        step(ctx)
    state = ctx.rng.getstate()
    runs = []
    for _ in range(2):
        ctx.rng.setstate(state)
        with transaction.atomic():
            demo_services.step_services(ctx)
            runs.append([dict(ctx.counts), *snapshot()])
            transaction.set_rollback(True)
    assert runs[0][-1] > 5000
    assert runs[1] == runs[0]


@dataclass
class Loaded:
    counts: dict[str, int]
    batches: list[int]


@pytest.fixture(scope="class")
def loaded(django_db_setup: None, django_db_blocker: Any) -> Iterator[Loaded]:
    """One generation shared by the read-only tests below, rolled back at the end."""
    batches: list[int] = []
    with django_db_blocker.unblock(), transaction.atomic():
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(demo_services.simulation, "CONTACT_BATCH", BATCH)
            real = demo_services.Rows.write

            def spy(rows: demo_services.Rows, batch: list[tuple[Any, ...]]) -> None:
                if rows.model is Contact:
                    batches.append(len(batch))
                real(rows, batch)

            monkeypatch.setattr(demo_services.Rows, "write", spy)
            counts = generate(monkeypatch)
        yield Loaded(counts, batches)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("loaded")
class TestTwoYearsOfServices:
    def test_attendance_is_recorded_for_past_sessions_only(self):
        attended = Contact.objects.filter(kind=ContactKind.SESSION)
        assert attended.count() > 5000
        assert not attended.filter(session__date__gte=AS_OF).exists()
        assert not attended.exclude(date=F("session__date")).exists()
        assert not attended.filter(session__cancelled=True).exists()
        assert not Contact.objects.filter(date__gte=AS_OF).exists()
        # The timetable runs on for four weeks, and back two years.
        assert Session.objects.filter(date__gte=AS_OF + timedelta(days=21)).exists()
        assert Session.objects.filter(date__lt=AS_OF - timedelta(days=700)).exists()

    def test_no_family_is_on_a_register_twice(self):
        twice = Contact.objects.filter(session__isnull=False).values("session", "family").annotate(n=Count("id"))
        assert not twice.filter(n__gt=1).exists()

    def test_children_who_came_are_under_five_that_day_and_of_the_family(self):
        links = ContactChild.objects.values_list(
            "contact__family_id", "child__family_id", "child__date_of_birth", "contact__date"
        )
        assert links.count() > 5000
        for contact_family, child_family, born, day in links:
            assert contact_family == child_family
            assert born is not None and born <= day
            assert day < date(born.year + 5, born.month, 28 if (born.month, born.day) == (2, 29) else born.day)

    def test_families_come_once_registered_and_sessions_are_not_overfilled(self):
        converted = set(
            DropInVisit.objects.filter(converted_family__isnull=False).values_list("session", "converted_family")
        )
        early = Contact.objects.filter(date__lt=F("family__registration_date")).values_list("session", "family")
        assert set(early) <= converted  # only drop-in visitors who registered afterwards
        over = Session.objects.annotate(n=Count("contacts")).filter(n__gt=F("capacity"))
        assert not over.exists()
        full = Session.objects.annotate(n=Count("contacts")).filter(n=F("capacity"), date__lt=AS_OF)
        assert full.exists()  # popular slots do fill up

    def test_sessions_are_run_by_workers_of_the_centre(self):
        workers = defaultdict(set)
        for user_id, centre_id in User.centres.through.objects.values_list("user_id", "centre_id"):
            workers[centre_id].add(user_id)
        for worker, centre in Contact.objects.filter(kind=ContactKind.SESSION).values_list("worker", "centre")[:2000]:
            assert worker in workers[centre]

    def test_engagement_differs_by_lsoa(self):
        """The share of registered under-fives reached in the last quarter varies across LSOAs."""
        start = AS_OF - timedelta(days=91)
        reached_families = set(
            Contact.objects.filter(date__gte=start, with_adult=True).values_list("family", flat=True)
        )
        reached_children = set(ContactChild.objects.filter(contact__date__gte=start).values_list("child", flat=True))
        homes = dict(Address.objects.current().values_list("family_id", "lsoa_id"))
        children = Child.objects.filter(
            date_of_birth__gt=AS_OF - timedelta(days=5 * 365), date_of_birth__lte=AS_OF,
            family__registration_date__lte=AS_OF,
        )  # fmt: skip
        by_lsoa: dict[int, list[bool]] = defaultdict(list)
        for child_id, family_id in children.values_list("id", "family_id"):
            by_lsoa[homes[family_id]].append(child_id in reached_children or family_id in reached_families)
        shares = [sum(r) / len(r) for r in by_lsoa.values() if len(r) >= 15]
        assert len(shares) >= 10
        assert max(shares) - min(shares) >= 0.25
        overall = sum(sum(r) for r in by_lsoa.values()) / sum(len(r) for r in by_lsoa.values())
        assert 0.35 <= overall <= 0.75

    def test_last_contact_on_is_each_familys_latest_contact(self):
        latest = Family.objects.annotate(latest=Max("contacts__date")).filter(latest__isnull=False)
        assert latest.count() > 0.6 * Family.objects.count()
        assert not latest.exclude(last_contact_on=F("latest")).exists()

    def test_contacts_are_written_in_bounded_batches(self, loaded):
        assert max(loaded.batches) <= BATCH
        assert sum(loaded.batches) == Contact.objects.count() == loaded.counts["contacts"]
        assert len(loaded.batches) >= Contact.objects.count() // BATCH

    def test_targeted_work_courses_and_partners(self):
        assert Case.objects.exists()
        cases = Case.objects.filter(family__addresses__moved_out__isnull=True)
        deprived = cases.filter(family__addresses__lsoa__deprivation__imd_decile__lte=3).count()
        assert deprived > cases.count() / 2  # most key-work is in the deprived areas
        assert Contact.objects.filter(kind=ContactKind.HOME_VISIT).exclude(notes="").exists()
        courses = Service.objects.filter(booking_required=True)
        assert set(courses.values_list("evidence_rating", flat=True)) == {"2", "3", "4"}
        assert Booking.objects.filter(status=Booking.Status.WAITING).exists()
        booked = Booking.objects.filter(status=Booking.Status.BOOKED, series__first_date__lt=AS_OF - timedelta(70))
        attended = Contact.objects.filter(
            session__series__bookings__in=booked, family=F("session__series__bookings__family")
        )
        assert attended.exists()
        assert Service.objects.filter(provider_partner__kind="health_visiting", category="health").exists()
        assert Service.objects.filter(charge="fee", fee=2, concession_fee=1).exists()
        assert DropInVisit.objects.filter(converted_family__isnull=False).exists()

    def test_hub_expertise_parents_and_money(self):
        for room in RoomBooking.objects.values_list("room", flat=True).distinct():
            times = sorted(RoomBooking.objects.filter(room=room, cancelled=False).values_list("starts_at", "ends_at"))
            assert all(a[1] <= b[0] for a, b in itertools.pairwise(times))
        assert Volunteer.objects.filter(adult__isnull=False).exists()
        scores = list(Feedback.objects.values_list("satisfaction", flat=True))
        assert sum(1 for s in scores if s >= 4) / len(scores) > 0.7
        assert Budget.objects.values("financial_year").distinct().count() >= 3
        assert Spend.objects.filter(amount__gt=0).exists()
        assert not Spend.objects.filter(date__gte=AS_OF.replace(day=1)).exists()
