from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Partners, referrals, information sharing and birth notifications (strand 8). Issue #6."""

    name = "partnerships"
