"""Settings for the load test (bench/load.py): production's, over plain HTTP on 127.0.0.1.

Everything production does (DEBUG off, the manifest static storage, the middleware, the
caches, the password hasher) except the parts that need TLS: the test client talks to
gunicorn directly, so the cookies may not be marked Secure and nothing redirects to https.
Never use this module for a real service.
"""

from config.settings.production import *  # noqa: F403

SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
