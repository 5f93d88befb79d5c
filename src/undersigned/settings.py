"""All settings, read from the environment in this one place (docs/settings.md lists them).

The environment is read with four small functions (``env_bool``, ``env_int``,
``env_list`` and ``os.environ``) rather than a library such as django-environ: each
names the variable in its error, which is what an operator needs, and a library would
add a dependency for no other gain. Reading settings writes nothing, but for the one
file Django requires in demo and development: a generated secret key under ``var/``,
kept so that sessions and private links survive restarts (the directories under
``var/`` are made by ``CoreConfig.ready()``).

UNDERSIGNED_ENV chooses the profile: ``production`` (the default: fails closed when the
secret key or allowed hosts are missing), ``demo`` (a generated secret kept under
``var/``, mail written to ``var/mail/``), ``development`` and ``test``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("UNDERSIGNED_VAR_DIR", Path.cwd() / "var")).resolve()

ENV = os.environ.get("UNDERSIGNED_ENV", "production")
if ENV not in {"production", "demo", "development", "test"}:
    raise ImproperlyConfigured(
        f"UNDERSIGNED_ENV must be production, demo, development or test, not {ENV!r}"
    )
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _local_secret_key() -> str:
    """The demo's secret: made once, kept under var/ so sessions and links survive restarts."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production refuses to start without it "
            "(set UNDERSIGNED_ENV=demo or development to run locally)."
        )
    SECRET_KEY = "test-secret-key-not-for-production" if ENV == "test" else _local_secret_key()

DEBUG = env_bool("DEBUG", ENV == "development")
if PRODUCTION and DEBUG:
    # Debug pages show settings and stack frames, with whatever personal data they hold.
    raise ImproperlyConfigured("DEBUG must be off in production.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is not set. Production refuses to start without it.")

# The address people reach the site at; mails build their links from it.
SITE_URL = os.environ.get("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is not set (e.g. https://sign.example.org).")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_countries",
    "django_tasks_db",
    # Two-factor sign-in (twofactor/): the authenticator apps' devices and recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "undersigned.core",
    "undersigned.audit",
    "undersigned.organizations",
    "undersigned.declarations",
    "undersigned.signatures",
    "undersigned.counters",
    "undersigned.contacts",
    "undersigned.roles",
    "undersigned.twofactor",
    "undersigned.retention",
    "undersigned.imports",
    "undersigned.forums",
    "undersigned.lists",
    "undersigned.public",
    "undersigned.organize",
    "undersigned.api",
    "undersigned.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "undersigned.core.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Sessions, users and messages, skipped on the signing forms (core/web/lean.py).
    "undersigned.core.web.lean.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # /api/…: its rate limit, English, the error envelope, CORS (api/middleware.py).
    "undersigned.api.middleware.ApiMiddleware",
    # A NUL anywhere, a form body in another charset than UTF-8: 400 before anything
    # reads it (core/web/hostile.py).
    "undersigned.core.web.hostile.HostileRequestMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "undersigned.core.web.lean.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor (twofactor/).
    "django_otp.middleware.OTPMiddleware",
    "undersigned.core.web.lean.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Any page that holds a POST form gets Referrer-Policy: same-origin (core/web/http.py).
    "undersigned.core.web.http.FormReferrerPolicyMiddleware",
]

ROOT_URLCONF = "undersigned.urls"
WSGI_APPLICATION = "undersigned.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite under var/ by default; PostgreSQL with DATABASE_URL=postgres://...
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    # VAR_DIR is made by CoreConfig.ready(), not here: settings only read.
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'undersigned.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=600)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with writers queued on a lock file instead of SQLite's sleeps
    # (core/db/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "undersigned.core.db.sqlite"
    # Connections persist across requests as on PostgreSQL (CONN_MAX_AGE 600): opening
    # one, with its pragmas, cost more than a signature's insert, and closing the last
    # one checkpoints the WAL; a kept connection also keeps its page cache warm.
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one writer commits; IMMEDIATE takes the write
        # lock at BEGIN so concurrent writers queue on busy_timeout instead of failing
        # with "database is locked" half-way; secure_delete overwrites deleted personal
        # data instead of leaving it in free pages; a 32 MB page cache per connection
        # holds the hot part of a long list's indexes.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON; PRAGMA cache_size=-32000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if ENV == "test":
        DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Tasks ----------------------------------------------------------------------------
TASKS = {
    "default": {
        # django-tasks-db's, with a leaner enqueue (core/queue/backend.py).
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "undersigned.core.queue.backend.DatabaseBackend"
        ),
        # "periodic": jobs the worker's scheduler enqueues (core/queue/schedule.py).
        "QUEUES": ["default", "periodic"],
    }
}
# A worker holds each task it runs under a lease of this many seconds, renewed while it
# lives (every third of it); any worker takes back a task whose lease ran out: its
# worker died (core/queue/leases.py).
TASK_LEASE_SECONDS = env_int("TASK_LEASE_SECONDS", 30)
if TASK_LEASE_SECONDS < 1:
    raise ImproperlyConfigured(f"TASK_LEASE_SECONDS must be 1 or more, not {TASK_LEASE_SECONDS}")

# --- Mail -----------------------------------------------------------------------------
# With EMAIL_HOST set, mail goes to that SMTP relay; without it, each mail is written
# as one .eml file under var/mail/: the embedded default needs no mail server.
MAIL_OUTBOX_DIR = VAR_DIR / "mail"
_email_host = os.environ.get("EMAIL_HOST", "")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 25),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "use_ssl": env_bool("EMAIL_USE_SSL", False),
                "timeout": env_int("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "undersigned.core.mail.OutboxEmailBackend",
            "OPTIONS": {"directory": str(MAIL_OUTBOX_DIR)},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "undersigned <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The demo prints each confirmation link on its console so a visitor can follow it.
MAIL_PRINT_LINKS = env_bool("MAIL_PRINT_LINKS", ENV == "demo")

# --- Caching --------------------------------------------------------------------------
# Rate-limit counters and the daily salt of client hashes live in the cache: local
# memory (per process) by default, Redis (shared by every process) with REDIS_URL.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "undersigned",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Internationalization -------------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("ru", _("Russian")),
    ("uk", _("Ukrainian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# STATUS_DATE_FORMAT per language, beside Django's own formats (formats/, docs/i18n.md).
FORMAT_MODULE_PATH = ["undersigned.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Limits on what a client may send -------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 64 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# --- Security headers -----------------------------------------------------------------
# Nothing is loaded from another site, ever: see docs/security.md.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
    "worker-src": [CSP.SELF],
}
# Powerful browser features no page here uses, switched off (core/web/security.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=(), interest-cohort=()"
)
# The site's .onion address (http://xyz.onion): adds an Onion-Location header so Tor
# Browser offers it.
ONION_LOCATION = os.environ.get("ONION_LOCATION", "").rstrip("/")
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
# A refused form gets a page in the reader's language that says what to do.
CSRF_FAILURE_VIEW = "undersigned.core.web.http.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 63072000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a commitment for the whole domain, made by its owner, not a
        # default a program should take; the deploy check's nudge is silenced.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Logging --------------------------------------------------------------------------
# Log lines carry ids and counts, never personal data (docs/security.md).
# One JSON object per line in production (LOG_FORMAT=json), plain lines elsewhere; a
# redacting filter masks addresses, IPs, phone numbers and link tokens as a last guard.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "plain")
if LOG_FORMAT not in {"json", "plain"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or plain, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {
            "()": "undersigned.core.logging.RedactingFilter",
            # The names an error message gives of the site's own services.
            "hosts": [DATABASES["default"].get("HOST") or "", _email_host],
        },
        # The counter job's run every few seconds is not news (core/logging.py).
        "routine_tasks": {
            "()": "undersigned.core.logging.RoutineTaskFilter",
            "paths": ["undersigned.counters.tasks.fold_counters"],
        },
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "undersigned.core.logging.JSONFormatter"},
    },
    "handlers": {
        "console": {
            # The real standard error: core/logging.py routes sys.stderr through logging.
            "class": "undersigned.core.logging.ConsoleHandler",
            "formatter": LOG_FORMAT,
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # django.request and django.server would log paths holding private tokens.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
        # SQL with its parameters (addresses, names) is never logged, even at DEBUG.
        "django.db.backends": {"level": "INFO"},
        "django.tasks": {"filters": ["routine_tasks"]},
    },
}

# --- Signing --------------------------------------------------------------------------
# How many signatories the declaration page shows per page of its list (page k holds
# positions (k-1)*size+1 to k*size; lists/pagination.py).
SIGNATORY_PAGE_SIZE = env_int("SIGNATORY_PAGE_SIZE", 100)
# Attempts, and the first delay in seconds, for a mail whose SMTP server is down.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
MAIL_RETRY_BASE_SECONDS = env_int("MAIL_RETRY_BASE_SECONDS", 30)
# A repeated signature sends its confirmation mail again at most this often.
MAIL_RESEND_COOLDOWN_SECONDS = env_int("MAIL_RESEND_COOLDOWN_SECONDS", 300)
# Where the per-address keys live (core/shredding.py): outside the database, shared by
# the app processes and the workers of this machine; best a tmpfs (docs/security.md).
ADDRESS_KEYS_DIR = Path(os.environ.get("ADDRESS_KEYS_DIR", VAR_DIR / "address-keys")).resolve()

# --- Anti-spam (signatures/antispam.py, docs/security.md) -----------------------------------
# A client's signatures per hour (keyed on an HMAC of its address with a salt that
# changes daily); over the limit a signature is accepted but held: no mail until a
# moderator releases it. Over the block limit the client gets a 429 page.
SIGN_LIMIT_PER_CLIENT = env_int("SIGN_LIMIT_PER_CLIENT", 10)
SIGN_LIMIT_PER_CLIENT_WITHOUT_POW = env_int("SIGN_LIMIT_PER_CLIENT_WITHOUT_POW", 3)
SIGN_BLOCK_PER_CLIENT = env_int("SIGN_BLOCK_PER_CLIENT", 50)
# Signatures per minute on one declaration before new ones are held (a surge guard);
# 0, the default, is off: a viral declaration must take its signers' surge.
SIGN_LIMIT_PER_DECLARATION = env_int("SIGN_LIMIT_PER_DECLARATION", 0)
# Seconds a person needs at least to fill the form, and how long a form stays valid.
SIGN_MIN_FILL_SECONDS = env_int("SIGN_MIN_FILL_SECONDS", 3)
SIGN_FORM_MAX_AGE_SECONDS = env_int("SIGN_FORM_MAX_AGE_SECONDS", 24 * 3600)
# Proxies in front of the site that append to X-Forwarded-For (0: use REMOTE_ADDR).
RATELIMIT_TRUSTED_PROXIES = env_int("RATELIMIT_TRUSTED_PROXIES", 0)
# The optional self-hosted proof-of-work (ALTCHA): off by default.
ALTCHA_ENABLED = env_bool("ALTCHA_ENABLED", False)
ALTCHA_COST = env_int("ALTCHA_COST", 5000)

# --- Sealed contacts and retention (contacts/, retention/) -----------------------------
# Days after a declaration closes (or is withdrawn) before its sealed contacts are deleted.
CONTACTS_RETENTION_DAYS = env_int("CONTACTS_RETENTION_DAYS", 90)
UNCONFIRMED_RETENTION_DAYS = env_int("UNCONFIRMED_RETENTION_DAYS", 7)
REJECTED_RETENTION_DAYS = env_int("REJECTED_RETENTION_DAYS", 30)
# Mail files of the outbox (var/mail/) and finished task rows are kept this many days.
OUTBOX_RETENTION_DAYS = env_int("OUTBOX_RETENTION_DAYS", 7)
# How often the worker queues the purge (minutes); 0 leaves it to cron or a timer.
PURGE_INTERVAL_MINUTES = env_int("PURGE_INTERVAL_MINUTES", 60)

# --- Forums (forums/, docs/forums.md) ---------------------------------------------------
# How often the worker looks for forums whose next phase is due (seconds); 0 leaves it
# to cron or a timer running `undersigned forum_phases`.
FORUM_PHASE_INTERVAL_SECONDS = env_int("FORUM_PHASE_INTERVAL_SECONDS", 60)

# --- Organizers -----------------------------------------------------------------------
# How often the worker closes the open declarations whose closing date has come (seconds);
# 0 turns the scheduled closing off.
DECLARATION_CLOSING_INTERVAL_SECONDS = env_int("DECLARATION_CLOSING_INTERVAL_SECONDS", 60)
# Failed sign-ins to the workspace allowed per account and per client in 15 minutes
# (organize/signin.py; keyed like the signing path's limits, no address stored).
SIGNIN_LIMIT_PER_ACCOUNT = env_int("SIGNIN_LIMIT_PER_ACCOUNT", 10)
SIGNIN_LIMIT_PER_CLIENT = env_int("SIGNIN_LIMIT_PER_CLIENT", 30)
# How long a team invitation link stays valid once made (roles/invitations.py).
INVITATION_VALID_HOURS = env_int("INVITATION_VALID_HOURS", 72)
# Every holder of a role must turn on two-factor sign-in before any workspace page opens
# (organize/access.py); a verified session only.
TWO_FACTOR_REQUIRED_FOR_ROLES = env_bool("TWO_FACTOR_REQUIRED_FOR_ROLES", False)
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "undersigned"
LOGIN_URL = "organize:login"
LOGIN_REDIRECT_URL = "organize:dashboard"

# --- Counts and caching (counters/, docs/architecture.md) ------------------------------
# Seconds between runs of the job that folds new signatures into the counts.
COUNTER_INTERVAL_SECONDS = env_int("COUNTER_INTERVAL_SECONDS", 5)
# Cache-Control of the public declaration pages: how long a shared cache (a reverse
# proxy) keeps one (s-maxage; browsers revalidate every time), then how long it may
# serve a stale copy while it fetches a fresh one.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 10)
PUBLIC_CACHE_STALE_SECONDS = env_int("PUBLIC_CACHE_STALE_SECONDS", 60)
# Countries with fewer signatories than this are folded into "other" on the stats page
# and in the API's counts by country, so that a lone signer cannot be singled out.
STATS_COUNTRY_THRESHOLD = env_int("STATS_COUNTRY_THRESHOLD", 5)
# How long a declaration page, once built, is kept in the cache under its ETag (0: not
# kept): a crowd reading an unchanged page then costs one query, not the template.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# How long each app process answers repeated requests for a public page from memory,
# before Django (core/web/microcache.py): a crowd refreshing a page then costs almost
# nothing. 0 turns it off (a reverse proxy in front does the same).
PAGE_MICROCACHE_SECONDS = env_int("PAGE_MICROCACHE_SECONDS", 1)
# --- Open data (api/, docs/api.md) ------------------------------------------------------
# Requests a client may send to /api/ in a minute (keyed like the signing limits, on a
# daily-salted hash of its address); over it, 429 with Retry-After. 0: no limit.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# The benchmark's minimal "ceiling" view under /bench/ (demo/bench.py). Never on by
# default; `check --deploy` warns when it is on in production.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", False)
