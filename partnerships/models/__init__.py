from partnerships.models.births import R7_WEEKS, BirthImport, BirthNotification, MatchMethod
from partnerships.models.early_help import AssessmentOutcome, EarlyHelpAssessment, TAFMeeting, TAFMember
from partnerships.models.partners import (
    DataCategory,
    InformationSharingAgreement,
    LawfulBasis,
    Partner,
    PartnerKind,
    SpecialCategoryCondition,
)
from partnerships.models.referrals import (
    Direction,
    Referral,
    ReferralOutcome,
    ReferralReason,
    ReferralStatus,
    Urgency,
)

__all__ = [
    "R7_WEEKS",
    "AssessmentOutcome",
    "BirthImport",
    "BirthNotification",
    "DataCategory",
    "Direction",
    "EarlyHelpAssessment",
    "InformationSharingAgreement",
    "LawfulBasis",
    "MatchMethod",
    "Partner",
    "PartnerKind",
    "Referral",
    "ReferralOutcome",
    "ReferralReason",
    "ReferralStatus",
    "SpecialCategoryCondition",
    "TAFMeeting",
    "TAFMember",
    "Urgency",
]
