"""wpsdesk settings: one environment-driven module.

Every setting that differs between a laptop and production comes from an environment
variable read through the small typed helpers below, which fail loudly on bad values.
SQLite is the default database; ``DATABASE_URL`` switches to PostgreSQL.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from wpsdesk.core.keyconfig import DEV_KEY_NAMES, production_key_problem, read_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WPSDESK_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable's value, or the default; refuse to go on without either."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but the usual spellings is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    """Read a whole number."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("WPSDESK_DEBUG", False)
# Development mode (debug on, WPSDESK_DEV=1, or the local keys file that `make install`
# writes, which says WPSDESK_DEV=1): keys may come from that file, demo data may be
# loaded, and `check --deploy` fails. WPSDESK_DEV=0 in the environment overrides the file.
DEV_KEYS_FILE = Path(os.environ.get("WPSDESK_DEV_KEYS_FILE", VAR_DIR / "dev-keys.env"))
_DEV_FILE = read_env_file(DEV_KEYS_FILE)
DEV_MODE = DEBUG or env_bool("WPSDESK_DEV", _DEV_FILE.get("WPSDESK_DEV") == "1")
_DEV_KEYS = {name: _DEV_FILE[name] for name in DEV_KEY_NAMES if name in _DEV_FILE}


def env_key(name: str) -> str:
    """Read a key: from the environment, or in development mode from the local keys file.

    Production (not development mode) refuses a missing key, one shorter than 32 bytes,
    one that was ever published in the repository, and the local development keys.
    """
    value = os.environ.get(name) or (_DEV_KEYS.get(name) if DEV_MODE else None)
    if not value:
        if DEV_MODE:
            raise ImproperlyConfigured(
                f"{name} must be set: `make install` writes development keys to {DEV_KEYS_FILE}."
            )
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    if not DEV_MODE:
        problem = production_key_problem(name, value, set(_DEV_KEYS.values()))
        if problem:
            raise ImproperlyConfigured(problem)
    return value


SECRET_KEY = env_key("WPSDESK_SECRET_KEY")
ALLOWED_HOSTS = env_list("WPSDESK_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEV_MODE else "")
CSRF_TRUSTED_ORIGINS = env_list("WPSDESK_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "template_partials",
    "csp",
    "wpsdesk.core",
    "wpsdesk.organisation",
    "wpsdesk.audit",
    "wpsdesk.accounts",
    "wpsdesk.api",
    "wpsdesk.catalogue",
    "wpsdesk.screening",
    "wpsdesk.engagements",
    "wpsdesk.planning",
    "wpsdesk.civil_society",
    "wpsdesk.people_at_risk",
    "wpsdesk.processes",
    "wpsdesk.multilateral",
    "wpsdesk.mediators",
    "wpsdesk.grants",
    "wpsdesk.seah",
    "wpsdesk.countries",
    "wpsdesk.calendar",
    "wpsdesk.operations",
    "wpsdesk.reporting",
    "wpsdesk.reports",
    # After the apps: screening's `db_worker` (which also recovers lost jobs) wins.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Above WhiteNoise, which answers /static/ itself without calling what lies below it:
    # a static file (an SVG, a stylesheet) gets the same CSP and headers as a page.
    "csp.middleware.CSPMiddleware",
    "wpsdesk.core.middleware.security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wpsdesk.core.whole_uploads.whole_uploads",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "wpsdesk.core.request_context.remember_request",
    "wpsdesk.organisation.readlog.log_restricted_reads",
    "wpsdesk.accounts.middleware.session_lifetime",
    "wpsdesk.accounts.middleware.require_second_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its process_exception sees a view's database errors first.
    "wpsdesk.core.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "wpsdesk.urls"
WSGI_APPLICATION = "wpsdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "wpsdesk.core.context_processors.shell",
                "wpsdesk.core.context_processors.theme",
                "wpsdesk.seah.context_processors.nav",
            ],
        },
    },
]

# Forms and fields drawn with wpsdesk's templates (core/templates/core/forms/).
FORM_RENDERER = "wpsdesk.core.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'wpsdesk.sqlite3'}"),
        conn_max_age=env_int("WPSDESK_DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids
    # "database is locked" when two requests upgrade read locks at once. A writer waits
    # up to the busy timeout for the lock (an import's write phase, say) before the
    # request answers 503 "try again" (core/unavailable.py).
    # The engine is Django's, closing each connection with ``PRAGMA optimize`` so SQLite's
    # planner keeps statistics as the tables grow (wpsdesk/core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "wpsdesk.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("WPSDESK_SQLITE_BUSY_SECONDS", 15),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "wpsdesk.accounts.lockout.UsernameThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
    "wpsdesk.accounts.sso.OrganisationOIDCBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Break-glass: how many hours an emergency opening of a restricted record lasts.
BREAK_GLASS_HOURS = env_int("WPSDESK_BREAK_GLASS_HOURS", 4)
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions: idle timeout with a warning that offers to extend, and an absolute lifetime.
SESSION_IDLE_TIMEOUT_SECONDS = env_int("WPSDESK_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_IDLE_WARNING_SECONDS = env_int("WPSDESK_SESSION_WARNING_SECONDS", 2 * 60)
SESSION_ABSOLUTE_LIFETIME_SECONDS = env_int("WPSDESK_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIFETIME_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("WPSDESK_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Lockout after repeated failures (django-axes): a user name from one address, and an
# address; never a user name alone (see wpsdesk/accounts/lockout.py and docs/accounts.md).
AXES_FAILURE_LIMIT = env_int("WPSDESK_LOCKOUT_FAILURES", 5)
AXES_COOLOFF_TIME = env_int("WPSDESK_LOCKOUT_MINUTES", 15) / 60  # hours
# A user name with this many failures within the cool-off time, over all addresses, is
# refused from any address its person has not completed a log-in from in the last
# LOCKOUT_USUAL_ADDRESS_DAYS days.
LOCKOUT_USER_FAILURES = env_int("WPSDESK_LOCKOUT_USER_FAILURES", 20)
LOCKOUT_USUAL_ADDRESS_DAYS = env_int("WPSDESK_LOCKOUT_USUAL_ADDRESS_DAYS", 90)
# By user name with address and by address (only by address when there is no user name,
# as on the single sign-on callback).
AXES_LOCKOUT_PARAMETERS = "wpsdesk.accounts.lockout.lockout_parameters"
# Failures are forgiven only after the second factor (wpsdesk.accounts.lockout.forgive),
# never after the password alone: otherwise the password would reset the code counter.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "wpsdesk.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# Never kept in axes' record of a failed attempt: codes and every password field.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "code",
    "codes-code",
    "old_password",
    "new_password1",
    "new_password2",
    "csrfmiddlewaretoken",
]
AXES_IPWARE_PROXY_COUNT = env_int("WPSDESK_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "wpsdesk.accounts.lockout.axes_client_ip"
AXES_VERBOSE = False

# Single sign-on through OpenID Connect: on when the issuer's client id is set.
OIDC_RP_CLIENT_ID = os.environ.get("WPSDESK_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("WPSDESK_OIDC_CLIENT_SECRET", "")
OIDC_OP_ISSUER = os.environ.get("WPSDESK_OIDC_ISSUER", "").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get(
    "WPSDESK_OIDC_AUTHORIZATION_ENDPOINT", f"{OIDC_OP_ISSUER}/oauth2/authorize"
)
OIDC_OP_TOKEN_ENDPOINT = os.environ.get(
    "WPSDESK_OIDC_TOKEN_ENDPOINT", f"{OIDC_OP_ISSUER}/oauth2/token"
)
OIDC_OP_USER_ENDPOINT = os.environ.get("WPSDESK_OIDC_USER_ENDPOINT", f"{OIDC_OP_ISSUER}/userinfo")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("WPSDESK_OIDC_JWKS_ENDPOINT", f"{OIDC_OP_ISSUER}/jwks")
OIDC_RP_SIGN_ALGO = os.environ.get("WPSDESK_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = env_bool("WPSDESK_OIDC_CREATE_USER", False)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_authentication_callback"
OIDC_TIMEOUT = env_int("WPSDESK_OIDC_TIMEOUT_SECONDS", 10)
# The identity provider's own second factor counts only when it says so (acr/amr).
OIDC_TRUSTED_AMR = env_list("WPSDESK_OIDC_TRUSTED_AMR", "mfa,otp,hwk")
SSO_ENABLED = bool(OIDC_RP_CLIENT_ID and OIDC_OP_ISSUER)

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nb", _("Norwegian bokmål"))]
LOCALE_PATHS = [BASE_DIR / "wpsdesk" / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("WPSDESK_STATIC_ROOT", VAR_DIR / "static"))


def env_static_path(name: str, default: str) -> str:
    """Read a path among the static files (``wpsdesk/logo.svg``): relative, no ``..``, no
    address of another site, since the CSP lets pages load images from our origin only."""
    value = env_str(name, default).strip()
    parts = value.replace("\\", "/").split("/")
    if not value or value.startswith("/") or ":" in value or ".." in parts:
        raise ImproperlyConfigured(
            f"{name} must be a path among the static files, like wpsdesk/logo.svg, not {value!r}."
        )
    return value


# The header's look. An installation shows its own name and logo (the ministry's, say):
# the logo is a static file, kept in WPSDESK_THEME_DIR, which is collected with the rest.
WPSDESK_SERVICE_NAME = env_str("WPSDESK_SERVICE_NAME", "wpsdesk").strip()
if not WPSDESK_SERVICE_NAME:
    raise ImproperlyConfigured("WPSDESK_SERVICE_NAME must not be empty.")
WPSDESK_LOGO = env_static_path("WPSDESK_LOGO", "wpsdesk/logo.svg")
_THEME_DIR = os.environ.get("WPSDESK_THEME_DIR", "").strip()
STATICFILES_DIRS = [Path(_THEME_DIR)] if _THEME_DIR else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Background work (screening of long documents) goes through Django's task interface; the
# database backend lets any number of `wpsdesk db_worker` processes share one queue.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("WPSDESK_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Uploads up to this size are screened while the person waits; larger ones in the background.
SCREENING_INLINE_BYTES = int(os.environ.get("WPSDESK_SCREENING_INLINE_BYTES", 200_000))
# A background screening beats a heartbeat every HEARTBEAT seconds while it runs; a job
# silent for LEASE seconds has lost its worker and is queued again (MAX_ATTEMPTS runs in
# all), then shown as stopped with "Screen again". Workers look every WATCH seconds; the
# progress poll of the document's page looks too (screening/recovery.py).
SCREENING_HEARTBEAT_SECONDS = env_int("WPSDESK_SCREENING_HEARTBEAT_SECONDS", 10)
SCREENING_LEASE_SECONDS = env_int("WPSDESK_SCREENING_LEASE_SECONDS", 60)
SCREENING_WATCH_SECONDS = env_int("WPSDESK_SCREENING_WATCH_SECONDS", 15)
SCREENING_MAX_ATTEMPTS = env_int("WPSDESK_SCREENING_MAX_ATTEMPTS", 3)

# Uploaded files live outside the web root and are served only through views that check access.
MEDIA_ROOT = Path(os.environ.get("WPSDESK_MEDIA_ROOT", VAR_DIR / "media"))

# Security headers. CSP has no unsafe-inline/unsafe-eval: scripts and styles come from
# our own origin only; htmx is configured not to inject inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("WPSDESK_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("WPSDESK_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
if env_bool("WPSDESK_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Keys of our own, never SECRET_KEY: the audit chain's HMAC key and the encryption key ring.
AUDIT_HMAC_KEY = env_key("WPSDESK_AUDIT_KEY")
ENCRYPTION_KEYS = env_key("WPSDESK_ENCRYPTION_KEYS")
# The security log's head is anchored outside the database: to the log stream (logger
# wpsdesk.audit.checkpoint) and appended to this file, every N events and whenever the last
# checkpoint is older than the interval (see docs/security.md). An empty name: log only.
AUDIT_CHECKPOINT_FILE = os.environ.get(
    "WPSDESK_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl")
)
AUDIT_CHECKPOINT_EVERY_EVENTS = env_int("WPSDESK_AUDIT_CHECKPOINT_EVERY", 100)
AUDIT_CHECKPOINT_INTERVAL_SECONDS = env_int("WPSDESK_AUDIT_CHECKPOINT_SECONDS", 300)

# The backup archive's own key (base64 of 32 bytes, from `wpsdesk keys new`), apart from the
# database keys: a stolen backup file is unreadable without it. Only the `backup` commands
# need it, so a missing one does not stop the start. In development it is derived from the
# development secret key, so no backup key is written in the repository.
BACKUP_KEY = os.environ.get("WPSDESK_BACKUP_KEY", "")
if not BACKUP_KEY and DEV_MODE:
    import base64 as _base64
    import hashlib as _hashlib

    BACKUP_KEY = _base64.b64encode(
        _hashlib.sha256(b"wpsdesk-development-backup-key:" + SECRET_KEY.encode()).digest()
    ).decode()

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "wpsdesk.api.authentication.HashedTokenAuthentication",
        "wpsdesk.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["wpsdesk.api.permissions.IsVerifiedPerson"],
    # JSON only: no HTML rendering of data; the docs at /api/docs/ are the browsable part.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "wpsdesk.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "1000/hour"},
}
# API tokens live at most this many days (90, or fewer where an operator says so).
API_TOKEN_MAX_DAYS = env_int("WPSDESK_API_TOKEN_MAX_DAYS", 90)
if not 1 <= API_TOKEN_MAX_DAYS <= 90:
    raise ImproperlyConfigured("WPSDESK_API_TOKEN_MAX_DAYS must be from 1 to 90.")
SPECTACULAR_SETTINGS = {
    "TITLE": "wpsdesk API",
    "DESCRIPTION": "Read and write wpsdesk's data under the same access rules as the web pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["wpsdesk.api.permissions.IsVerifiedPerson"],
    # Swagger UI and Redoc from our own /static/ (drf-spectacular-sidecar): no CDN, strict CSP.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # A token typed into "Authorize" is forgotten with the page, never kept in localStorage.
    "SWAGGER_UI_SETTINGS": {"persistAuthorization": False, "deepLinking": True},
    # Bodies are described as JSON only (the endpoints that take a file say so with
    # extend_schema): one schema under three media types makes a generated client send all
    # three at once. The parsers themselves still accept forms.
    # What a client sends has components of its own ("EngagementRequest"), without the
    # read-only fields: otherwise a generated client must invent an id to create a record.
    "COMPONENT_SPLIT_REQUEST": True,
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    # Choice sets that share a field name ("kind", "role") get names of their own.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "wpsdesk.organisation.models.UnitKind",
        "RoleEnum": "wpsdesk.organisation.models.Role",
        "ItemKindEnum": "wpsdesk.catalogue.models.ItemKind",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A calendar feed's address is its password: no log line carries its token.
    "filters": {"hide_feed_tokens": {"()": "wpsdesk.calendar.logfilter.HideFeedTokens"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["hide_feed_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("WPSDESK_LOG_LEVEL", "INFO")},
    # Django's own request and development-server lines reach the root's filtered handler
    # instead of Django's default handlers (which would print them unfiltered).
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
CSRF_FAILURE_VIEW = "wpsdesk.core.views.csrf_failure"

# E-mail (calendar reminders): the console in development, SMTP (Django's EMAIL_* settings
# from the environment) otherwise. WPSDESK_BASE_URL is the address links in e-mails start with.
EMAIL_BACKEND = env_str(
    "WPSDESK_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEV_MODE
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("WPSDESK_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("WPSDESK_EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("WPSDESK_EMAIL_FROM", "wpsdesk@localhost")
WPSDESK_BASE_URL = env_str("WPSDESK_BASE_URL", "")

# People at risk: days from a review to the next, and days after a missed review date
# before `wpsdesk people_at_risk review` anonymises the record.
PEOPLE_AT_RISK_REVIEW_DAYS = env_int("WPSDESK_PEOPLE_AT_RISK_REVIEW_DAYS", 180)
PEOPLE_AT_RISK_ANONYMISE_DAYS = env_int("WPSDESK_PEOPLE_AT_RISK_ANONYMISE_DAYS", 90)
