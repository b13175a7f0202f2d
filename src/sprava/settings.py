"""Django settings, built from the environment through small typed helpers.

This is the only module that reads the environment at import time. Every path of state lives
under one data directory, SPRAVA_HOME: the database (SQLite by default), the vault and the keys.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sprava.integrity.errors import ConfigurationError


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [part.strip() for part in value.split(",") if part.strip()]


def default_home() -> Path:
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "sprava"


def sprava_home() -> Path:
    raw = env_str("SPRAVA_HOME")
    return Path(raw).expanduser().resolve() if raw else default_home()


def database_from_url(url: str, home: Path) -> dict[str, Any]:
    """Turn DATABASE_URL into a Django DATABASES entry; empty means SQLite under SPRAVA_HOME."""
    if not url:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(home / "sprava.sqlite3"),
            # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of
            # failing with "database is locked" when a read transaction is upgraded.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                # A 32 MiB page cache per connection (the default is 2 MiB), for the index
                # pages of big lists. Another connection's commit empties it (WAL), so it helps
                # runs of reads; each server thread has one, hence not more.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                                "PRAGMA cache_size=-32768;",
            },
            # Keep a worker's connection between requests: opening one (and its PRAGMAs and
            # schema read) cost more than a small page's queries.
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ConfigurationError(
            f"DATABASE_URL must start with postgresql:// (got {parts.scheme or 'nothing'}://)"
        )
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "sprava",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # No JIT compilation: the permission filters make queries of many subqueries whose
        # estimated cost (high on tables without statistics yet) makes PostgreSQL compile
        # each one, which took 8 s for an item page that runs in milliseconds (measured on
        # PostgreSQL 15). Pages ask many small queries; JIT pays off only for long reports.
        "OPTIONS": {"options": "-c jit=off"},
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"NAME": env_str("SPRAVA_TEST_DATABASE", "") or None},
    }


def secret_key(home: Path) -> str:
    """The web secret key: from the environment, or the file `init` writes.

    Before `init` there is no file; a random key lets management commands run, and sessions
    signed with it simply do not survive a restart.
    """
    from_env = env_str("SPRAVA_SECRET_KEY")
    if from_env:
        return from_env
    path = home / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return secrets.token_urlsafe(50)


SPRAVA_HOME = sprava_home()
SECRET_KEY = secret_key(SPRAVA_HOME)
DEBUG = env_bool("SPRAVA_DEBUG", False)
ALLOWED_HOSTS = env_list("SPRAVA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SPRAVA_CSRF_TRUSTED_ORIGINS")
# Extra age recipients (escrow or backup keys) every new blob is also encrypted to.
SPRAVA_EXTRA_RECIPIENTS = env_list("SPRAVA_EXTRA_RECIPIENTS")
# Origin line of the custody log's checkpoints (C2SP tlog-checkpoint).
SPRAVA_LOG_ORIGIN = env_str("SPRAVA_LOG_ORIGIN", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # the API docs page's template and its static files (Swagger UI), no CDN
    "sprava.ledger",
    "sprava.cases",
    "sprava.evidence",
    "sprava.records",
    "sprava.accounts",
    "sprava.search",
    "sprava.law",
    "sprava.web",
]

MIDDLEWARE = [
    "sprava.web.signing.CheckpointMiddleware",  # first: signs after everything else appended
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sprava.web.accounts.middleware.EndedSessionMiddleware",  # before LoginRequired: it signs out
    "sprava.web.accounts.middleware.IdleTimeoutMiddleware",  # before LoginRequired: it signs out
    "sprava.web.middleware.LoginRequiredMiddleware",
    "sprava.web.accounts.middleware.TwoFactorRequiredMiddleware",  # after: needs the signed-in user
    "sprava.web.middleware.RefusalMiddleware",  # innermost: it answers the views' refusals
]

ROOT_URLCONF = "sprava.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
WSGI_APPLICATION = "sprava.wsgi.application"

DATABASES = {"default": database_from_url(env_str("DATABASE_URL"), SPRAVA_HOME)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's model backend, also reading the user's session generation (`accounts.sessions`).
AUTHENTICATION_BACKENDS = ["sprava.accounts.sessions.AccountBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Not a rule: ends sessions and revokes tokens after a new password, whatever saved it.
    {"NAME": "sprava.accounts.passwords.EndSessionsOnNewPassword"},
]

LANGUAGE_CODE = "en"
# The interface in English, Belarusian and Russian; each user switches in the page header.
LANGUAGES = [("en", "English"), ("be", "Беларуская"), ("ru", "Русский")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
# Date formats Django lacks (Belarusian) or gets wrong (the Russian day and month).
FORMAT_MODULE_PATH = ["sprava.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = None  # nothing is collected: WhiteNoise serves from the package (finders)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "records:case-list"  # a documenter works case by case
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_AGE = env_int("SPRAVA_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = env_bool("SPRAVA_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# The evidence upload view streams files into the vault (sprava.evidence.uploads); these limits
# apply to any other upload, which is kept in memory and never spooled to disk in clear.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["django.core.files.uploadhandler.MemoryFileUploadHandler"]
# Static files are served from the package itself: nothing to collect before `sprava serve`.
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("SPRAVA_MAX_UPLOAD_FILES", 500)

# Accounts: idle sign-out, two-factor requirement, lockout after failed log-ins.
SPRAVA_IDLE_SECONDS = env_int("SPRAVA_IDLE_SECONDS", 30 * 60)  # 0 turns it off
SPRAVA_REQUIRE_TWO_FACTOR = env_bool("SPRAVA_REQUIRE_TWO_FACTOR", False)
SPRAVA_ENROLMENT_CODE_HOURS = env_int("SPRAVA_ENROLMENT_CODE_HOURS", 72)
SPRAVA_LOCKOUT_ATTEMPTS = env_int("SPRAVA_LOCKOUT_ATTEMPTS", 5)
SPRAVA_LOCKOUT_ADDRESS_ATTEMPTS = env_int("SPRAVA_LOCKOUT_ADDRESS_ATTEMPTS", 20)
SPRAVA_LOCKOUT_WINDOW_SECONDS = env_int("SPRAVA_LOCKOUT_WINDOW_SECONDS", 900)
SPRAVA_LOCKOUT_SECONDS = env_int("SPRAVA_LOCKOUT_SECONDS", 900)
# Behind a reverse proxy, the header that carries the client's address (e.g. HTTP_X_REAL_IP);
# without it everyone shares the proxy's address and one attacker could lock everyone out.
SPRAVA_CLIENT_IP_HEADER = env_str("SPRAVA_CLIENT_IP_HEADER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("SPRAVA_LOG_LEVEL", "WARNING")},
}
