"""Forms of the partnership screens, laid out with crispy-forms-gds."""

from partnerships.forms.births import BirthImportForm, BirthMatchForm, ContactedForm, OutreachFilterForm
from partnerships.forms.common import family_from_reference
from partnerships.forms.directory import AgreementForm, PartnerForm
from partnerships.forms.early_help import EarlyHelpCloseForm, EarlyHelpStartForm, TAFMeetingForm, TAFMemberForm
from partnerships.forms.referrals import (
    FamilyReferenceForm,
    ReferralCloseForm,
    ReferralFilterForm,
    ReferralInForm,
    ReferralOutForm,
    ReferralStepForm,
    TimelinessForm,
)

__all__ = [
    "AgreementForm",
    "BirthImportForm",
    "BirthMatchForm",
    "ContactedForm",
    "EarlyHelpCloseForm",
    "EarlyHelpStartForm",
    "FamilyReferenceForm",
    "OutreachFilterForm",
    "PartnerForm",
    "ReferralCloseForm",
    "ReferralFilterForm",
    "ReferralInForm",
    "ReferralOutForm",
    "ReferralStepForm",
    "TAFMeetingForm",
    "TAFMemberForm",
    "TimelinessForm",
    "family_from_reference",
]
