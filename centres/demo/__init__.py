"""The synthetic local authority: `manage.py load_demo --scale demo|large --seed N`.

Deterministic: the same seed, scale and as-of date give the same data. Each issue adds its
own step (reach areas, contacts, referrals, ...) to STEPS; a step writes in batches so that
the large scale (100,000+ children) streams instead of building everything in memory.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from django.contrib.auth.hashers import make_password
from django.db import models

from centres.demo.names import CLUSTERS, FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, LAST_NAMES, STREETS
from centres.models import LSOA, Centre, Cluster, User
from centres.roles import Role

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed by `make run`; demo data only
DEMO_EMAIL_DOMAIN = "demo.invalid"
BATCH_SIZE = 2000

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Scale:
    clusters: int
    centres_per_cluster: int
    families: int
    lsoas_per_centre: int
    unassigned_lsoas: int


SCALES = {
    # Sized so that about three in four resident under-fives are registered, as in a real authority.
    "demo": Scale(clusters=3, centres_per_cluster=3, families=1600, lsoas_per_centre=4, unassigned_lsoas=3),
    # About 1.3 children under five a family: 80,000 families give over 100,000 children, in
    # about 1,000 LSOAs of some 110 under-fives each.
    "large": Scale(clusters=5, centres_per_cluster=4, families=80_000, lsoas_per_centre=66, unassigned_lsoas=40),
}


@dataclass
class DemoContext:
    scale: Scale
    seed: int
    as_of: date
    rng: random.Random
    log: Callable[[str], None]
    centres: list[Centre] = field(default_factory=list)
    lsoas: list[LSOA] = field(default_factory=list)
    lsoa_deciles: dict[int, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)


def batched_create(model: type[M], rows: Iterator[M], batch_size: int | None = None) -> int:
    """bulk_create from an iterator, one batch at a time, so memory stays bounded."""
    batch_size = batch_size or BATCH_SIZE
    total = 0
    batch: list[M] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            model.objects.bulk_create(batch)  # type: ignore[attr-defined]
            total += len(batch)
            batch = []
    if batch:
        model.objects.bulk_create(batch)  # type: ignore[attr-defined]
        total += len(batch)
    return total


def step_centres(ctx: DemoContext) -> None:
    for cluster_name in list(CLUSTERS)[: ctx.scale.clusters]:
        cluster = Cluster.objects.create(name=cluster_name)
        places = CLUSTERS[cluster_name][: ctx.scale.centres_per_cluster]
        main = None
        for index, place in enumerate(places):
            linked = index == len(places) - 1 and main is not None  # the last one is a linked site
            centre = Centre.objects.create(
                name=f"{place} Children's Centre" if not linked else f"{place} (linked site)",
                ofsted_urn=f"{ctx.rng.randint(100000, 999999)}" if not linked else None,
                address=f"{ctx.rng.randint(1, 200)} {place} {ctx.rng.choice(STREETS)}\nDemo Town",
                postcode=f"DT{len(ctx.centres) + 1} {ctx.rng.randint(1, 9)}{ctx.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
                f"{ctx.rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                kind=Centre.Kind.LINKED if linked else Centre.Kind.MAIN,
                main_centre=main if linked else None,
                cluster=cluster,
            )
            main = main or centre
            ctx.centres.append(centre)
    ctx.counts["centres"] = len(ctx.centres)


def step_users(ctx: DemoContext) -> None:
    """One manager per cluster, two workers per main centre, an analyst and an administrator."""
    password = make_password(DEMO_PASSWORD)  # hashed once: hashing is deliberately slow
    users: list[tuple[User, list[Centre]]] = []

    def person(username: str, role: str, centres: list[Centre], **extra: object) -> None:
        first = ctx.rng.choice(FIRST_NAMES_FEMALE + FIRST_NAMES_MALE)
        last = ctx.rng.choice(LAST_NAMES)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            role=role,
            password=password,
            **extra,
        )
        users.append((user, centres))

    clusters: dict[int | None, list[Centre]] = {}
    for centre in ctx.centres:
        clusters.setdefault(centre.cluster_id, []).append(centre)
    for number, centres in enumerate(clusters.values(), start=1):
        person(f"manager{number}", Role.MANAGER, centres, restricted_access=True)
    worker = 0
    for centre in ctx.centres:
        if centre.kind != Centre.Kind.MAIN:
            continue
        sites = [centre, *[c for c in ctx.centres if c.main_centre_id == centre.pk]]
        for _ in range(2):
            worker += 1
            # The first worker of each centre is its safeguarding lead.
            person(f"worker{worker}", Role.WORKER, sites, restricted_access=worker % 2 == 1)
    person("analyst1", Role.ANALYST, [])
    person("admin1", Role.ADMIN, [])
    for user, centres in users:
        user.save()
        user.centres.set(centres)
    ctx.counts["users"] = len(users)


def _age_weighted_birth_date(rng: random.Random, as_of: date) -> date:
    return as_of - timedelta(days=rng.randint(14, 5 * 365 - 30))


def step_families(ctx: DemoContext) -> None:
    from centres.demo.families import step_families as build_families

    build_families(ctx)


def step_areas(ctx: DemoContext) -> None:
    from centres.demo.areas import step_areas as build_areas

    build_areas(ctx)


def step_services(ctx: DemoContext) -> None:
    from centres.demo.services import step_services as build_services

    build_services(ctx)


def step_partnerships(ctx: DemoContext) -> None:
    from centres.demo.partnerships import step_partnerships as build_partnerships

    build_partnerships(ctx)


def step_outcomes(ctx: DemoContext) -> None:
    from centres.demo.outcomes import step_outcomes as build_outcomes

    build_outcomes(ctx)


def step_payment_by_results(ctx: DemoContext) -> None:
    from centres.demo.pbr import step_payment_by_results as build_pbr

    build_pbr(ctx)


STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("centres", step_centres),
    ("areas", step_areas),
    ("users", step_users),
    ("families", step_families),
    ("services", step_services),
    ("partnerships", step_partnerships),
    ("outcomes", step_outcomes),
    ("payment by results", step_payment_by_results),
]


def generate(*, scale: str, seed: int, as_of: date, log: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    ctx = DemoContext(scale=SCALES[scale], seed=seed, as_of=as_of, rng=random.Random(seed), log=log)
    for name, step in STEPS:
        log(f"{name}...")
        step(ctx)
    return ctx.counts
