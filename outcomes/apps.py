from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome instruments, assessments and the indicator engine (strand 1)."""

    name = "outcomes"
