from django.apps import AppConfig


class CentresConfig(AppConfig):
    name = "centres"
    verbose_name = "Centres, staff and audit"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from centres.two_factor.middleware import on_sign_in

        # Whether the user has a two-factor device, noted in the session at every sign-in (the
        # form, the admin site and tests' force_login all send this signal), so that pages need
        # no query to decide whether to ask for a code.
        user_logged_in.connect(on_sign_in, dispatch_uid="two_factor_on_sign_in")
