"""Settings, read from the environment (django-environ).

Every variable is documented in README.md. Unset, the defaults give a local
demo on SQLite; production sets DEBUG=false, SECRET_KEY and DATABASE_URL.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if env.bool("READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)

# Only a local DEBUG run may fall back to a throwaway key; production must set its own.
_INSECURE_DEV_KEY = "django-insecure-local-development-only-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_DEV_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY (a long random string) when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # third party
    "axes",
    "bootstrap",  # Bootstrap 5 served from the package (django-bootstrap-static), never a CDN
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "pgtrigger",  # records that never change: triggers declared on the models (PostgreSQL)
    "rules.apps.AutodiscoverRulesConfig",  # object permissions: each app's rules.py
    "simple_history",
    # ours; imports only point down: screening -> indicators, screening -> cases -> accounts
    "accounts",
    "cases",
    "indicators",
    "screening",
    "alerts",  # notifications and reminders (above screening: nothing imports it)
    "reporting",  # the agency's figures: on top, nothing imports it but config
    "studio",  # the instrument studio (on top: nothing imports it)
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # /healthz and /readyz answer here: no session, no user, no host check (config/health.py)
    "config.middleware.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the request: a NUL byte is refused, other control characters cleaned.
    "config.input_guard.ControlCharacterMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "accounts.middleware.NoStoreMiddleware",
    # axes last, as its documentation asks
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "accounts.context_processors.idle_timeout",
                "alerts.context_processors.unread_notifications",
            ],
        },
    },
]

# The app logs in as its own role (DATABASE_URL), which may read and write rows but not change the
# schema, nor change or delete the append-only records; migrations log in as the tables' owner
# (DATABASE_OWNER_URL, set only where `migrate` runs: accounts/database_role.py, README).
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASE_OWNER_URL = env.str("DATABASE_OWNER_URL", default="")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # A connection the database dropped (a restart) is noticed and replaced at the next request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A database that does not answer makes pages fail fast (503), not hang.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Object permissions (who may do what with which case) are rules: see */rules.py.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Passwords (README, "Sign-in"): at least 12 characters, not like the person's username, names or
# e-mail, not a common password, not only digits, not built on the product's or agency's words
# (PASSWORD_FORBIDDEN_WORDS adds the agency's own), not a repeated character, sequence or pattern.
PASSWORD_FORBIDDEN_WORDS = env.list("PASSWORD_FORBIDDEN_WORDS", default=[])
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.ProductWordsValidator", "OPTIONS": {"words": PASSWORD_FORBIDDEN_WORDS}},
    {"NAME": "accounts.validators.RepetitionValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: a shared office computer must not stay logged in. A session ends on the server after
# SESSION_IDLE_TIMEOUT_MINUTES without a request (every request moves the end on), and the cookie
# goes when the browser closes.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
if SESSION_IDLE_TIMEOUT_MINUTES < 1:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT_MINUTES is a number of minutes, at least 1.")
SESSION_COOKIE_AGE = SESSION_IDLE_TIMEOUT_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Login throttling (django-axes; accounts/throttling.py): failures are counted per address (any
# usernames) and per username (any addresses); either reaching the limit locks logging in for the
# cool-off. A successful login clears that username's failures only.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HANDLER = "accounts.throttling.AxesHandler"
AXES_USERNAME_CALLABLE = "accounts.throttling.username"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
# Each failure kept with whether it locked someone out: the lockouts of the past days on the system
# administrator's home page (accounts/signins.py). No password is kept; axes keeps at most
# AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT (1,000) per username.
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Audit: behind a reverse proxy the client address is in X-Forwarded-For.
AUDIT_TRUST_X_FORWARDED_FOR = env.bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)

LANGUAGE_CODE = "en"
# Our date formats per language (config/formats/<language>/formats.py), over Django's.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Security headers. With DEBUG off these default to the strict production values
# (`manage.py check --deploy` is clean); each can be relaxed from the environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only this server's own scripts, styles, images and fonts;
# no inline script or style anywhere (tests/test_no_inline_code.py keeps the templates so), no
# plugin, no framing, forms post only here. Bootstrap draws its form controls' icons as data: SVG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# Permissions-Policy (django-permissions-policy): the app needs none of the browser's devices or
# sensors; a page that tried to use one (an injected script) is refused by the browser.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# A load balancer probes the health endpoints over plain HTTP (config/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env.bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The jurisdiction profile (fixtures/jurisdictions/<slug>.json) whose deadlines and instruments
# this deployment follows.
SCREENING_JURISDICTION = env.str("SCREENING_JURISDICTION", default="federal-baseline")

# Paper size of the printed (PDF) summaries: "Letter" (US) or "A4".
PDF_PAGE_SIZE = env.str("PDF_PAGE_SIZE", default="Letter")
if PDF_PAGE_SIZE.lower() not in ("letter", "a4"):
    raise ImproperlyConfigured('PDF_PAGE_SIZE is "Letter" or "A4".')

# E-mail (alerts: README, "Alerts and e-mail"): the console in DEBUG (the demo prints e-mails),
# SMTP otherwise, from the environment.
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="screening@localhost")
EMAIL_SUBJECT_PREFIX = env.str("EMAIL_SUBJECT_PREFIX", default="[Youth screening] ")
# The site's address, for the links in e-mails (a notification's link is a path); unset, the
# first allowed host over HTTPS (the demo: http://127.0.0.1:8000).
ALERTS_BASE_URL = env.str(
    "ALERTS_BASE_URL",
    default="http://127.0.0.1:8000" if DEBUG else (f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""),
)
# A reminder goes when a mandated report or a screening becomes due in less than this many hours.
# 4 by default: most deadlines are 24 hours (8 in Texas for a report to police), so 4 hours leaves
# the half of a working shift a report or a visit takes, and comes after the home page's due list
# has had most of the window to be seen; send_reminders runs every 15 minutes.
ALERTS_DUE_SOON_HOURS = env.int("ALERTS_DUE_SOON_HOURS", default=4)
if ALERTS_DUE_SOON_HOURS < 1:
    raise ImproperlyConfigured("ALERTS_DUE_SOON_HOURS is a number of hours, at least 1.")
# The daily digest goes with the first run of send_reminders at or after this hour (TIME_ZONE).
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=7)
if not 0 <= ALERTS_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("ALERTS_DIGEST_HOUR is an hour of the day, 0 to 23.")

# Reports (reporting/): a count below this many is exported (CSV, JSON, PDF) as "fewer than N".
REPORT_SMALL_COUNT_THRESHOLD = env.int("REPORT_SMALL_COUNT_THRESHOLD", default=5)
# The report's list of teams offers every county, office and team up to this many teams; past it
# (a state's agency: thousands), the counties and offices, and a team is found by name (at most
# REPORT_TEAMS_FOUND shown), so that the page stays small.
REPORT_TEAMS_LISTED = env.int("REPORT_TEAMS_LISTED", default=150)
REPORT_TEAMS_FOUND = env.int("REPORT_TEAMS_FOUND", default=25)
if REPORT_TEAMS_LISTED < 1 or REPORT_TEAMS_FOUND < 1:
    raise ImproperlyConfigured("REPORT_TEAMS_LISTED and REPORT_TEAMS_FOUND are numbers of teams, at least 1.")

# The instrument studio (studio/): a draft's impact re-scores the screenings submitted in the last
# this many months (at most STUDIO_IMPACT_MAX_SCREENINGS of them, the most recent), and publishing
# needs a second instrument administrator's approval unless this is off.
STUDIO_IMPACT_MONTHS = env.int("STUDIO_IMPACT_MONTHS", default=12)
if STUDIO_IMPACT_MONTHS < 1:
    raise ImproperlyConfigured("STUDIO_IMPACT_MONTHS is a number of months, at least 1.")
STUDIO_IMPACT_MAX_SCREENINGS = env.int("STUDIO_IMPACT_MAX_SCREENINGS", default=20000)
STUDIO_PUBLICATION_NEEDS_APPROVAL = env.bool("STUDIO_PUBLICATION_NEEDS_APPROVAL", default=True)

# Demo logins (seed_demo); documented in README. seed_demo refuses to run in production.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="screening-demo-2026")
SEED_DEMO_ALLOWED = env.bool("SEED_DEMO_ALLOWED", default=DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every step of every PDF at INFO; its warnings still show.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}
