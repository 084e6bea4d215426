"""The synthetic local authority: every role gets a login, the data is repeatable, it streams."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import models, transaction

from centres import demo
from centres.models import LSOA, Centre, Postcode, User
from centres.roles import Role
from families.models import Child, Family

AS_OF = date(2026, 11, 1)


def snapshot() -> list[tuple]:
    children = Child.objects.order_by("id")
    rows = list(children.values_list("first_name", "date_of_birth", "family__registered_centre__name"))
    areas = LSOA.objects.order_by("code").values_list(
        "code", "deprivation__imd_rank", "populations__age_2", "reach_memberships__reach_area__centre__name"
    )
    return rows + list(areas)


# The loader's behaviour, not the data's shape, is under test in the tests that take
# `small_demo`: a small authority generates in a fraction of the demo's time.
SMALL = demo.Scale(clusters=2, centres_per_cluster=2, families=300, lsoas_per_centre=3, unassigned_lsoas=1)


@pytest.fixture
def small_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(demo.SCALES, "demo", SMALL)


class _Rollback(Exception):
    pass


def generated(seed: int) -> list[tuple]:
    """The data a seed generates, read back and then rolled away (nothing to delete)."""
    try:
        with transaction.atomic():
            demo.generate(scale="demo", seed=seed, as_of=AS_OF)
            result = snapshot()
            raise _Rollback
    except _Rollback:
        return result


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_another_seed_does_not(small_demo):
    first = generated(7)
    assert not Family.objects.exists()
    assert generated(7) == first
    assert generated(8) != first


@pytest.mark.django_db
def test_the_loader_writes_in_bounded_batches(small_demo, monkeypatch):
    batches: list[int] = []
    real = Child.objects.bulk_create

    def spy(objs, *args, **kwargs):
        batches.append(len(objs))
        return real(objs, *args, **kwargs)

    monkeypatch.setattr(demo, "BATCH_SIZE", 100)
    monkeypatch.setattr(Child.objects, "bulk_create", spy)
    demo.generate(scale="demo", seed=7, as_of=AS_OF)
    # A batch of 100 families has at most three children under five each, and ~1% duplicates.
    assert len(batches) >= 3
    assert max(batches) <= 3 * 110
    assert sum(batches) == Child.objects.count()


@pytest.mark.django_db
def test_make_run_can_be_repeated_without_losing_anything(small_demo, settings):
    settings.DEBUG = True
    call_command("load_demo", "--if-empty", "--seed", "3")
    Family.objects.create(registered_centre=Centre.objects.first())  # work done between runs
    before = (Family.objects.count(), Child.objects.count(), User.objects.count())
    call_command("load_demo", "--if-empty")
    assert (Family.objects.count(), Child.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_the_loader_refuses_a_database_with_data_and_production_settings(small_demo, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("load_demo")
    settings.DEBUG = True
    call_command("load_demo")
    with pytest.raises(CommandError, match="already has centres"):
        call_command("load_demo")


@pytest.mark.django_db
def test_demo_logins_lists_every_demo_account(small_demo, capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("demo_logins")
    out = capsys.readouterr().out
    for username in ("admin1", "analyst1", "manager1", "worker1"):
        assert username in out
    assert demo.DEMO_PASSWORD in out


@pytest.fixture(scope="class")
def seven(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, int]]:
    """One demo authority (seed 7) shared by the read-only tests of the class below, rolled back
    at the end: generating it is the slow part, so it is done once, not once per test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield demo.generate(scale="demo", seed=7, as_of=AS_OF)
        transaction.set_rollback(True)


@pytest.mark.django_db
class TestTheDemoAuthority:
    def test_it_has_a_login_for_every_role_and_children_under_five(self, seven):
        counts = seven
        # The families asked for, and about 1% more: deliberate near-duplicate registrations.
        assert counts["families"] == demo.SCALES["demo"].families + counts["duplicates"]
        assert 0 < counts["duplicates"] < 30
        assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
        for user in User.objects.filter(role__in=[Role.WORKER, Role.MANAGER]):
            assert user.centres.exists()
            assert user.check_password(demo.DEMO_PASSWORD)
        # Under five, but for the older brothers and sisters with a school-readiness result (O2).
        at_school = Child.objects.filter(assessments__instrument__code="EYFS_GLD")
        born = Child.objects.filter(date_of_birth__isnull=False).exclude(pk__in=at_school)
        oldest = born.order_by("date_of_birth").first()
        assert oldest is not None and (AS_OF - oldest.date_of_birth).days < 5 * 365
        assert at_school.exists() and all((AS_OF - c.date_of_birth).days < 8 * 365 for c in at_school)
        assert Child.objects.count() == counts["children"] > counts["families"]

    def test_its_large_scale_reaches_100000_children(self, seven):
        counts = seven
        children_per_family = counts["children"] / counts["families"]
        assert demo.SCALES["large"].families * children_per_family >= 100_000

    def test_it_looks_like_a_deprived_authority(self, seven):
        from django.db.models import Sum

        from centres.models import Deprivation, Population, ReachAreaLSOA
        from centres.postcodes import is_postcode

        lsoas = LSOA.objects.count()
        deprived = Deprivation.objects.filter(imd_decile__lte=3).count()
        assert 0.2 <= deprived / lsoas <= 0.45
        latest = Population.objects.filter(year=AS_OF.year - 2)
        assert latest.count() == lsoas
        for population in latest:
            assert 50 <= population.under_5 <= 160
        # Deprived neighbourhoods are younger: more under-fives per LSOA on average.
        deprived_mean = latest.filter(lsoa__deprivation__imd_decile__lte=3).aggregate(n=Sum("age_0"))["n"] / deprived
        other_mean = latest.filter(lsoa__deprivation__imd_decile__gte=8).aggregate(n=Sum("age_0"))["n"] / max(
            1, Deprivation.objects.filter(imd_decile__gte=8).count()
        )
        assert deprived_mean > other_mean
        assert all(is_postcode(p) for p in Postcode.objects.values_list("postcode", flat=True))
        # Every main centre has a reach area; some LSOAs are in none.
        assert (
            ReachAreaLSOA.objects.values("reach_area").distinct().count() == Centre.objects.filter(kind="main").count()
        )
        assert LSOA.objects.filter(reach_memberships__isnull=True).count() == demo.SCALES["demo"].unassigned_lsoas

    def test_its_families_follow_deprivation_and_mostly_live_in_their_centres_area(self, seven):
        from django.db.models import Q

        from centres.models import ReachAreaLSOA
        from families.models import Address, FamilyTargetGroup

        families = Family.objects.count()
        current = Address.objects.current()
        assert current.count() == families  # everyone has exactly one current address
        assert Address.objects.filter(moved_out__isnull=False).exists()  # some have moved
        in_area = current.filter(
            lsoa__reach_memberships__removed_on__isnull=True,
            lsoa__reach_memberships__reach_area__centre=models.F("family__registered_centre"),
        ).count()
        linked = current.filter(family__registered_centre__kind="linked").count()
        assert (in_area + linked) / families > 0.6

        def share(group: str, deprived: bool) -> float:
            deciles = Q(lsoa__deprivation__imd_decile__lte=3) if deprived else Q(lsoa__deprivation__imd_decile__gte=7)
            living = set(current.filter(deciles).values_list("family_id", flat=True))
            members = FamilyTargetGroup.objects.filter(family_id__in=living, group=group, ended_on__isnull=True)
            return members.count() / max(1, len(living))

        for group in ("lone_parent", "workless", "minority_ethnic"):
            assert share(group, deprived=True) > share(group, deprived=False), group
        assert ReachAreaLSOA.objects.exists()
