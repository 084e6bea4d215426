"""Access rows for the partnership screens (collected by tests/centres/test_access.py, which
makes every GET). The POSTs are in the other tests of this folder."""

from __future__ import annotations

from centres.models import User
from centres.roles import Role
from families.models import Family
from tests.centres.access_statuses import ADMIN_ONLY, EVERYONE, OTHER_CENTRE, STAFF
from tests.partnerships.factories import (
    BirthNotificationFactory,
    EarlyHelpAssessmentFactory,
    PartnerFactory,
    ReferralFactory,
)

ADMIN_OR_MANAGER = {"worker": 403, "manager": 200, "analyst": 403, "admin": 200, "inactive": 302}


def _partner(a) -> dict[str, int]:
    return {"pk": PartnerFactory().pk}


def _agreement(a) -> dict[str, int]:
    from tests.partnerships.factories import AgreementFactory

    return {"pk": AgreementFactory().pk}


def _referral(family: Family) -> dict[str, int]:
    return {"pk": ReferralFactory(family=family).pk}


def _birth(a, centre) -> dict[str, int]:
    return {"pk": BirthNotificationFactory(centre=centre).pk}


def _assessment(family: Family) -> dict[str, int]:
    lead = User.objects.filter(role=Role.MANAGER).first()
    return {"pk": EarlyHelpAssessmentFactory(family=family, lead_user=lead).pk}


def _birth_import(a) -> dict[str, int]:
    from partnerships.models import BirthImport

    birth_import = BirthImport.objects.create(
        original_filename="births.csv", file="imports/births/births.csv", uploaded_by=a.admin
    )
    return {"pk": birth_import.pk}


REFERRAL_SCREENS = ["referral", "referral_accept", "referral_first_contact", "referral_close", "referral_link"]
ASSESSMENT_SCREENS = ["early_help", "taf_member_add", "taf_meeting_add", "early_help_close"]

MATRIX = [
    ("partnerships:partners", lambda a: {}, EVERYONE),
    ("partnerships:partner", _partner, EVERYONE),
    ("partnerships:partner_add", lambda a: {}, ADMIN_OR_MANAGER),
    ("partnerships:partner_edit", _partner, ADMIN_ONLY),
    ("partnerships:agreement_add", _partner, ADMIN_ONLY),
    ("partnerships:agreements", lambda a: {}, EVERYONE),
    ("partnerships:agreement_edit", _agreement, ADMIN_ONLY),
    ("partnerships:referrals", lambda a: {}, STAFF),
    ("partnerships:referral_in_add", lambda a: {}, STAFF),
    ("partnerships:timeliness", lambda a: {}, EVERYONE),
    ("partnerships:referral_out_add", lambda a: {"family_pk": a.family_a.pk}, STAFF),
    ("partnerships:referral_out_add", lambda a: {"family_pk": a.family_b.pk}, OTHER_CENTRE),
    *[(f"partnerships:{name}", lambda a: _referral(a.family_a), STAFF) for name in REFERRAL_SCREENS],
    *[(f"partnerships:{name}", lambda a: _referral(a.family_b), OTHER_CENTRE) for name in REFERRAL_SCREENS],
    ("partnerships:birth_imports", lambda a: {}, ADMIN_OR_MANAGER),
    ("partnerships:birth_import", _birth_import, ADMIN_OR_MANAGER),
    # Applying is a POST: a GET by someone allowed is 405.
    ("partnerships:birth_import_apply", _birth_import, {**ADMIN_OR_MANAGER, "manager": 405, "admin": 405}),
    ("partnerships:outreach", lambda a: {}, STAFF),
    ("partnerships:birth_match", lambda a: _birth(a, a.centre_a), STAFF),
    ("partnerships:birth_match", lambda a: _birth(a, a.centre_b), OTHER_CENTRE),
    ("partnerships:birth_contacted", lambda a: _birth(a, a.centre_a), STAFF),
    ("partnerships:birth_contacted", lambda a: _birth(a, a.centre_b), OTHER_CENTRE),
    ("partnerships:early_help_start", lambda a: {"family_pk": a.family_a.pk}, STAFF),
    ("partnerships:early_help_start", lambda a: {"family_pk": a.family_b.pk}, OTHER_CENTRE),
    *[(f"partnerships:{name}", lambda a: _assessment(a.family_a), STAFF) for name in ASSESSMENT_SCREENS],
    *[(f"partnerships:{name}", lambda a: _assessment(a.family_b), OTHER_CENTRE) for name in ASSESSMENT_SCREENS],
]
