"""The demo authority's outcome records: carers' wellbeing and parenting scores before and after
a programme, children's SDQ, school readiness (the EYFS Profile) of older brothers and sisters,
health visitors' breastfeeding answers, healthy weight at reception, and carers' progress into
learning, volunteering or work.

Like the households, they follow deprivation as real data does: lower wellbeing at baseline,
fewer children with a Good Level of Development and less breastfeeding in the most deprived
LSOAs; and children whose families the centres reached do a little better at school. Its own
random stream (from the seed), so adding it leaves the earlier steps' data unchanged.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from centres.models import User
from centres.roles import Role
from families.choices import IN_WORK, Sex
from families.models import Address, Adult, Child, Family
from outcomes.models import AdultProgress, Assessment, HealthRecord, HealthSource, Instrument, ProgressStatus

if TYPE_CHECKING:
    from centres.demo import DemoContext

PROGRAMME_SHARE = 0.14  # engaged families whose carer did a scored programme
SDQ_SHARE = 0.05  # children aged two to four of engaged families assessed on the SDQ
OLDER_SIBLING_SHARE = 0.3  # families with a child who has started school
PROGRESS_SHARE = 0.18  # carers out of work whose progress is followed
# (code, baseline mean in the least deprived areas, fall in the most deprived, SD, mean gain, SD of gain)
PROGRAMMES = [("WEMWBS", 48, 7, 7, 3.5, 6), ("PSOC", 68, 6, 10, 5.0, 8)]


def _deprivation(decile: int) -> float:
    return (10 - decile) / 9


def _clip(value: float, low: float, high: float) -> Decimal:
    return Decimal(round(min(high, max(low, value))))


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def step_outcomes(ctx: DemoContext) -> None:
    from centres.demo import batched_create
    from centres.demo.families import demo_nhs_number

    rng = random.Random(ctx.seed * 7919 + 13)
    as_of = ctx.as_of
    recorder = User.objects.filter(role=Role.WORKER).order_by("pk").values_list("pk", flat=True).first()
    if recorder is None:
        return
    instruments = dict(
        Instrument.objects.filter(code__in=["WEMWBS", "PSOC", "SDQ", "EYFS_GLD"]).values_list("code", "pk")
    )
    homes = dict(Address.objects.filter(moved_out__isnull=True).values_list("family_id", "lsoa_id"))
    carers: dict[int, tuple[int, str, str, str]] = {}
    for pk, family_id, employment, last_name, ethnicity in Adult.objects.order_by("pk").values_list(
        "pk", "family_id", "employment", "last_name", "ethnicity"
    ):
        carers.setdefault(family_id, (pk, employment, last_name, ethnicity))
    children: dict[int, list[tuple[int, date]]] = defaultdict(list)
    for pk, family_id, born in Child.objects.filter(date_of_birth__isnull=False).values_list(
        "pk", "family_id", "date_of_birth"
    ):
        children[family_id].append((pk, born))
    families = list(
        Family.objects.filter(merged_into__isnull=True, anonymised_at__isnull=True)
        .order_by("pk")
        .values_list("pk", "registration_date", "last_contact_on")
    )

    assessments: list[Assessment] = []
    health: list[HealthRecord] = []
    progress: list[AdultProgress] = []
    siblings: list[tuple[Child, float, bool]] = []

    def assess(
        family_id: int,
        code: str,
        time_point: str,
        day: date,
        *,
        adult: int | None = None,
        child: Child | int | None = None,
        score: Decimal | None = None,
        achieved: bool | None = None,
    ) -> None:
        person: dict[str, Child | int | None] = {"child": child} if isinstance(child, Child) else {"child_id": child}
        assessments.append(
            Assessment(
                family_id=family_id,
                adult_id=adult,
                **person,
                instrument_id=instruments[code],
                time_point=time_point,
                assessed_on=day,
                total_score=score,
                achieved=achieved,
                recorded_by_id=recorder,
            )
        )

    for family_id, registered, last_contact in families:
        d = _deprivation(ctx.lsoa_deciles.get(homes.get(family_id) or 0, 5))
        engaged = last_contact is not None and last_contact > registered
        carer = carers.get(family_id)
        if carer and engaged and rng.random() < PROGRAMME_SHARE:
            code, mean, fall, sd, gain, gain_sd = rng.choice(PROGRAMMES)
            low, high = (14, 70) if code == "WEMWBS" else (17, 102)
            start = _day_between(rng, max(registered, as_of - timedelta(days=700)), as_of - timedelta(days=20))
            before = rng.gauss(mean - fall * d, sd)
            assess(family_id, code, "baseline", start, adult=carer[0], score=_clip(before, low, high))
            review = start + timedelta(weeks=rng.randint(8, 12))
            if review <= as_of:
                after = before + rng.gauss(gain * 0.6, gain_sd)
                assess(family_id, code, "review", review, adult=carer[0], score=_clip(after, low, high))
            finish = start + timedelta(weeks=rng.randint(16, 24))
            if finish <= as_of and rng.random() < 0.75:
                after = before + rng.gauss(gain, gain_sd)
                assess(family_id, code, "exit", finish, adult=carer[0], score=_clip(after, low, high))
        for child_id, born in children.get(family_id, []):
            two = born + timedelta(days=730)  # about the second birthday
            if engaged and two <= as_of and rng.random() < SDQ_SHARE:
                start = _day_between(rng, max(two, as_of - timedelta(days=600)), as_of - timedelta(days=10))
                before = rng.gauss(10 + 4 * d, 5)
                assess(family_id, "SDQ", "baseline", start, child=child_id, score=_clip(before, 0, 40))
                later = start + timedelta(weeks=rng.randint(10, 20))
                if later <= as_of:
                    assess(
                        family_id, "SDQ", "exit", later, child=child_id, score=_clip(before - rng.gauss(2, 3), 0, 40)
                    )
            review = born + timedelta(days=56 + rng.randint(0, 14))
            if review <= as_of and born >= as_of - timedelta(days=730):
                answer = "unknown" if rng.random() < 0.12 else ("yes" if rng.random() < 0.58 - 0.22 * d else "no")
                health.append(
                    HealthRecord(
                        child_id=child_id,
                        family_id=family_id,
                        recorded_on=review,
                        breastfeeding_6_8_weeks=answer,
                        source=HealthSource.HEALTH_VISITOR,
                        recorded_by_id=recorder,
                    )
                )
        if carer and rng.random() < OLDER_SIBLING_SHARE:
            # A child who finished reception in June of this year or last: the EYFS Profile.
            year = as_of.year if as_of >= date(as_of.year, 7, 1) else as_of.year - 1
            year -= rng.randint(0, 1)
            born = _day_between(rng, date(year - 6, 9, 1), date(year - 5, 8, 31))
            sibling = Child(
                family_id=family_id,
                first_name=rng.choice(["Amelia", "Noah", "Isla", "Leo", "Zara", "Yusuf"]),
                last_name=carer[2],
                date_of_birth=born,
                sex=rng.choice([Sex.FEMALE, Sex.MALE]),
                ethnicity=carer[3],
                nhs_number=demo_nhs_number(rng),
            )
            siblings.append((sibling, d, engaged))
        if carer and carer[1] not in IN_WORK and rng.random() < PROGRESS_SHARE:
            start = _day_between(rng, max(registered, as_of - timedelta(days=700)), as_of - timedelta(days=30))
            progress.append(
                AdultProgress(
                    adult_id=carer[0],
                    family_id=family_id,
                    recorded_on=start,
                    status=ProgressStatus.NO_CHANGE,
                    baseline=True,
                    recorded_by_id=recorder,
                )
            )
            later = start + timedelta(days=rng.randint(30, 300))
            if later <= as_of:
                moved = rng.random() < 0.35
                status = (
                    rng.choices(
                        [ProgressStatus.LEARNING, ProgressStatus.VOLUNTEERING, ProgressStatus.WORK],
                        weights=[4, 2.5, 3.5],
                    )[0]
                    if moved
                    else ProgressStatus.NO_CHANGE
                )
                progress.append(
                    AdultProgress(
                        adult_id=carer[0],
                        family_id=family_id,
                        recorded_on=later,
                        status=status,
                        recorded_by_id=recorder,
                    )
                )

    batched_create(Child, (sibling for sibling, _, _ in siblings))
    for sibling, d, engaged in siblings:
        if sibling.date_of_birth is None:  # set above; for the type checker
            continue
        year = sibling.date_of_birth.year + (6 if sibling.date_of_birth.month >= 9 else 5)
        good = rng.random() < 0.78 - 0.3 * d + (0.08 if engaged else 0)
        assess(
            sibling.family_id,
            "EYFS_GLD",
            "exit",
            date(year, 6, 30) - timedelta(days=rng.randint(0, 25)),
            child=sibling,
            achieved=good,
        )
        weighed = _day_between(rng, date(year - 1, 10, 1), date(year, 3, 31))
        if weighed <= as_of:
            answer = "unknown" if rng.random() < 0.08 else ("yes" if rng.random() < 0.8 - 0.08 * d else "no")
            health.append(
                HealthRecord(
                    child=sibling,
                    family_id=sibling.family_id,
                    recorded_on=weighed,
                    healthy_weight_reception=answer,
                    source=HealthSource.SCHOOL_NURSE,
                    recorded_by_id=recorder,
                )
            )
    counts = {
        "assessments": batched_create(Assessment, iter(assessments)),
        "health records": batched_create(HealthRecord, iter(health)),
        "progress records": batched_create(AdultProgress, iter(progress)),
        "older children": len(siblings),
    }
    ctx.counts.update(counts)
    # The older brothers and sisters are children of the families too.
    ctx.counts["children"] = ctx.counts.get("children", 0) + len(siblings)
