from families.models.cases import Case, CaseOutcome, CaseReason, GoalStatus, PlanGoal, PlanReview
from families.models.consent import Consent, ConsentPurpose
from families.models.groups import RESTRICTED_GROUPS, FamilyTargetGroup, TargetGroup
from families.models.household import Address, Family
from families.models.people import Adult, Child

__all__ = [
    "RESTRICTED_GROUPS",
    "Address",
    "Adult",
    "Case",
    "CaseOutcome",
    "CaseReason",
    "Child",
    "Consent",
    "ConsentPurpose",
    "Family",
    "FamilyTargetGroup",
    "GoalStatus",
    "PlanGoal",
    "PlanReview",
    "TargetGroup",
]
