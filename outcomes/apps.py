from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    """Outcome instruments, assessments and the indicator engine (strand 1). Built by issue #7."""

    name = "outcomes"
