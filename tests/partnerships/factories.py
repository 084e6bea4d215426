from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from families.choices import Sex
from partnerships.models import (
    BirthNotification,
    DataCategory,
    Direction,
    EarlyHelpAssessment,
    InformationSharingAgreement,
    LawfulBasis,
    Partner,
    PartnerKind,
    Referral,
    ReferralReason,
    ReferralStatus,
)
from tests.centres.factories import CentreFactory, UserFactory
from tests.families.factories import FamilyFactory


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    kind = PartnerKind.VOLUNTARY


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = InformationSharingAgreement

    partner = factory.SubFactory(PartnerFactory)
    title = factory.Sequence(lambda n: f"Information-sharing agreement {n}")
    scope = [DataCategory.CONTACT, DataCategory.CHILDREN]
    lawful_basis = LawfulBasis.PUBLIC_TASK
    starts_on = date(2025, 4, 1)


class ReferralFactory(DjangoModelFactory):
    """A referral in, received by the family's centre."""

    class Meta:
        model = Referral

    direction = Direction.IN
    status = ReferralStatus.RECEIVED
    partner = factory.SubFactory(PartnerFactory, kind=PartnerKind.HEALTH_VISITING)
    family = factory.SubFactory(FamilyFactory)
    centre = factory.SelfAttribute("family.registered_centre")
    reason = ReferralReason.PARENTING
    received_on = date(2026, 3, 2)
    created_by = factory.SubFactory(UserFactory)


class BirthNotificationFactory(DjangoModelFactory):
    class Meta:
        model = BirthNotification

    date_of_birth = date(2026, 9, 1)
    postcode = "ZX1 0AB"
    mother_name = "Amina Khan"
    sex = Sex.FEMALE
    notified_on = date(2026, 9, 3)
    centre = factory.SubFactory(CentreFactory)


class EarlyHelpAssessmentFactory(DjangoModelFactory):
    class Meta:
        model = EarlyHelpAssessment

    family = factory.SubFactory(FamilyFactory)
    lead_user = factory.SubFactory(UserFactory)
    started_on = date(2026, 2, 1)
    created_by = factory.SelfAttribute("lead_user")
