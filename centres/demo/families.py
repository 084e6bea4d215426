"""The demo authority's households: where they live, who they are, and what they agreed to.

Characteristics follow deprivation as real data does: in the most deprived LSOAs more lone
parents, workless households, teenage parents, families in temporary accommodation and
children eligible for funded early education at two; a more diverse ethnic mix in the
deprived inner areas. A few records are deliberate near-duplicates (the same child
registered twice with a misspelt name), and some families have moved within the authority.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from centres.demo.names import NAMES_BY_BACKGROUND, STREETS
from centres.models import Centre, Postcode, ReachAreaLSOA, User
from centres.roles import Role
from families.choices import Employment, Ethnicity, Learning, Relationship, Sex
from families.models import Address, Adult, Child, Consent, ConsentPurpose, Family
from families.nhs import nhs_check_digit
from families.target_groups import target_groups_refresh

if TYPE_CHECKING:
    from centres.demo import DemoContext

# Ethnicity by background, and how common each background is (per cent) in the least and the
# most deprived areas of an English city (Census 2021 gives this shape).
BACKGROUNDS = {
    "british": [(Ethnicity.WHITE_BRITISH, 1.0)],
    "south_asian": [
        (Ethnicity.ASIAN_PAKISTANI, 0.45),
        (Ethnicity.ASIAN_INDIAN, 0.3),
        (Ethnicity.ASIAN_BANGLADESHI, 0.25),
    ],
    "african": [(Ethnicity.BLACK_AFRICAN, 0.85), (Ethnicity.MIXED_WHITE_BLACK_AFRICAN, 0.15)],
    "caribbean": [(Ethnicity.BLACK_CARIBBEAN, 0.6), (Ethnicity.MIXED_WHITE_BLACK_CARIBBEAN, 0.4)],
    "polish": [(Ethnicity.WHITE_OTHER, 1.0)],
}
MIX_LEAST_DEPRIVED = {"british": 82, "south_asian": 8, "african": 4, "caribbean": 2, "polish": 4}
MIX_MOST_DEPRIVED = {"british": 48, "south_asian": 22, "african": 13, "caribbean": 7, "polish": 10}
EAL_BACKGROUNDS = {"south_asian": 0.55, "african": 0.35, "polish": 0.8}
CONSENT_RATES = {
    ConsentPurpose.SHARE_HEALTH: 0.85,
    ConsentPurpose.SHARE_SOCIAL_CARE: 0.6,
    ConsentPurpose.CONTACT: 0.9,
    ConsentPurpose.PHOTOGRAPHS: 0.7,
}
STREET_NAMES = ["Mill", "Church", "Station", "Park", "Victoria", "Albert", "Canal", "Brook"]
OUT_OF_AREA_SHARE = 0.08
DUPLICATE_SHARE = 0.01
MOVED_SHARE = 0.08


@dataclass
class Place:
    lsoa_id: int
    decile: int
    centre_id: int | None
    postcodes: list[str]


def _deprivation(decile: int) -> float:
    """0 in the least deprived decile, 1 in the most deprived."""
    return (10 - decile) / 9


def _background(rng: random.Random, decile: int) -> str:
    d = _deprivation(decile)
    weights = [MIX_LEAST_DEPRIVED[b] * (1 - d) + MIX_MOST_DEPRIVED[b] * d for b in BACKGROUNDS]
    return rng.choices(list(BACKGROUNDS), weights=weights)[0]


def _ethnicity(rng: random.Random, background: str) -> str:
    options = BACKGROUNDS[background]
    return rng.choices([e for e, _ in options], weights=[w for _, w in options])[0]


def demo_nhs_number(rng: random.Random) -> str:
    while True:
        first = f"{rng.randint(400_000_000, 499_999_999)}"
        check = nhs_check_digit(first)
        if check is not None:
            return f"{first}{check}"


def _places(ctx: DemoContext) -> list[Place]:
    centres = dict(
        ReachAreaLSOA.objects.filter(removed_on__isnull=True).values_list("lsoa_id", "reach_area__centre_id")
    )
    postcodes: dict[int, list[str]] = {}
    for lsoa_id, postcode in Postcode.objects.filter(lsoa_2021__in=ctx.lsoas).values_list("lsoa_2021_id", "postcode"):
        postcodes.setdefault(lsoa_id, []).append(postcode)
    return [
        Place(lsoa.pk, ctx.lsoa_deciles[lsoa.pk], centres.get(lsoa.pk), sorted(postcodes.get(lsoa.pk, [])))
        for lsoa in ctx.lsoas
    ]


def step_families(ctx: DemoContext) -> None:
    rng = ctx.rng
    places = _places(ctx)
    # More children live in the deprived, younger neighbourhoods: weight LSOAs by that.
    weights = [60 + 8 * (10 - p.decile) for p in places]
    open_centres = [c for c in ctx.centres if c.status == Centre.Status.OPEN]
    sites = {c.pk: [c.pk, *[s.pk for s in ctx.centres if s.main_centre_id == c.pk]] for c in ctx.centres}
    workers: dict[int, list[int]] = {}
    for user_id, centre_id in User.centres.through.objects.filter(user__role=Role.WORKER).values_list(
        "user_id", "centre_id"
    ):
        workers.setdefault(centre_id, []).append(user_id)
    recorder = User.objects.filter(role=Role.WORKER).order_by("pk").first()

    made = {"families": 0, "adults": 0, "children": 0, "moves": 0, "duplicates": 0}
    remaining = ctx.scale.families
    from centres.demo import BATCH_SIZE

    while remaining > 0:
        size = min(BATCH_SIZE, remaining)
        remaining -= size
        with transaction.atomic():
            plans = [_plan(ctx, rng, rng.choices(places, weights=weights)[0], places) for _ in range(size)]
            duplicates = [
                _near_duplicate(rng, plan) for plan in plans if plan.adults and rng.random() < DUPLICATE_SHARE
            ]
            plans += duplicates
            families = []
            for plan in plans:
                home_centre = plan.place.centre_id
                if home_centre is None or rng.random() < OUT_OF_AREA_SHARE:
                    home_centre = rng.choice(open_centres).pk
                centre_id = rng.choice(sites.get(home_centre, [home_centre]))
                key_workers = workers.get(centre_id, [])
                families.append(
                    Family(
                        registered_centre_id=centre_id,
                        registration_date=plan.registered,
                        last_contact_on=plan.registered,
                        temporary_accommodation=plan.temporary,
                        key_worker_id=rng.choice(key_workers) if key_workers and rng.random() < 0.3 else None,
                    )
                )
            Family.objects.bulk_create(families)
            for family, plan in zip(families, plans, strict=True):
                plan.family = family
            Address.objects.bulk_create(list(_addresses(rng, plans, places)))
            Adult.objects.bulk_create([a for plan in plans for a in plan.adult_rows()])
            Child.objects.bulk_create([c for plan in plans for c in plan.child_rows()])
            if recorder is not None:
                Consent.objects.bulk_create(list(_consents(rng, plans, recorder)))
            target_groups_refresh(family_ids=[f.pk for f in families], on=ctx.as_of)
        made["families"] += len(plans)
        made["adults"] += sum(len(p.adults) for p in plans)
        made["children"] += sum(len(p.children) for p in plans)
        made["moves"] += sum(1 for p in plans if p.moved_on)
        made["duplicates"] += len(duplicates)
        ctx.log(f"  families: {made['families']:,} of about {ctx.scale.families:,}")
    ctx.counts.update(made)


@dataclass
class Plan:
    place: Place
    registered: date
    temporary: bool
    adults: list[dict[str, object]]
    children: list[dict[str, object]]
    moved_on: date | None = None
    family: Family | None = None

    def adult_rows(self) -> Iterator[Adult]:
        for data in self.adults:
            yield Adult(family=self.family, **data)

    def child_rows(self) -> Iterator[Child]:
        for data in self.children:
            yield Child(family=self.family, **data)


def _plan(ctx: DemoContext, rng: random.Random, place: Place, places: list[Place]) -> Plan:
    d = _deprivation(place.decile)
    as_of = ctx.as_of
    background = _background(rng, place.decile)
    first_f, first_m, surnames = NAMES_BY_BACKGROUND[background]
    surname = rng.choice(surnames)
    lone = rng.random() < 0.17 + 0.2 * d
    workless = rng.random() < 0.07 + 0.25 * d
    teenage = rng.random() < 0.01 + 0.05 * d
    eal = rng.random() < EAL_BACKGROUNDS.get(background, 0.0)
    # Children: the youngest born in the last five years (or expected), older ones before.
    count = rng.choices([1, 2, 3], weights=[58, 32, 10])[0]
    youngest_age = rng.randint(0, 5 * 365 - 40)
    births = sorted((youngest_age + i * rng.randint(400, 900) for i in range(count)), reverse=True)
    expected = rng.random() < 0.02
    children: list[dict[str, object]] = []
    for i, days_old in enumerate(births):
        born = as_of - timedelta(days=days_old)
        if days_old >= 5 * 365 - 10:  # an older sibling: not registered as an under-five
            continue
        sex = rng.choice([Sex.FEMALE, Sex.MALE])
        age = (as_of - born).days / 365.25
        eligible_two = 2 <= age < 3 and rng.random() < 0.1 + 0.5 * d
        unborn = expected and i == len(births) - 1
        children.append(
            {
                "first_name": "" if unborn else rng.choice(first_f if sex == Sex.FEMALE else first_m),
                "last_name": surname,
                "date_of_birth": None if unborn else born,
                "expected_date": as_of + timedelta(days=rng.randint(20, 200)) if unborn else None,
                "sex": Sex.UNKNOWN if unborn else sex,
                "ethnicity": _ethnicity(rng, background),
                "nhs_number": demo_nhs_number(rng) if not unborn and rng.random() < 0.7 else "",
                "send": not unborn and rng.random() < 0.03 + 0.03 * d,
                "funded_two_eligible": eligible_two,
                "funded_two_taken_up": eligible_two and rng.random() < 0.75,
                "child_in_need": rng.random() < 0.01 + 0.03 * d,
                "child_protection_plan": rng.random() < 0.003 + 0.01 * d,
                "looked_after": rng.random() < 0.002 + 0.004 * d,
            }
        )
    if not children:  # every older sibling: register the family for its youngest instead
        children.append({**_newborn(rng, as_of, surname, first_f, first_m, background)})
    first_birth: date = min(_birth(c) for c in children)
    mother_age = rng.randint(16, 19) if teenage else max(20, min(45, round(rng.gauss(30 - 2 * d, 5))))
    mother_born = first_birth - timedelta(days=mother_age * 365 + rng.randint(0, 364))
    adults: list[dict[str, object]] = [
        {
            "first_name": rng.choice(first_f),
            "last_name": surname,
            "date_of_birth": mother_born,
            "sex": Sex.FEMALE,
            "relationship": Relationship.MOTHER,
            "ethnicity": _ethnicity(rng, background),
            "employment": rng.choice([Employment.UNEMPLOYED, Employment.NOT_WORKING])
            if workless
            else rng.choices([Employment.EMPLOYED, Employment.SELF_EMPLOYED, Employment.NOT_WORKING], [60, 8, 32])[0],
            "learning": rng.choices([Learning.NONE, Learning.COURSE, Learning.VOLUNTEERING], [85, 10, 5])[0],
            "english_additional_language": eal,
            "disabled": rng.random() < 0.06,
        }
    ]
    if not lone:
        adults.append(
            {
                "first_name": rng.choice(first_m),
                "last_name": surname,
                "date_of_birth": mother_born - timedelta(days=rng.randint(0, 6 * 365)),
                "sex": Sex.MALE,
                "relationship": Relationship.FATHER,
                "ethnicity": _ethnicity(rng, background),
                "employment": Employment.UNEMPLOYED
                if workless
                else rng.choices([Employment.EMPLOYED, Employment.SELF_EMPLOYED, Employment.UNEMPLOYED], [82, 12, 6])[
                    0
                ],
                "learning": Learning.NONE,
                "english_additional_language": eal and rng.random() < 0.8,
                "disabled": rng.random() < 0.05,
            }
        )
    # Registered soon after the first birth (or during pregnancy), never in the future.
    earliest = max(first_birth - timedelta(days=90), as_of - timedelta(days=5 * 365))
    registered = min(as_of, earliest + timedelta(days=int(abs(rng.gauss(0, 120)))))
    moved_on = None
    if rng.random() < MOVED_SHARE and (as_of - registered).days > 60:
        moved_on = registered + timedelta(days=rng.randint(30, (as_of - registered).days))
    return Plan(
        place=place,
        registered=registered,
        temporary=rng.random() < 0.005 + 0.04 * d,
        adults=adults,
        children=children,
        moved_on=moved_on,
    )


def _birth(child: dict[str, object]) -> date:
    day = child["date_of_birth"] or child["expected_date"]
    assert isinstance(day, date)  # noqa: S101 - every planned child has one or the other
    return day


def _newborn(
    rng: random.Random, as_of: date, surname: str, first_f: list[str], first_m: list[str], background: str
) -> dict[str, object]:
    sex = rng.choice([Sex.FEMALE, Sex.MALE])
    return {
        "first_name": rng.choice(first_f if sex == Sex.FEMALE else first_m),
        "last_name": surname,
        "date_of_birth": as_of - timedelta(days=rng.randint(10, 300)),
        "sex": sex,
        "ethnicity": _ethnicity(rng, background),
    }


# Misspellings staff make when they re-register a family they could not find.
VARIANTS = {"Muhammad": "Mohammed", "Zofia": "Sofia", "Aisha": "Ayesha", "Jakub": "Jacob", "Chidi": "Chidy"}


def _near_duplicate(rng: random.Random, plan: Plan) -> Plan:
    """The same family registered again: a first name misspelt, no NHS number, a later date."""
    children = [dict(c) for c in plan.children]
    for child in children:
        name = str(child["first_name"])
        child["first_name"] = VARIANTS.get(name, name[:-1] + "e" if len(name) > 3 else name)
        child["nhs_number"] = ""
    return Plan(
        place=plan.place,
        registered=plan.registered + timedelta(days=rng.randint(30, 200)),
        temporary=plan.temporary,
        adults=[dict(a) for a in plan.adults[:1]],
        children=children,
    )


def _addresses(rng: random.Random, plans: list[Plan], places: list[Place]) -> Iterator[Address]:
    for plan in plans:
        place = plan.place
        if plan.moved_on is not None:
            before = rng.choice(places)
            yield _address(rng, plan, before, plan.registered, plan.moved_on)
            yield _address(rng, plan, place, plan.moved_on, None)
        else:
            yield _address(rng, plan, place, plan.registered, None)


def _address(rng: random.Random, plan: Plan, place: Place, moved_in: date, moved_out: date | None) -> Address:
    return Address(
        family=plan.family,
        line_1=f"{rng.randint(1, 180)} {rng.choice(STREET_NAMES)} {rng.choice(STREETS)}",
        town="Demo Town",
        postcode=rng.choice(place.postcodes) if place.postcodes else "",
        lsoa_id=place.lsoa_id,
        moved_in=moved_in,
        moved_out=moved_out,
    )


def _consents(rng: random.Random, plans: list[Plan], recorder: User) -> Iterator[Consent]:
    for plan in plans:
        yield Consent(
            family=plan.family,
            purpose=ConsentPurpose.REGISTRATION,
            agreed=True,
            recorded_on=plan.registered,
            recorded_by=recorder,
        )
        for purpose, rate in CONSENT_RATES.items():
            if rng.random() < rate:
                withdrawn = purpose == ConsentPurpose.SHARE_HEALTH and rng.random() < 0.03
                yield Consent(
                    family=plan.family,
                    purpose=purpose,
                    agreed=True,
                    recorded_on=plan.registered,
                    recorded_by=recorder,
                    withdrawn_on=plan.registered + timedelta(days=90) if withdrawn else None,
                    withdrawn_by=recorder if withdrawn else None,
                )
