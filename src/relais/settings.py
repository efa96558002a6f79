"""Django settings for Relais, driven by ``RELAIS_*`` environment variables.

Zero configuration gives SQLite (WAL mode, busy timeout) in ``RELAIS_DATA_DIR``
(default ``./relais-data``); ``RELAIS_DATABASE_URL`` switches to PostgreSQL.
Every variable is documented in docs/deployment.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from relais.core.env import env_bool, env_duration, env_float, env_int

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("RELAIS_DATA_DIR", "relais-data")).resolve()


# Importing this module writes nothing: the data directory, its static folder and a generated
# secret key are written at start-up (relais.core.apps.CoreConfig.ready).
SECRET_KEY_FILE = DATA_DIR / "secret_key"


def _secret_key() -> str:
    """RELAIS_SECRET_KEY, else the key kept in the data directory, else a new random one
    (saved there at start-up, so that every process of this installation shares it)."""
    if key := os.environ.get("RELAIS_SECRET_KEY"):
        return key
    try:
        return SECRET_KEY_FILE.read_text().strip()
    except FileNotFoundError:
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = env_bool("RELAIS_DEBUG", False)
ALLOWED_HOSTS = [
    h.strip()
    # Not "*": a Host header the server does not expect is refused (cache poisoning, links in
    # emails pointing elsewhere). Set RELAIS_ALLOWED_HOSTS to the names people reach it by.
    for h in os.environ.get("RELAIS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(
        ","
    )
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("RELAIS_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]

INSTALLED_APPS = [
    "relais.core",  # first: prepares the data directory at start-up (huey opens a file in it)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "huey.contrib.djhuey",
    "ninja",  # serves the API docs page's Swagger assets locally, not from a CDN
    "relais.accounts",
    "relais.audit",
    "relais.contacts",
    "relais.ingest",
    "relais.matching",
    "relais.timeline",
    "relais.reminders",
    "relais.privacy",
    "relais.outreach",
    "relais.listening",
    "relais.insight",
    "relais.community",
    "relais.automation",
    "relais.service",
    "relais.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "relais.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "relais.urls"
WSGI_APPLICATION = "relais.wsgi.application"

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
                "relais.web.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("RELAIS_DATABASE_URL", "").strip()
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(DATA_DIR / "relais.sqlite3"),
        "OPTIONS": {
            # WAL lets readers work while a writer commits; IMMEDIATE transactions and a busy
            # timeout turn lock contention into waiting instead of "database is locked".
            # Memory-mapped reads (up to 1 GiB) and a 32 MiB page cache halve the time of a
            # search that touches thousands of contacts (docs/benchmarks.md, search).
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA mmap_size=1073741824; PRAGMA cache_size=-32768;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
        "TEST": {"NAME": str(DATA_DIR / "test-relais.sqlite3")},
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:contacts"
LOGOUT_REDIRECT_URL = "web:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
FORMAT_MODULE_PATH = [
    "relais.formats"
]  # one date format per language (relais/formats/)
USE_TZ = True
TIME_ZONE = os.environ.get("RELAIS_TIME_ZONE", "Europe/Paris")

STATIC_URL = "static/"
STATIC_ROOT = (
    DATA_DIR / "static"
)  # created at start-up: whitenoise warns on every request otherwise
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a reverse proxy that terminates TLS (docs/deployment.md): trust its X-Forwarded-Proto,
# send cookies over HTTPS only, and ask browsers to keep to HTTPS (HSTS).
RELAIS_BEHIND_TLS_PROXY = env_bool("RELAIS_BEHIND_TLS_PROXY", False)
if RELAIS_BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("RELAIS_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int(
    "RELAIS_HSTS_SECONDS", 31536000 if RELAIS_BEHIND_TLS_PROXY else 0, minimum=0
)

# Region used to read phone numbers written without an international prefix ("06 12 34 56 78").
RELAIS_DEFAULT_REGION = os.environ.get("RELAIS_DEFAULT_REGION", "FR").upper()

# Duplicates (docs/deployment.md, docs/matching.md): pairs scored at or above the review
# threshold go to the review queue; at or above the auto threshold they are merged without
# review when automatic merging is on (it can always be undone).
RELAIS_MATCHING_REVIEW_THRESHOLD = env_float(
    "RELAIS_MATCHING_REVIEW_THRESHOLD", 0.75, minimum=0, maximum=1
)
RELAIS_MATCHING_AUTO_THRESHOLD = env_float(
    "RELAIS_MATCHING_AUTO_THRESHOLD", 0.9, minimum=0, maximum=1
)
RELAIS_MATCHING_AUTO_MERGE = env_bool("RELAIS_MATCHING_AUTO_MERGE", True)
# Memory the embedded DuckDB may use for a batch duplicate search before spilling to disk.
RELAIS_MATCHING_MEMORY_LIMIT = os.environ.get("RELAIS_MATCHING_MEMORY_LIMIT", "2GB")
# The matching engine, by dotted path to a class (relais.matching.engine.Engine); tests name a
# fake one here instead of patching the engine module.
RELAIS_MATCHING_ENGINE = os.environ.get(
    "RELAIS_MATCHING_ENGINE", "relais.matching.engine.default.DefaultEngine"
)

# An import that creates more contacts than this checks them for duplicates in a background
# job once it has committed (a batch search of the whole base); smaller imports check inline.
RELAIS_IMPORT_INLINE_CHECK_MAX = env_int(
    "RELAIS_IMPORT_INLINE_CHECK_MAX", 20000, minimum=0
)

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "relais",
    "filename": str(DATA_DIR / "jobs.sqlite3"),
    "immediate": env_bool("RELAIS_JOBS_IMMEDIATE", False),
}
if redis_url := os.environ.get("RELAIS_REDIS_URL"):
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "relais",
        "url": redis_url,
        "immediate": False,
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("RELAIS_LOG_LEVEL", "WARNING"),
    },
}

# --- Mail (the daily digest of tasks) ---------------------------------------------------------
# Sent over SMTP through Django's email backend. Without RELAIS_SMTP_HOST no mail is sent: the
# digest job does nothing and `relais digest send` says why. (The test suite never sets it;
# pytest-django swaps in the in-memory backend, and the SMTP tests start their own server.)
RELAIS_SMTP_HOST = os.environ.get("RELAIS_SMTP_HOST", "").strip()
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = RELAIS_SMTP_HOST or "localhost"
EMAIL_PORT = env_int("RELAIS_SMTP_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = os.environ.get("RELAIS_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("RELAIS_SMTP_PASSWORD", "")
EMAIL_USE_TLS = env_bool("RELAIS_SMTP_STARTTLS", True)
EMAIL_USE_SSL = env_bool("RELAIS_SMTP_TLS", False)
if EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # implicit TLS (port 465) and STARTTLS exclude each other
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("RELAIS_MAIL_FROM", "relais@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address people reach Relais at, for links in emails and calendar feeds.
RELAIS_BASE_URL = os.environ.get("RELAIS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The digest job runs every day at this local hour (0-23), RELAIS_TIME_ZONE.
RELAIS_DIGEST_HOUR = env_int("RELAIS_DIGEST_HOUR", 7, minimum=0, maximum=23)
# Whether the digest also lists tomorrow's tasks.
RELAIS_DIGEST_TOMORROW = env_bool("RELAIS_DIGEST_TOMORROW", True)
# Privacy and freshness (docs/privacy.md).
# "apply": a contact's own corrections are applied at once; "review": the owner approves them.
RELAIS_SELF_UPDATE_MODE = (
    os.environ.get("RELAIS_SELF_UPDATE_MODE", "apply").strip().lower()
)
RELAIS_SELF_UPDATE_DAYS = env_duration(
    "RELAIS_SELF_UPDATE_DAYS", 30, unit="d", minimum=1
)
# Contacts with no interaction and no consent for this long are listed for review.
RELAIS_RETENTION_MONTHS = env_int("RELAIS_RETENTION_MONTHS", 36, minimum=1)
# Key of the suppression list's hashes; defaults to one derived from the secret key. Set it
# (and keep it) if the secret key may ever change, or erased people could be imported again.
RELAIS_SUPPRESSION_KEY = os.environ.get("RELAIS_SUPPRESSION_KEY", "")

# Campaign sending (docs/campaigns.md): messages per second (evenly spaced) and per rolling
# hour through RELAIS_SMTP_*; 0 means no limit. A campaign may override both.
RELAIS_SEND_RATE_PER_SECOND = env_float("RELAIS_SEND_RATE_PER_SECOND", 10, minimum=0)
RELAIS_SEND_RATE_PER_HOUR = env_int("RELAIS_SEND_RATE_PER_HOUR", 5000, minimum=0)

# --- The message check before every send (docs/campaigns.md) ---------------------------------
# Block a send when the check finds a high-severity problem (an admin may still force it).
RELAIS_CHECK_BLOCK = env_bool("RELAIS_CHECK_BLOCK", True)


def _follow_up_cap(raw: str) -> tuple[int, int] | None:
    """ "2/30": at most 2 unanswered messages to a contact in 30 days; "off" or "0": no cap."""
    from django.core.exceptions import ImproperlyConfigured

    raw = raw.strip().lower()
    if raw in ("", "0", "off", "none"):
        return None
    messages, _, days = raw.partition("/")
    if not (
        messages.isdigit() and days.isdigit() and int(messages) > 0 and int(days) > 0
    ):
        raise ImproperlyConfigured(
            f"RELAIS_FOLLOW_UP_CAP={raw!r}: give messages/days, e.g. 2/30, or off."
        )
    return int(messages), int(days)


RELAIS_FOLLOW_UP_CAP = _follow_up_cap(os.environ.get("RELAIS_FOLLOW_UP_CAP", "2/30"))
# Campaign tracking and bounces (docs/campaigns.md, docs/deployment.md).
# Opens and clicks are appended to spool files here and written in batches every
# RELAIS_TRACKING_FLUSH_MS milliseconds by `relais serve`.
RELAIS_TRACKING_SPOOL_DIR = os.environ.get(
    "RELAIS_TRACKING_SPOOL_DIR", str(DATA_DIR / "tracking-spool")
)
RELAIS_TRACKING_FLUSH_MS = env_duration(
    "RELAIS_TRACKING_FLUSH_MS", 100, unit="ms", minimum=1
)
# An IMAP mailbox (imaps://user@host/INBOX) where bounces and replies arrive: polled every
# RELAIS_BOUNCE_POLL_MINUTES by the background worker (password: RELAIS_IMAP_PASSWORD).
RELAIS_BOUNCE_MAILBOX = os.environ.get("RELAIS_BOUNCE_MAILBOX", "").strip()
RELAIS_BOUNCE_POLL_MINUTES = env_duration(
    "RELAIS_BOUNCE_POLL_MINUTES", 5, unit="min", minimum=1
)
# Soft bounces: retried after 1 h, 4 h, 16 h… up to this many attempts, then failed.
RELAIS_BOUNCE_SOFT_MAX_ATTEMPTS = env_int(
    "RELAIS_BOUNCE_SOFT_MAX_ATTEMPTS", 4, minimum=1
)

# --- Outbound HTTP and social listening (docs/listening.md) -----------------------------------
# host:port pairs that relais.core.outbound may reach although they are private or loopback
# addresses (comma-separated); nothing else on the server's network can be reached.
RELAIS_OUTBOUND_ALLOW = [
    entry.strip()
    for entry in os.environ.get("RELAIS_OUTBOUND_ALLOW", "").split(",")
    if entry.strip()
]
# The shared secret of the mentions webhook (POST /api/v1/mentions/webhook); unset: refused.
RELAIS_WEBHOOK_SECRET = os.environ.get("RELAIS_WEBHOOK_SECRET", "")
# Minutes between two polls of a source unless the source sets its own interval.
RELAIS_POLL_MINUTES = int(os.environ.get("RELAIS_POLL_MINUTES", "15"))
# Seen-set entries (dedupe memory) older than this many days are pruned.
RELAIS_SEEN_DAYS = int(os.environ.get("RELAIS_SEEN_DAYS", "365"))

# Automation (relais.automation): the events API refuses bodies larger than this many bytes; a
# rotated HMAC secret stays valid this many hours; web forms accept at most
# RELAIS_FORMS_PER_HOUR submissions an hour from one address (kept hashed) and refuse those
# sent less than RELAIS_FORMS_MIN_SECONDS after the page was shown.
RELAIS_EVENTS_MAX_BYTES = env_int("RELAIS_EVENTS_MAX_BYTES", 65536, minimum=1024)
RELAIS_EVENTS_SECRET_GRACE_HOURS = env_int(
    "RELAIS_EVENTS_SECRET_GRACE_HOURS", 24, minimum=0
)
RELAIS_FORMS_PER_HOUR = env_int("RELAIS_FORMS_PER_HOUR", 20, minimum=1)
RELAIS_FORMS_MIN_SECONDS = env_int("RELAIS_FORMS_MIN_SECONDS", 3, minimum=0)
