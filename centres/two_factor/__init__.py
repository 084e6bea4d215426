"""Optional two-factor sign-in for staff (django-otp): an authenticator app (TOTP) plus one-use
backup codes. The password step stays Django's LoginView, guarded by django-axes; a user with a
confirmed device is then asked for a code before any other page (TwoFactorMiddleware), and the
roles in settings.OTP_REQUIRED_ROLES must set a device up first.
"""
