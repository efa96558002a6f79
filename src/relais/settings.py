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

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("RELAIS_DATA_DIR", "relais-data")).resolve()


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def _secret_key() -> str:
    """Use RELAIS_SECRET_KEY, else a random key kept in the data directory."""
    if key := os.environ.get("RELAIS_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        path.write_text(key)
        path.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("RELAIS_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("RELAIS_ALLOWED_HOSTS", "*").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip()
    for o in os.environ.get("RELAIS_CSRF_TRUSTED_ORIGINS", "").split(",")
    if o.strip()
]

INSTALLED_APPS = [
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
    "relais.service",
    "relais.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
    DATA_DIR.mkdir(parents=True, exist_ok=True)
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
USE_TZ = True
TIME_ZONE = os.environ.get("RELAIS_TIME_ZONE", "Europe/Paris")

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(
    parents=True, exist_ok=True
)  # whitenoise warns on every request otherwise
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Region used to read phone numbers written without an international prefix ("06 12 34 56 78").
RELAIS_DEFAULT_REGION = os.environ.get("RELAIS_DEFAULT_REGION", "FR").upper()

# Duplicates (docs/deployment.md, docs/matching.md): pairs scored at or above the review
# threshold go to the review queue; at or above the auto threshold they are merged without
# review when automatic merging is on (it can always be undone).
RELAIS_MATCHING_REVIEW_THRESHOLD = float(
    os.environ.get("RELAIS_MATCHING_REVIEW_THRESHOLD", "0.75")
)
RELAIS_MATCHING_AUTO_THRESHOLD = float(
    os.environ.get("RELAIS_MATCHING_AUTO_THRESHOLD", "0.9")
)
RELAIS_MATCHING_AUTO_MERGE = _env_bool("RELAIS_MATCHING_AUTO_MERGE", True)
# Memory the embedded DuckDB may use for a batch duplicate search before spilling to disk.
RELAIS_MATCHING_MEMORY_LIMIT = os.environ.get("RELAIS_MATCHING_MEMORY_LIMIT", "2GB")

# An import that creates more contacts than this checks them for duplicates in a background
# job once it has committed (a batch search of the whole base); smaller imports check inline.
RELAIS_IMPORT_INLINE_CHECK_MAX = int(
    os.environ.get("RELAIS_IMPORT_INLINE_CHECK_MAX", "20000")
)

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "relais",
    "filename": str(DATA_DIR / "jobs.sqlite3"),
    "immediate": _env_bool("RELAIS_JOBS_IMMEDIATE"),
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
EMAIL_PORT = int(os.environ.get("RELAIS_SMTP_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("RELAIS_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("RELAIS_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("RELAIS_SMTP_STARTTLS", default=True)
EMAIL_USE_SSL = _env_bool("RELAIS_SMTP_TLS")
if EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # implicit TLS (port 465) and STARTTLS exclude each other
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("RELAIS_MAIL_FROM", "relais@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The address people reach Relais at, for links in emails and calendar feeds.
RELAIS_BASE_URL = os.environ.get("RELAIS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# The digest job runs every day at this local hour (0-23), RELAIS_TIME_ZONE.
RELAIS_DIGEST_HOUR = int(os.environ.get("RELAIS_DIGEST_HOUR", "7"))
# Whether the digest also lists tomorrow's tasks.
RELAIS_DIGEST_TOMORROW = _env_bool("RELAIS_DIGEST_TOMORROW", default=True)
# Privacy and freshness (docs/privacy.md).
# "apply": a contact's own corrections are applied at once; "review": the owner approves them.
RELAIS_SELF_UPDATE_MODE = (
    os.environ.get("RELAIS_SELF_UPDATE_MODE", "apply").strip().lower()
)
RELAIS_SELF_UPDATE_DAYS = int(os.environ.get("RELAIS_SELF_UPDATE_DAYS", "30"))
# Contacts with no interaction and no consent for this long are listed for review.
RELAIS_RETENTION_MONTHS = int(os.environ.get("RELAIS_RETENTION_MONTHS", "36"))
# Key of the suppression list's hashes; defaults to one derived from the secret key. Set it
# (and keep it) if the secret key may ever change, or erased people could be imported again.
RELAIS_SUPPRESSION_KEY = os.environ.get("RELAIS_SUPPRESSION_KEY", "")

# Campaign sending (docs/campaigns.md): messages per second (evenly spaced) and per rolling
# hour through RELAIS_SMTP_*; 0 means no limit. A campaign may override both.
RELAIS_SEND_RATE_PER_SECOND = float(os.environ.get("RELAIS_SEND_RATE_PER_SECOND", "10"))
RELAIS_SEND_RATE_PER_HOUR = int(os.environ.get("RELAIS_SEND_RATE_PER_HOUR", "5000"))

# --- The message check before every send (docs/campaigns.md) ---------------------------------
# Block a send when the check finds a high-severity problem (an admin may still force it).
RELAIS_CHECK_BLOCK = _env_bool("RELAIS_CHECK_BLOCK", default=True)


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
RELAIS_TRACKING_FLUSH_MS = int(os.environ.get("RELAIS_TRACKING_FLUSH_MS", "100"))
# An IMAP mailbox (imaps://user@host/INBOX) where bounces and replies arrive: polled every
# RELAIS_BOUNCE_POLL_MINUTES by the background worker (password: RELAIS_IMAP_PASSWORD).
RELAIS_BOUNCE_MAILBOX = os.environ.get("RELAIS_BOUNCE_MAILBOX", "").strip()
RELAIS_BOUNCE_POLL_MINUTES = int(os.environ.get("RELAIS_BOUNCE_POLL_MINUTES", "5"))
# Soft bounces: retried after 1 h, 4 h, 16 h… up to this many attempts, then failed.
RELAIS_BOUNCE_SOFT_MAX_ATTEMPTS = int(
    os.environ.get("RELAIS_BOUNCE_SOFT_MAX_ATTEMPTS", "4")
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
