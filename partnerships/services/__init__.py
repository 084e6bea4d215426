"""Writes for partnership working: checked, atomic and audited (against the family where
there is one). One module per topic; import from here."""

from partnerships.services.directory import agreement_save, partner_save
from partnerships.services.early_help import early_help_close, early_help_start, taf_meeting_record, taf_member_add
from partnerships.services.outreach import birth_notification_contacted, birth_notification_match
from partnerships.services.referrals import (
    CONSENT_FOR_KIND,
    ConsentMissing,
    consent_purpose_for,
    referral_accept,
    referral_close,
    referral_first_contact,
    referral_link_family,
    referral_receive,
    referral_send_out,
)

__all__ = [
    "CONSENT_FOR_KIND",
    "ConsentMissing",
    "agreement_save",
    "birth_notification_contacted",
    "birth_notification_match",
    "consent_purpose_for",
    "early_help_close",
    "early_help_start",
    "partner_save",
    "referral_accept",
    "referral_close",
    "referral_first_contact",
    "referral_link_family",
    "referral_receive",
    "referral_send_out",
    "taf_meeting_record",
    "taf_member_add",
]
