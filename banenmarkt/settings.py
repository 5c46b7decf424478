"""Settings, read only from the environment.

With no variables set the platform runs on the embedded default: SQLite,
Celery tasks executed in process, email to the console, DEBUG off. Production
sets DATABASE_URL, CELERY_BROKER_URL, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
and EMAIL_URL; `manage.py check --deploy` is clean only then. See
`.env.example`, the README's configuration table and docs/operations.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# docker-compose passes .env itself; a local run can opt in to reading it.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# `make bench` (bench/): adds the bare view it measures every page against.
BENCHMARK = env.bool("BANENMARKT_BENCH", default=False)
# The default key is only good for a local run: its "django-insecure-" prefix
# makes `check --deploy` fail until DJANGO_SECRET_KEY is set.
SECRET_KEY = env(
    "DJANGO_SECRET_KEY",
    default="django-insecure-local-only-0f3c9b1e7a5d4c2b8e6f1a9d3c7b5e2f",
)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates, for the project's form renderer.
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "banenmarkt",
    "fairs",
    "members",
    "moderation",
    "speeddates",
    "placements",
    "conversations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "banenmarkt.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "members.middleware.IdleTimeoutMiddleware",
    "banenmarkt.middleware.PrivacyHeadersMiddleware",
]

# Powerful browser features no page of ours uses, switched off for all.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()"
)

ROOT_URLCONF = "banenmarkt.urls"
WSGI_APPLICATION = "banenmarkt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% url %}` remembering its answers (docs/performance.md).
            "builtins": ["banenmarkt.templatetags.reverse_memo"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "moderation.context_processors.moderator_counts_for_navigation",
                "conversations.context_processors.conversation_counts_for_navigation",
                "fairs.context_processors.board_new_for_navigation",
                "fairs.context_processors.live_fair_banner",
            ],
        },
    },
]

# Every form renders its fields through templates/forms/ (banenmarkt.forms).
FORM_RENDERER = "banenmarkt.forms.FormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# PostgreSQL connections are kept (a minute) by default: opening one per
# request cost a signed-in page view about 5 ms of its 6.6 (the benchmark,
# docs/performance.md). A sync worker holds one connection at a time.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE",
    default=60 if DATABASES["default"]["ENGINE"].endswith("postgresql") else 0,
)
# A kept connection is checked before each request reuses it, so a database
# restart costs one reconnect, not a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_MAX_AGE"] != 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared between processes in production (allauth's rate limits live here);
# a local run keeps it in memory.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
if env("CACHE_URL", default="").startswith(("redis://", "rediss://")):
    # A cache that fails open: with Redis down or hung, a cache read is a
    # miss and a write is skipped after a short wait, so sessions (cached_db:
    # always written to the database too), rate limits and pages carry on.
    CACHES["default"] = {
        "BACKEND": "banenmarkt.cache.FailOpenRedisCache",
        "LOCATION": env("CACHE_URL"),
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.2,
            "SOCKET_TIMEOUT": 0.2,
        },
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

AUTH_USER_MODEL = "members.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "members:dashboard"

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
FORMAT_MODULE_PATH = ["banenmarkt.formats"]

# --- Static files -----------------------------------------------------------
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_ROOT_PRIVATE = env.path(
    "DJANGO_PRIVATE_MEDIA_ROOT", default=BASE_DIR / "media" / "private"
)
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # CVs: never served from a URL, only through the view that checks access.
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        # CVs: readable by the app's own user only.
        "OPTIONS": {
            "location": str(MEDIA_ROOT_PRIVATE),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WHITENOISE_USE_FINDERS = DEBUG

# --- Email ------------------------------------------------------------------
# Django 6.1 configures email through MAILERS; EMAIL_URL (smtp://user:pw@host:port,
# smtp+tls://…) selects SMTP, otherwise mail is printed to the console.
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Online Banenmarkt <noreply@banenmarkt.nl>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_url = env("EMAIL_URL", default="")
if _email_url:
    _email = env.email_url_config(_email_url)
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email.get("EMAIL_HOST") or "localhost",
                "port": _email.get("EMAIL_PORT") or 25,
                "username": _email.get("EMAIL_HOST_USER") or "",
                "password": _email.get("EMAIL_HOST_PASSWORD") or "",
                "use_tls": bool(_email.get("EMAIL_USE_TLS")),
                "use_ssl": bool(_email.get("EMAIL_USE_SSL")),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# --- Accounts (django-allauth) ----------------------------------------------
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Failed logins are limited per address only: someone guessing a password
# from elsewhere must not lock the owner out of their own account (allauth's
# default also limits per account, 5 per 5 minutes). Everything else keeps
# allauth's defaults.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,50/h/ip"}
# Behind a reverse proxy every request comes from the proxy's address: name
# how many proxies stand in front (X-Forwarded-For is read from the right),
# or per-address limits would hold for everyone at once.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
ACCOUNT_LOGOUT_REDIRECT_URL = "fairs:home"
# Role holders get no login code by email (members/accounts.py); a
# reauthentication (password or second step) holds for 5 minutes.
ACCOUNT_ADAPTER = "members.accounts.AccountAdapter"
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300

# --- A second step for staff (allauth.mfa) -----------------------------------
# Everyone with a role (moderator, project team, WSP staff, admin) needs an
# authenticator app (TOTP, with recovery codes) or a passkey before the pages
# of that role open (members/accounts.py, docs/security.md).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Online Banenmarkt"
# A code of the period before or after is accepted too (a phone clock a few
# seconds off, a code typed as it changes).
MFA_TOTP_TOLERANCE = 1
# Only for the demo of `make run` (refused by allauth unless DEBUG is on):
# the demo's staff accounts pass the second step with this code.
MFA_TOTP_INSECURE_BYPASS_CODE = (
    env("DJANGO_DEMO_MFA_CODE", default=None) if DEBUG else None
)
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Idle sessions end: people with a role after 2 hours, members after 14 days
# (members/middleware.py).
IDLE_TIMEOUT_STAFF = timedelta(hours=2)
IDLE_TIMEOUT_MEMBER = timedelta(days=14)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Online Banenmarkt] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https:") else "http"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False


def linkedin_providers(client_id: str, secret: str) -> dict:
    """The OpenID Connect app for "Inloggen met LinkedIn", or nothing.

    Configured here only (never also as a SocialApp row, which allauth would
    treat as a second app). Without both keys there is no provider and the
    login page shows no LinkedIn button.
    """
    if not (client_id and secret):
        return {}
    return {
        "openid_connect": {
            "OAUTH_PKCE_ENABLED": True,
            "APPS": [
                {
                    "provider_id": "linkedin",
                    "name": "LinkedIn",
                    "client_id": client_id,
                    "secret": secret,
                    "settings": {"server_url": "https://www.linkedin.com/oauth"},
                }
            ],
        }
    }


SOCIALACCOUNT_PROVIDERS = linkedin_providers(
    env("LINKEDIN_CLIENT_ID", default=""), env("LINKEDIN_CLIENT_SECRET", default="")
)

# --- Celery -----------------------------------------------------------------
# No broker configured: tasks run in process (eager), so a newcomer needs no
# Redis. With CELERY_BROKER_URL they go to the broker and a worker runs them.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL", default="")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
# A publish that cannot reach Redis gives up quickly: the web request then
# stores the task in the outbox (banenmarkt.outbox) instead of waiting.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Fairs ------------------------------------------------------------------
# Editions are generated this many months ahead; 13 keeps the next twelve
# months covered (docs/fair-calendar.md).
FAIR_MONTHS_AHEAD = env.int("FAIR_MONTHS_AHEAD", default=13)
# A member who downloads this many CVs within the window is stopped and the
# region's moderators are alerted (a job site once lost 150,000 CVs this way).
CV_DOWNLOAD_LIMIT = env.int("CV_DOWNLOAD_LIMIT", default=30)
CV_DOWNLOAD_WINDOW_MINUTES = env.int("CV_DOWNLOAD_WINDOW_MINUTES", default=60)
# OCR of scanned CVs (fairs/ocr.py, docs/operations.md): the programs, found on
# PATH or at these paths. Without them a scanned CV waits for a moderator.
CV_OCR_PDFTOPPM = env("CV_OCR_PDFTOPPM", default="pdftoppm")
CV_OCR_TESSERACT = env("CV_OCR_TESSERACT", default="tesseract")

# --- Security ---------------------------------------------------------------
# Sessions are read from the cache (Redis in production) and written through
# to the database: a page view needs no session query.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# During a live fair the board asks this often for new posts (docs/board.md).
BOARD_POLL_SECONDS = env.int("BOARD_POLL_SECONDS", default=20)
# The board's shared content cache (fairs/board_cache.py): how long a copy of
# a board page is kept at most; every change to a board drops its copies at
# once. Only with a cache that all processes share (Redis): with the local
# memory cache one process could not tell the others. 0 switches it off.
BOARD_CACHE_SECONDS = env.int(
    "BOARD_CACHE_SECONDS",
    default=60
    if env("CACHE_URL", default="").startswith(("redis://", "rediss://"))
    else 0,
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG and env.bool("DJANGO_SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Only our own vendored files; LinkedIn is allowed as a form target because
# the OpenID Connect login form redirects there.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "form-action": [CSP.SELF, "https://www.linkedin.com"],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # One JSON object per line, after the time: ship it as it is.
        "security": {"format": "%(asctime)s security %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "security": {"class": "logging.StreamHandler", "formatter": "security"},
    },
    "loggers": {
        "banenmarkt.security": {
            "handlers": ["security"],
            "level": "INFO",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
}
