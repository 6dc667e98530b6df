"""Xeber's one settings module: every value that differs between machines comes from
the environment (see README.md, "Configuration"). SQLite and an in-process cache by
default; PostgreSQL and Redis when DATABASE_URL and REDIS_URL say so."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from xeber.core.env import EnvError, env_bool, env_int, env_list, env_secret, env_str
from xeber.embeds.providers import frame_sources

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(env_str("XEBER_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# SECRET_KEY, or SECRET_KEY_FILE, or the key `make install` generates in var/secret_key.
SECRET_KEY = env_secret("SECRET_KEY")
if not SECRET_KEY and (VAR_DIR / "secret_key").is_file():
    SECRET_KEY = (VAR_DIR / "secret_key").read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise EnvError("SECRET_KEY must be set when DEBUG is off (README.md, Configuration)")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "xeber.core.vendor_apps.SignInLockoutConfig",  # django-axes
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "xeber.core",
    "xeber.rates",
    "xeber.media",
    "xeber.news",
    "xeber.editorial",
    "xeber.search",
    "xeber.syndication",
    "xeber.pagecache",
    "xeber.api",
    "xeber.embeds",
    "xeber.live",
    "django_tasks",
    "xeber.core.vendor_apps.TaskQueueConfig",  # django_tasks_db
    "xeber.deliveries",
    "xeber.telegram",
    "xeber.push",
    "xeber.newsletters",
    "xeber.alerts",
    "xeber.analytics",
    "xeber.desk",
    "xeber.accounts",
    "xeber.identity",
]

MIDDLEWARE = [
    # Outermost: a page is stored with every header the others give it (security policy,
    # ETag), so a hit needs none of them (xeber/pagecache/wsgi.py answers hits even
    # before Django).
    "xeber.pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag for every GET answered in full, and 304 when the client already has it.
    "django.middleware.http.ConditionalGetMiddleware",
    "csp.middleware.CSPMiddleware",
    "xeber.editorial.middleware.EditorImportMapCSPMiddleware",
    "xeber.identity.middleware.ThemeStyleCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "xeber.syndication.middleware.LegacyRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "xeber.editorial.middleware.StaffLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # After the password, the second factor (xeber/accounts/gate.py).
    "xeber.accounts.gate.TwoFactorGate",
]

ROOT_URLCONF = "xeber.urls"
WSGI_APPLICATION = "xeber.wsgi.application"

TEMPLATES = [
    {
        # Readers' pages, from each app's jinja2/ folder (templating.py says why).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "xeber.templating.environment"},
    },
    {
        # The back office (Django's admin) and the header fragments.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# --- Database and cache -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'xeber.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; IMMEDIATE avoids lock upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if DEBUG else 600
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with a health check that needs no round trip (core/postgres/).
    DATABASES["default"]["ENGINE"] = "xeber.core.postgres"
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        # Parameters bound by the server let psycopg prepare a query it has run 5 times on a
        # connection: the server then skips parsing it, and planning it where one plan suits
        # all values; both cost more than running the article page's queries. (Behind
        # PgBouncer in transaction mode, turn it off.)
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, answering as an empty cache while Redis is down.
            "BACKEND": "xeber.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "xeber",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
    # The versions that invalidate pages (xeber/pagecache/versions.py) live with them.
    CACHES["versions"] = CACHES["default"]
else:
    # Pages in one process's memory: right for `make run` (one process, several threads);
    # several processes or servers share Redis instead (REDIS_URL). The versions that
    # invalidate them are seen by every process of the machine, so that a command's change
    # (`import-text`, `fetch-rates`) reaches the server's pages at once.
    CACHES = {
        "default": {
            "BACKEND": "xeber.core.cache.LocalMemoryCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "versions": {
            "BACKEND": "xeber.pagecache.sqlitecache.SQLiteCache",
            "LOCATION": str(VAR_DIR / "cache" / "versions.sqlite3"),
        },
    }

# --- Languages, editions and time ---------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Russian")), ("az", _("Azerbaijani")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Baku")

# The currencies whose official rate stands in every page's header.
HEADER_CURRENCIES = env_list("HEADER_CURRENCIES", "USD,EUR,RUB")
# Upper bound on how long the header (rates, breaking news, sections) is reused; changes
# invalidate it at once, so this only bounds drift after edits made outside Django.
MASTHEAD_CACHE_SECONDS = env_int("MASTHEAD_CACHE_SECONDS", 300)
SITE_NAME = env_str("SITE_NAME", "Xeber")
# The script check's «ё» policy (xeber/editorial/scriptcheck.py): "e" (write е, flag ё),
# "yo" (flag е where ё is certain), "" (neither).
SCRIPT_CHECK_YO = env_str("SCRIPT_CHECK_YO", "e")
# The site's address as readers reach it, for links made outside a request (Telegram posts,
# newsletters): "https://news.example.az".
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
PAGE_SIZE = env_int("PAGE_SIZE", 20)
# Longest life of a whole page in the cache; any content change ends it at once; 0 turns
# the page cache off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 60)
# How long nginx or a CDN in front may keep a page (its s-maxage): they are not told of
# changes, so this is how late a change may reach readers through them.
SHARED_CACHE_SECONDS = env_int("SHARED_CACHE_SECONDS", 1)
# How far apart the app servers' clocks may be (xeber/pagecache/versions.py).
PAGE_CACHE_CLOCK_MARGIN_MS = env_int("PAGE_CACHE_CLOCK_MARGIN_MS", 500)
# How often a reader's open live page asks for new entries (xeber/live), by default: each
# live page can set its own. Through nginx or a CDN, an entry reaches readers within this
# plus SHARED_CACHE_SECONDS.
LIVE_POLL_SECONDS = env_int("LIVE_POLL_SECONDS", 5)

# --- Static and media files ---------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# --- Security -----------------------------------------------------------------------
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
# HTTPS is the secure default in production; `make run` turns it off for plain-HTTP loopback.
HTTPS = env_bool("HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# Proxies whose X-Forwarded-For is believed (xeber/core/throttle.py): nginx on this machine.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise EnvError(f"TRUSTED_PROXIES: {_proxy!r} is not an address or a network") from None
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        # frame-src: the players of the enabled embed providers only (EMBED_PROVIDERS,
        # below), loaded when a reader presses play; no provider's script is ever loaded.
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies older hashes, then upgrades
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling: refuses before checking
    "django.contrib.auth.backends.ModelBackend",
]
# Two-factor sign-in (xeber/accounts): required of editors, chief editors and superusers
# unless turned off (`make run`'s demo newsroom turns it off, and says so).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
# The host name passkeys are bound to (xeber/accounts/passkeys.py); by default the host the
# back office is reached at. Set it to the parent domain to share passkeys across subdomains.
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "")


def _totp_issuer(device) -> str:
    """The newsroom's name, as authenticator apps list the account (xeber/identity)."""
    from xeber.news.masthead import newsroom_name

    return newsroom_name()


OTP_TOTP_ISSUER = _totp_issuer
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The client's own address behind nginx: with REMOTE_ADDR every attempt would come from
# 127.0.0.1, and anyone could lock an editor out by typing their name.
AXES_CLIENT_IP_CALLABLE = "xeber.core.throttle.request_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "editorial/lockout.html"
AXES_VERBOSE = False
# How long a shared preview link of an unpublished article works.
PREVIEW_MAX_AGE = env_int("PREVIEW_MAX_AGE_SECONDS", 3 * 24 * 3600)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "pymorphy3": {"level": "WARNING"},
        # httpx logs every request's address, and a Telegram bot's token is in it; so does
        # python-telegram-bot's debug output.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        "telegram": {"level": "WARNING"},
    },
}

# Let the app serve uploaded media itself: for `make run` on loopback, never production.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# --- Fetching from the network (xeber/core/http.py) -----------------------------------
FETCH_CONNECT_TIMEOUT = float(env_str("FETCH_CONNECT_TIMEOUT", "5"))
FETCH_READ_TIMEOUT = float(env_str("FETCH_READ_TIMEOUT", "10"))
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024)
FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES", False)

# --- Video and social embeds (xeber/embeds) -----------------------------------------------
# Whose links pasted alone in a paragraph become embeds (all seven by default).
EMBED_PROVIDERS = env_list("EMBED_PROVIDERS", "youtube,vimeo,x,instagram,facebook,tiktok,telegram")
# A newsroom's own oEmbed providers, comma-separated, each
# "Name|oEmbed endpoint|hosts of its links|hosts of its player" (hosts space-separated).
EMBED_OEMBED_PROVIDERS = env_list("EMBED_OEMBED_PROVIDERS", "")
# Built-in providers' oEmbed endpoints moved elsewhere (a mirror, a test server):
# "youtube=https://...,vimeo=https://...".
EMBED_OEMBED_ENDPOINTS = env_list("EMBED_OEMBED_ENDPOINTS", "")
# Instagram and Facebook describe posts only to an app's token; without one their posts
# are embedded from their address alone (no title or picture).
EMBED_META_ACCESS_TOKEN = env_secret("EMBED_META_ACCESS_TOKEN")
CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] = frame_sources(
    EMBED_PROVIDERS, EMBED_OEMBED_PROVIDERS
)

# --- Official rates (xeber/rates) ---------------------------------------------------
RATES_URL_TEMPLATE = env_str(
    "RATES_URL_TEMPLATE", "https://www.cbar.az/currencies/{date:%d.%m.%Y}.xml"
)

# --- The JSON API (xeber/api) ----------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_str("API_ANON_RATE", "120/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": f"{SITE_NAME} API",
    "DESCRIPTION": "Articles, sections, tags, authors, breaking news, official rates and search "
    "of a Xeber newsroom; token-authenticated drafts for partners and apps.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Articles and embeds both have a `kind`: each its own named enum.
    "ENUM_NAME_OVERRIDES": {"ArticleKindEnum": "xeber.news.models.Article.Kind"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "xeber.api.schema.document_errors",
    ],
}


# --- Deliveries: Telegram, web push, newsletters (xeber/deliveries) -------------------------
# Outbound work runs as tasks of django-tasks (Django 6's django.tasks) on its database
# backend: `xeber db_worker` runs them, one or more per machine, sharing the database.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A delivery being sent is someone's for this long: a worker killed mid-task leaves it to
# be taken up again after it (deliveries_resume, run by `xeber scheduler`).
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 120)
DELIVERY_MAX_ATTEMPTS = env_int("DELIVERY_MAX_ATTEMPTS", 8)
# Recipients of a push or a newsletter read and sent at a time (xeber/deliveries/broadcast.py).
BROADCAST_BATCH = env_int("BROADCAST_BATCH", 1000)
MAIL_BATCH = env_int("MAIL_BATCH", 100)  # letters: a stopped worker sends at most these twice
# Telegram's Bot API (a test server or a local Bot API server elsewhere).
TELEGRAM_API_URL = env_str("TELEGRAM_API_URL", "https://api.telegram.org/bot")
TELEGRAM_TIMEOUT = float(env_str("TELEGRAM_TIMEOUT", "10"))
# python-telegram-bot gives durations (a 429's retry_after) as timedeltas, as it will by default.
os.environ.setdefault("PTB_TIMEDELTA", "true")

# Web push (xeber/push): the VAPID key pair is made by `xeber vapid_keys` into this file,
# outside the repository; without it the header shows no bell.
VAPID_PRIVATE_KEY_FILE = Path(
    env_str("VAPID_PRIVATE_KEY_FILE", str(VAR_DIR / "vapid_private_key.pem"))
)
# Who push services may write to about our pushes (RFC 8292's "sub"): mailto: or https:.
PUSH_CONTACT = env_str("PUSH_CONTACT", "mailto:newsroom@localhost")
# The push services readers' browsers use: a subscription elsewhere is refused, so no one
# can make Xeber post to an address of their choosing.
PUSH_SERVICE_HOSTS = env_list(
    "PUSH_SERVICE_HOSTS",
    "fcm.googleapis.com,updates.push.services.mozilla.com,web.push.apple.com,"
    "*.notify.windows.com,*.push.apple.com",
)
# How long a push service keeps a push for a browser that is offline (news goes stale).
PUSH_TTL_SECONDS = env_int("PUSH_TTL_SECONDS", 4 * 3600)
PUSH_CONCURRENCY = env_int("PUSH_CONCURRENCY", 64)  # pushes in flight at once
PUSH_TIMEOUT = float(env_str("PUSH_TIMEOUT", "10"))

# Newsletters (xeber/newsletters): mail through SMTP by default, or a provider's API with
# django-anymail: EMAIL_BACKEND=anymail.backends.<provider>.EmailBackend and its settings
# as ANYMAIL_<NAME> variables (ANYMAIL_POSTMARK_SERVER_TOKEN=...).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))  # `make run` writes here
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_")
}
NEWSLETTER_FROM = env_str("NEWSLETTER_FROM", f"{SITE_NAME} <newsroom@localhost>")
DEFAULT_FROM_EMAIL = NEWSLETTER_FROM
SERVER_EMAIL = NEWSLETTER_FROM
# The daily digest: composed at DIGEST_COMPOSE_AT (local time), editable until it goes at
# DIGEST_SEND_AT, with at most DIGEST_SIZE stories (the day's main ones first).
DIGEST_COMPOSE_AT = env_str("DIGEST_COMPOSE_AT", "17:00")
DIGEST_SEND_AT = env_str("DIGEST_SEND_AT", "18:00")
DIGEST_SIZE = env_int("DIGEST_SIZE", 8)
