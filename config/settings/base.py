"""Settings shared by every environment, read from the environment with django-environ.

Defaults give the embedded set-up (SQLite, in-process Celery, local-memory cache). Set
DATABASE_URL, CELERY_BROKER_URL and CACHE_URL to run on PostgreSQL and Redis.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Shown in the header of every page and in e-mails; a council sets its own.
SERVICE_NAME = env("SERVICE_NAME", default="Core Purpose")
AUTHORITY_NAME = env("AUTHORITY_NAME", default="Demo Borough Council")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "crispy_forms",
    "crispy_forms_gds",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_celery_beat",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "centres",
    "families",
    "services",
    "outcomes",
    "partnerships",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor sign-in: django-otp marks the session verified; ours asks for the code first.
    "django_otp.middleware.OTPMiddleware",
    "centres.two_factor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Logs every call to /api/ with its client, refused ones included (centres/api/middleware.py).
    "centres.api.middleware.ApiCallLogMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "centres.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_USER_MODEL = "centres.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out user before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions end after SESSION_IDLE_MINUTES without a request (the cookie is renewed on each
# request) and when the browser closes: shared computers are common in centres.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# django-axes: lock an account (per username and address) after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Two-factor sign-in (centres/two_factor/): optional for everyone; compulsory for the roles
# listed here (e.g. OTP_REQUIRED_ROLES=admin,analyst), who are sent to set it up first.
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = SERVICE_NAME
# Wrong codes in a row before the code step locks, and for how long (as for passwords).
OTP_FAILURE_LIMIT = env.int("OTP_FAILURE_LIMIT", default=AXES_FAILURE_LIMIT)
OTP_COOLOFF = timedelta(minutes=env.int("OTP_COOLOFF_MINUTES", default=env.int("AXES_COOLOFF_MINUTES", default=30)))

# Content-Security-Policy (django-csp 4): everything from our own origin, no inline code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (reference-data imports). With real workers, web and worker must share it.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"  # never served publicly: uploads are read by the app only

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Date fields typed as text (dd/mm/yyyy) get the GOV.UK input style like any text box.
CRISPY_CLASS_CONVERTERS = {"dateinput": "govuk-input"}

# The REST API (/api/v1/, centres/api/): bearer tokens of registered clients only, never a staff
# session; JSON in and out; one error shape; cursor pagination; a rate limit per client.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["centres.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["centres.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["centres.api.throttling.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "centres.api.pagination.ApiCursorPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "centres.api.filters.ApiFilterBackend",
        "centres.api.filters.ApiOrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "centres.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "centres.api.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# Calls per client (or per IP address without a valid token): "<n>/<second|min|hour|day>".
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/min")
# An Idempotency-Key is remembered this long (a retry after that is a new request); the API call
# log is kept this many days. Both are pruned nightly (centres.tasks.prune_api_tables).
API_IDEMPOTENCY_KEY_HOURS = env.int("API_IDEMPOTENCY_KEY_HOURS", default=24)
API_CALL_RETENTION_DAYS = env.int("API_CALL_RETENTION_DAYS", default=400)
# The largest reference or birth file the API takes in one call (bytes; 413 above it). A whole
# national postcode directory is bigger: filter it to the authority, or use the upload screen.
API_MAX_UPLOAD_BYTES = env.int("API_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
SPECTACULAR_SETTINGS = {
    "TITLE": "Core Purpose API",
    "DESCRIPTION": (
        "Children's centres data for the authority's other systems. Authenticate with "
        "'Authorization: Bearer <token>'; each operation names the scope its token needs."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ImportStatusEnum": "centres.models.imports.ReferenceImport.Status",
        "ReferenceImportKindEnum": "centres.models.imports.ReferenceImport.Kind",
        "CentreStatusEnum": "centres.models.organisation.Centre.Status",
        "CentreKindEnum": "centres.models.organisation.Centre.Kind",
        "ReferralStatusEnum": "partnerships.models.referrals.ReferralStatus",
        "ContactKindEnum": "services.models.contacts.ContactKind",
        "ConsentPurposeEnum": "families.models.consent.ConsentPurpose",
    },
}

# Celery: with no broker, tasks run in-process (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "centres.tasks.worker_heartbeat", "schedule": 60.0},
    # The current and previous month, quarter and financial year, every night.
    "nightly-indicators": {"task": "outcomes.tasks.nightly_refresh", "schedule": crontab(hour=1, minute=30)},
}
# The LSOA boundaries reach areas are drawn on (2021 for the Indices of Deprivation 2025,
# 2011 for those of 2019). Reference data for both can be loaded; the area screens use this one.
LSOA_VINTAGE = env.int("LSOA_VINTAGE", default=2021)

# A worker that has not reported for this long makes /healthz say it is stale.
WORKER_HEARTBEAT_STALE_SECONDS = env.int("WORKER_HEARTBEAT_STALE_SECONDS", default=300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Families: retention
# A family's record is anonymised this many years after its last contact (or registration,
# if it never had one), by a daily task. Six years is a common council retention period for
# early-help records; set the one in your authority's retention schedule.
from celery.schedules import crontab  # noqa: E402 - kept beside the schedule that uses it

FAMILY_RETENTION_YEARS = env.int("FAMILY_RETENTION_YEARS", default=6)
CELERY_BEAT_SCHEDULE["anonymise-expired-families"] = {
    "task": "families.tasks.anonymise_expired_families",
    "schedule": crontab(hour=2, minute=30),  # nightly, out of centre hours
}

# Indicators
# A child is "sustained" with at least this many contacts in a period (R4).
INDICATOR_SUSTAINED_CONTACTS = env.int("INDICATOR_SUSTAINED_CONTACTS", default=3)
# Counts under this are shown as "fewer than N" to analysts and in the aggregate API.
SMALL_NUMBER_THRESHOLD = env.int("SMALL_NUMBER_THRESHOLD", default=5)

# Partnerships
# Referral timeliness (P1): the target for the first contact with the family, in days from the
# day a referral is received (in) or sent (out). Set your authority's service standard.
REFERRAL_FIRST_CONTACT_TARGET_DAYS = env.int("REFERRAL_FIRST_CONTACT_TARGET_DAYS", default=10)
# Births notified before the baby was registered are matched again every night, so that the
# outreach lists drop the families registered since.
CELERY_BEAT_SCHEDULE["match-birth-notifications"] = {
    "task": "partnerships.tasks.match_birth_notifications",
    "schedule": crontab(hour=3, minute=0),
}
# The API's idempotency keys and call log (API_IDEMPOTENCY_KEY_HOURS, API_CALL_RETENTION_DAYS).
CELERY_BEAT_SCHEDULE["prune-api-tables"] = {
    "task": "centres.tasks.prune_api_tables",
    "schedule": crontab(hour=3, minute=15),
}
