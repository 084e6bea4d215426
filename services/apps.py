from django.apps import AppConfig


class ServicesConfig(AppConfig):
    """Service catalogue, sessions, attendance and contacts (strands 3 to 7). Built by issue #5."""

    name = "services"
