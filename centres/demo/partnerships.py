"""The demo authority's partnership working (strand 8): partners and their information-sharing
agreements, referrals in and out with realistic delays to the first contact, a few early help
assessments, and birth notifications from health, most (not all) of them for babies the
centres have registered. The births go through the real import (partnerships.births), so the
demo exercises the matching staff rely on.

Safe to run on a database that already has partners (they are found by name): the demo of
another seed after a test's wipe, say.
"""

from __future__ import annotations

import csv
import io
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction

from centres.demo.names import FIRST_NAMES_FEMALE, LAST_NAMES
from centres.models import Postcode, ReachAreaLSOA, User
from centres.roles import Role
from families.choices import Relationship, Sex
from families.models import Adult, Child, Consent, ConsentPurpose, Family
from families.nhs import nhs_check_digit
from partnerships.births import birth_import_file
from partnerships.models import (
    AssessmentOutcome,
    DataCategory,
    Direction,
    EarlyHelpAssessment,
    InformationSharingAgreement,
    LawfulBasis,
    Partner,
    PartnerKind,
    Referral,
    ReferralOutcome,
    ReferralReason,
    ReferralStatus,
    SpecialCategoryCondition,
    TAFMeeting,
    TAFMember,
    Urgency,
)
from partnerships.models.referrals import days_between
from partnerships.services.referrals import consent_purpose_for

if TYPE_CHECKING:
    from centres.demo import DemoContext

# (name, kind, weight as a source of referrals in, weight as a destination of referrals out).
# Four of them provide services too (centres/demo/services/catalogue.py creates them first, by these names).
PARTNERS = [
    ("Demo Community Health NHS Trust (health visiting)", PartnerKind.HEALTH_VISITING, 35, 15),
    ("Demo Hospital Midwifery Team", PartnerKind.MIDWIFERY, 10, 2),
    ("Canal Street Surgery", PartnerKind.GP, 6, 3),
    ("Victoria Medical Practice", PartnerKind.GP, 4, 3),
    ("Demo Borough Children's Social Care", PartnerKind.SOCIAL_CARE, 15, 8),
    ("Jobcentre Plus, Demo Town", PartnerKind.JOBCENTRE, 4, 14),
    ("Mill Lane Primary School", PartnerKind.SCHOOL, 6, 2),
    ("St Mary's Primary School", PartnerKind.SCHOOL, 4, 2),
    ("Little Acorns Day Nursery", PartnerKind.EARLY_YEARS, 3, 12),
    ("Home-Start Demo Town", PartnerKind.VOLUNTARY, 6, 14),
    ("Demo Town Foodbank", PartnerKind.VOLUNTARY, 2, 6),
    ("Demo Borough Breastfeeding Network", PartnerKind.VOLUNTARY, 1, 4),
    ("Demo Borough Housing Options", PartnerKind.HOUSING, 5, 9),
    ("Demo Borough Adult and Community Learning", PartnerKind.ADULT_LEARNING, 0, 12),
]
# Partners with no agreement in force, so that the screens have something to warn about.
NO_AGREEMENT = {"Demo Town Foodbank"}
EXPIRED_AGREEMENT = {"Jobcentre Plus, Demo Town"}
REASONS: dict[str, list[str]] = {
    PartnerKind.HEALTH_VISITING: [ReferralReason.PARENTING, ReferralReason.CHILD_DEVELOPMENT, ReferralReason.HEALTH],
    PartnerKind.MIDWIFERY: [ReferralReason.PARENTING, ReferralReason.MENTAL_HEALTH, ReferralReason.HEALTH],
    PartnerKind.GP: [ReferralReason.MENTAL_HEALTH, ReferralReason.HEALTH],
    PartnerKind.SOCIAL_CARE: [ReferralReason.EARLY_HELP, ReferralReason.DOMESTIC_ABUSE, ReferralReason.PARENTING],
    PartnerKind.JOBCENTRE: [ReferralReason.EMPLOYMENT, ReferralReason.MONEY],
    PartnerKind.SCHOOL: [ReferralReason.SPEECH_LANGUAGE, ReferralReason.PARENTING],
    PartnerKind.EARLY_YEARS: [ReferralReason.CHILD_DEVELOPMENT, ReferralReason.SPEECH_LANGUAGE],
    PartnerKind.VOLUNTARY: [ReferralReason.PARENTING, ReferralReason.MONEY, ReferralReason.MENTAL_HEALTH],
    PartnerKind.HOUSING: [ReferralReason.HOUSING],
    PartnerKind.ADULT_LEARNING: [ReferralReason.EMPLOYMENT],
}
REFERRAL_SHARE = 0.12  # of families, a referral in the last year
INBOUND_SHARE = 0.6
URGENT_SHARE = 0.15
NEVER_CONTACTED = 0.08
EARLY_HELP_SHARE = 0.05  # of the families with a key worker
NOTIFIED_SHARE = 0.92  # of the registered babies born in the last year
UNREGISTERED_BIRTHS = 0.25  # per registered baby notified: babies no centre knows yet
MISSPELT_SURNAME = 0.05


@dataclass(frozen=True)
class DemoPartner:
    partner: Partner
    in_weight: int
    out_weight: int
    agreement: InformationSharingAgreement | None


def step_partnerships(ctx: DemoContext) -> None:
    partners = _partners(ctx)
    with transaction.atomic():
        ctx.counts["referrals"] = _referrals(ctx, partners)
        ctx.counts["early_help_assessments"] = _early_help(ctx, partners)
    notified, matched = _births(ctx)
    ctx.counts["birth_notifications"] = notified
    ctx.counts["births_matched"] = matched


def _partners(ctx: DemoContext) -> list[DemoPartner]:
    found: list[DemoPartner] = []
    for name, kind, in_weight, out_weight in PARTNERS:
        partner, _ = Partner.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "contact_name": f"{ctx.rng.choice(FIRST_NAMES_FEMALE)} {ctx.rng.choice(LAST_NAMES)}",
            },
        )
        agreement = None
        if name not in NO_AGREEMENT:
            expired = name in EXPIRED_AGREEMENT
            health = kind in (PartnerKind.HEALTH_VISITING, PartnerKind.MIDWIFERY, PartnerKind.GP)
            agreement, _ = InformationSharingAgreement.objects.get_or_create(
                partner=partner,
                title=f"Information sharing between the children's centres and {name}",
                defaults={
                    "scope": [DataCategory.CONTACT, DataCategory.HOUSEHOLD, DataCategory.CHILDREN]
                    + ([DataCategory.HEALTH, DataCategory.BIRTHS] if health else []),
                    "lawful_basis": LawfulBasis.PUBLIC_TASK,
                    "special_category_condition": SpecialCategoryCondition.HEALTH_SOCIAL_CARE if health else "",
                    "starts_on": ctx.as_of - timedelta(days=3 * 365),
                    "ends_on": ctx.as_of - timedelta(days=120) if expired else None,
                    "document_reference": f"ISA-{len(found) + 1:03d}",
                },
            )
        found.append(DemoPartner(partner, in_weight, out_weight, agreement))
    ctx.counts["partners"] = len(found)
    return found


def _delay(rng: random.Random, urgent: bool) -> int:
    """Days to the first contact: within a few days when urgent; else a long tail around a week."""
    if urgent:
        return rng.randint(0, 3)
    return min(60, int(rng.lognormvariate(math.log(6), 0.7)))


def _referrals(ctx: DemoContext, partners: list[DemoPartner]) -> int:
    from centres.demo import batched_create

    rng, as_of = ctx.rng, ctx.as_of
    workers: dict[int, list[int]] = {}
    for user_id, centre_id in User.centres.through.objects.filter(user__role=Role.WORKER).values_list(
        "user_id", "centre_id"
    ):
        workers.setdefault(centre_id, []).append(user_id)
    fallback_worker = User.objects.filter(role=Role.WORKER).order_by("pk").values_list("pk", flat=True).first()
    if fallback_worker is None:
        return 0
    consenting: dict[str, set[int]] = {
        purpose: set(
            Consent.objects.filter(purpose=purpose, agreed=True, withdrawn_on__isnull=True).values_list(
                "family_id", flat=True
            )
        )
        for purpose in (ConsentPurpose.SHARE_HEALTH, ConsentPurpose.SHARE_SOCIAL_CARE)
    }
    families = Family.objects.active().order_by("pk").values_list("pk", "registered_centre_id", "registration_date")

    def rows():
        for family_id, centre_id, registered in families.iterator(chunk_size=2000):
            if rng.random() >= REFERRAL_SHARE:
                continue
            first_day = max(registered, as_of - timedelta(days=365))
            if first_day > as_of:
                continue
            direction = Direction.IN if rng.random() < INBOUND_SHARE else Direction.OUT
            weights = [p.in_weight if direction == Direction.IN else p.out_weight for p in partners]
            chosen = rng.choices(partners, weights=weights)[0]
            purpose = consent_purpose_for(chosen.partner.kind)
            if direction == Direction.OUT and purpose and family_id not in consenting[purpose]:
                continue  # no consent: the worker would not have been allowed to send it
            made = first_day + timedelta(days=rng.randint(0, (as_of - first_day).days))
            yield _referral(rng, as_of, chosen, direction, family_id, centre_id, made, workers, fallback_worker)

    return batched_create(Referral, rows())


def _referral(
    rng: random.Random,
    as_of: date,
    chosen: DemoPartner,
    direction: str,
    family_id: int,
    centre_id: int,
    made: date,
    workers: dict[int, list[int]],
    fallback_worker: int,
) -> Referral:
    urgent = rng.random() < URGENT_SHARE
    contact = None if rng.random() < NEVER_CONTACTED else made + timedelta(days=_delay(rng, urgent))
    contact = contact if contact is not None and contact <= as_of else None
    accepted = None
    if contact is not None:
        accepted = made + timedelta(days=rng.randint(0, (contact - made).days))
    elif (as_of - made).days > 2 and rng.random() < 0.5:
        accepted = made + timedelta(days=rng.randint(0, min(5, (as_of - made).days)))
    closed, outcome = None, ""
    if contact is not None and (as_of - contact).days > 20 and rng.random() < 0.7:
        closed = contact + timedelta(days=rng.randint(20, max(20, min(120, (as_of - contact).days))))
        outcome = rng.choices(
            [ReferralOutcome.SUPPORTED, ReferralOutcome.ENGAGED, ReferralOutcome.REFERRED_ON, ReferralOutcome.DECLINED],
            weights=[45, 35, 10, 10],
        )[0]
    elif contact is None and (as_of - made).days > 30:
        closed = made + timedelta(days=rng.randint(21, 30))
        outcome = rng.choice([ReferralOutcome.NO_CONTACT, ReferralOutcome.DECLINED, ReferralOutcome.NOT_ACCEPTED])
    if closed is not None:
        status = ReferralStatus.CLOSED
    elif contact is not None:
        status = ReferralStatus.CONTACTED
    elif accepted is not None:
        status = ReferralStatus.ACCEPTED
    else:
        status = ReferralStatus.RECEIVED if direction == Direction.IN else ReferralStatus.SENT
    agreement = chosen.agreement
    if agreement is not None and not agreement.is_current_on(made):
        agreement = None
    purpose = consent_purpose_for(chosen.partner.kind)
    return Referral(
        direction=direction,
        partner=chosen.partner,
        centre_id=centre_id,
        family_id=family_id,
        reason=rng.choice(REASONS[chosen.partner.kind]),
        urgency=Urgency.URGENT if urgent else Urgency.ROUTINE,
        status=status,
        received_on=made,
        accepted_on=accepted,
        first_contact_on=contact,
        closed_on=closed,
        days_to_first_contact=days_between(made, contact),
        outcome=outcome,
        consent_basis=""
        if direction == Direction.IN
        else (f"Consent: {ConsentPurpose(purpose).label}" if purpose else "The family agreed to this referral"),
        agreement=agreement if direction == Direction.OUT else None,
        created_by_id=rng.choice(workers.get(centre_id) or [fallback_worker]),
    )


def _early_help(ctx: DemoContext, partners: list[DemoPartner]) -> int:
    rng, as_of = ctx.rng, ctx.as_of
    leads = {
        family_id: user_id
        for family_id, user_id in Family.objects.active()
        .filter(key_worker__isnull=False)
        .order_by("pk")
        .values_list("pk", "key_worker_id")
        if rng.random() < EARLY_HELP_SHARE
    }
    health = next(p.partner for p in partners if p.partner.kind == PartnerKind.HEALTH_VISITING)
    school = next(p.partner for p in partners if p.partner.kind == PartnerKind.SCHOOL)
    assessments = [
        EarlyHelpAssessment(
            family_id=family_id,
            lead_user_id=user_id,
            started_on=as_of - timedelta(days=rng.randint(14, 300)),
            created_by_id=user_id,
        )
        for family_id, user_id in leads.items()
    ]
    EarlyHelpAssessment.objects.bulk_create(assessments)
    members, meetings = [], []
    for assessment in assessments:
        members.append(TAFMember(assessment=assessment, partner=health, person_name=_name(rng), role="Health visitor"))
        members.append(TAFMember(assessment=assessment, partner=school, person_name=_name(rng), role="Class teacher"))
        held = assessment.started_on + timedelta(days=rng.randint(7, 14))
        if held <= as_of:
            meetings.append(
                TAFMeeting(
                    assessment=assessment,
                    family_id=assessment.family_id,
                    held_on=held,
                    next_review_on=held + timedelta(days=42),
                    recorded_by_id=assessment.created_by_id,
                )
            )
        age = (as_of - assessment.started_on).days
        if age > 180 and rng.random() < 0.6:
            assessment.closed_on = assessment.started_on + timedelta(days=rng.randint(150, age))
            assessment.outcome = rng.choice([AssessmentOutcome.NEEDS_MET, AssessmentOutcome.STEPPED_DOWN])
        else:
            assessment.plan_review_on = held + timedelta(days=42)
    TAFMember.objects.bulk_create(members)
    TAFMeeting.objects.bulk_create(meetings)
    EarlyHelpAssessment.objects.bulk_update(assessments, ["closed_on", "outcome", "plan_review_on"])
    return len(assessments)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES_FEMALE)} {rng.choice(LAST_NAMES)}"


def _demo_birth_nhs_number(rng: random.Random) -> str:
    """NHS numbers for babies no centre knows: 6xx, apart from the registered children's 4xx."""
    while True:
        first = f"{rng.randint(600_000_000, 699_999_999)}"
        check = nhs_check_digit(first)
        if check is not None:
            return f"{first}{check}"


def _misspelt(rng: random.Random, name: str) -> str:
    if len(name) < 4:
        return name
    i = rng.randint(1, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2 :]  # two letters swapped


def _births(ctx: DemoContext) -> tuple[int, int]:
    """A year of birth notifications as health would send them, loaded through the importer."""
    rng, as_of = ctx.rng, ctx.as_of
    since = as_of - timedelta(days=365)
    mothers = {
        family_id: (first, last)
        for family_id, first, last in Adult.objects.filter(
            relationship=Relationship.MOTHER, family__children__date_of_birth__gt=since
        ).values_list("family_id", "first_name", "last_name")
    }
    babies = (
        Child.objects.filter(
            date_of_birth__gt=since,
            date_of_birth__lte=as_of - timedelta(days=2),
            family__merged_into__isnull=True,
            family__addresses__moved_out__isnull=True,
        )
        .order_by("pk")
        .values_list("family_id", "date_of_birth", "sex", "nhs_number", "family__addresses__postcode")
    )
    rows: list[dict[str, str]] = []
    seen: set[tuple[object, ...]] = set()

    def add(nhs: str, born: date, sex: str, postcode: str, mother: str) -> None:
        key = ("nhs", nhs) if nhs else (born, postcode, mother.lower(), sex)
        if not postcode or key in seen:
            return  # the same baby registered twice (a near-duplicate record): notified once
        seen.add(key)
        notified = min(as_of, born + timedelta(days=rng.randint(1, 10)))
        rows.append(
            {
                "nhs_number": nhs,
                "date_of_birth": born.isoformat(),
                "sex": {"female": "F", "male": "M"}.get(sex, "U"),
                "postcode": postcode,
                "mother_name": mother,
                "notified_on": notified.isoformat(),
            }
        )

    for family_id, born, sex, nhs, postcode in babies.iterator(chunk_size=2000):
        if rng.random() >= NOTIFIED_SHARE:
            continue
        first, last = mothers.get(family_id, ("", ""))
        if last and rng.random() < MISSPELT_SURNAME:
            last = _misspelt(rng, last)
        add(nhs if rng.random() < 0.85 else "", born, sex, postcode, f"{first} {last}".strip())
    in_reach = list(
        Postcode.objects.filter(
            lsoa_2021__in=ReachAreaLSOA.objects.filter(removed_on__isnull=True).values("lsoa")
        ).values_list("postcode", flat=True)
    )
    if in_reach:
        for _ in range(int(len(rows) * UNREGISTERED_BIRTHS)):
            born = since + timedelta(days=rng.randint(1, 363))
            add(
                _demo_birth_nhs_number(rng),
                born,
                rng.choice([Sex.FEMALE, Sex.MALE]),
                rng.choice(in_reach),
                _name(rng),
            )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else ["date_of_birth", "postcode"])
    writer.writeheader()
    writer.writerows(rows)
    summary = birth_import_file(path_or_file=io.BytesIO(buffer.getvalue().encode()), today=as_of)
    matched = sum(int(value.replace(",", "")) for label, value in summary.about.items() if label.startswith("Matched"))
    ctx.log(f"  births: {summary.rows:,} notified, {matched:,} matched to registered children")
    return summary.rows, matched
