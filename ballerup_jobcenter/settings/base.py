"""Settings shared by every environment. Environment-specific modules import * from here.

Configuration comes from the environment:
- DATABASE_URL: unset -> a SQLite file (the embedded default for a laptop);
  postgres://... -> PostgreSQL.
- CELERY_BROKER_URL: unset -> Celery tasks run in-process (eager); redis://... -> a real broker.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .env import env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "auditlog",
    "axes",
    "django_celery_beat",
    "csp",
    "core",
    "employers",
    "citizens",
    "grid",
    "strategy",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Bodies over the limits: 413/400 with a Danish page or JSON before a view reads them.
    "core.limits.RequestLimitsMiddleware",
    # A view failing on the database (connection dropped, deadlock): 503 with a Danish page/JSON.
    "core.database.DatabaseErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.DanishByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.session_renewal.SessionRenewalMiddleware",
    # Personal data is never cached: no-store on every response to a logged-in user or client.
    "core.middleware.NoStoreForAuthenticatedMiddleware",
    "core.api.middleware.LoginRequiredMiddleware",  # Django's, minus the REST API's views
    "core.api_role.ApiAccountWebRefusalMiddleware",  # API accounts: the REST API only
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # The one owner of access logging: every citizen a response shows is logged.
    "core.access.CitizenAccessLogMiddleware",
    # django-axes must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ballerup_jobcenter.urls"
WSGI_APPLICATION = "ballerup_jobcenter.wsgi.application"
ASGI_APPLICATION = "ballerup_jobcenter.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "core.context_processors.runtime",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
EMBEDDED_DATABASE = not DATABASE_URL
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60) if DATABASE_URL else 0,
        conn_health_checks=bool(DATABASE_URL),
    )
}
if EMBEDDED_DATABASE:
    # The pages and the background thread of a GRID run (core.background) share the file: WAL lets
    # reads go on during a write, IMMEDIATE transactions take the write lock up front (waiting
    # up to `timeout` seconds) instead of failing at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, login, sessions ------------------------------------------------------------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # user.has_perm(action, obj): the object rules of core.permissions.
    "core.permissions.ObjectRuleBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Idle timeout: the session ends after SESSION_IDLE_MINUTES without a request.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
# The session is saved again at most every SESSION_RENEW_SECONDS (core.session_renewal), and
# its stored expiry is the idle time plus that interval, so it never ends before the page's count.
SESSION_RENEW_SECONDS = env_int("SESSION_RENEW_SECONDS", 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60 + SESSION_RENEW_SECONDS
# The page warns this many seconds before the idle timeout, with a button to stay logged in.
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 120)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from a meta tag, not the cookie

# A reason given to open another team's citizen (break-glass) holds this long; then it is asked
# for again.
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60)

# An API token expires this many hours after it was issued; the client then asks for a new one.
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 24)

# Brute-force protection: lock per username + IP, so one office's shared IP is not locked out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files (vendored, served by whitenoise; no CDN) ------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes an anonymous request a 401, not a 403.
        "core.api.authentication.AuditedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Bounded: too deep JSON or too many fields -> 400 with a Danish detail (core.limits).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.BoundedJSONParser",
        "core.api.parsers.BoundedFormParser",
        "core.api.parsers.BoundedMultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jobcenter Ballerup API",
    "DESCRIPTION": (
        "REST API for Jobcenter Ballerup's case management and employer matching. "
        "Authenticate with `POST /api/v1/auth/token/` and send `Authorization: Token <token>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1/",
    # The error shapes every operation refers to (core.api.schema.AutoSchema adds the answers).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.schema.add_error_components",
    ],
    # Choice sets used under several field names get one enum component each.
    "ENUM_NAME_OVERRIDES": {
        "AccommodationEnum": "core.choices.Accommodation",
        "LanguageCodeEnum": "core.choices.LANGUAGE_CHOICES",
        "AlertCodeEnum": "citizens.models.Alert.Code",
    },
}

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
BROKER_TIMEOUT = float(env_int("CELERY_BROKER_TIMEOUT_SECONDS", 1))
EAGER_TASKS = not CELERY_BROKER_URL
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or CELERY_BROKER_URL or None
CELERY_TASK_ALWAYS_EAGER = EAGER_TASKS
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    # Longer than the longest task, so an unacknowledged task is redelivered only when its
    # worker really died.
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # A broker that is down answers within a second: no request waits on it (core.queue).
    "socket_connect_timeout": BROKER_TIMEOUT,
    # A broker that accepts but never answers: above the consumer's 1 s BRPOP wait.
    "socket_timeout": BROKER_TIMEOUT + 1,
    "max_retries": 0,
}
# A request never waits on the broker: short connection timeouts, no publish retries (the
# outbox in core.queue retries instead), and no result backend round trip per task sent.
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = BROKER_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Periodic tasks. django_celery_beat's DatabaseScheduler copies these entries into its tables.
CELERY_BEAT_SCHEDULE = {
    "citizens-refresh-alerts-nightly": {
        "task": "citizens.tasks.refresh_all_alerts",
        "schedule": crontab(hour=2, minute=30),  # CELERY_TIMEZONE: Europe/Copenhagen
    },
    "strategy-snapshot-nightly": {
        # The previous and the current quarter; the first run back-fills (strategy.tasks).
        "task": "strategy.tasks.snapshot_current",
        "schedule": crontab(hour=3, minute=15),
    },
    "core-drain-outbox": {
        # Follow-up tasks the broker could not take when their change was saved (core.queue).
        "task": "core.drain_outbox",
        "schedule": timedelta(minutes=1),
    },
    "grid-stale-runs": {
        # Runs whose worker died: shards retried, or the run failed (grid.services).
        "task": "grid.tasks.recover_stale_runs",
        "schedule": timedelta(minutes=2),
    },
    "citizens-anonymise-expired-nightly": {
        # Closed cases past the retention period (citizens.retention): anonymised.
        "task": "citizens.tasks.anonymise_expired",
        "schedule": crontab(hour=1, minute=45),
    },
    "grid-match-run-nightly": {
        # All active citizens x all open openings (grid.tasks); after the alerts are fresh.
        "task": "grid.tasks.nightly_match_run",
        "schedule": crontab(hour=4, minute=0),
    },
}
# The GRID: citizens per shard of a match run (grid.services), incremental runs on changes.
GRID_SHARD_SIZE = env_int("GRID_SHARD_SIZE", 5000)
GRID_INCREMENTAL = True
# Without a broker (tasks eager) a run executes in a background thread of the process, so the page
# or API call that started it returns at once (grid.services.runs_in_thread, core.background).
GRID_RUN_IN_THREAD = True
# Runs whose worker died (grid.run_recovery, checked by beat every two minutes): a shard not done
# this long after its attempt began is sent again, up to the attempts below, then its run fails;
# a run no worker started within the queue limit fails.
GRID_SHARD_TIME_LIMIT_MINUTES = env_int("GRID_SHARD_TIME_LIMIT_MINUTES", 10)
GRID_SHARD_MAX_ATTEMPTS = env_int("GRID_SHARD_MAX_ATTEMPTS", 3)
GRID_RUN_QUEUE_LIMIT_MINUTES = env_int("GRID_RUN_QUEUE_LIMIT_MINUTES", 30)

# --- Limits on input ---------------------------------------------------------------------------
# Request bodies: larger ones answer 413, more fields 400, with a Danish page or JSON
# (core.limits). The CSV upload has its own size limit (employers.forms.MAX_CSV_BYTES).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 1000)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
# Any body, file uploads included (the largest file accepted is the 2 MiB CSV import).
REQUEST_MAX_BODY_BYTES = env_int("REQUEST_MAX_BODY_BYTES", 10 * 1024 * 1024)
# JSON sent to the API may nest at most this deep (core.api.parsers).
API_JSON_MAX_DEPTH = env_int("API_JSON_MAX_DEPTH", 32)
# Employer CSV import (employers.imports): rows a file, rows through the web page (larger files
# through `manage.py import_employers`), rows per transaction.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_WEB_MAX_ROWS = env_int("IMPORT_WEB_MAX_ROWS", 1000)
IMPORT_BATCH_ROWS = env_int("IMPORT_BATCH_ROWS", 500)

# --- CPR numbers at rest (core.cpr_crypto) ------------------------------------------------------
# Comma-separated; the first key is the current one (rotation: put a new key first, run
# `manage.py rotate_cpr_keys`). Required in production; local and test derive development keys
# from SECRET_KEY (CPR_KEYS_DERIVED says so).
CPR_ENCRYPTION_KEYS = env_list("CPR_ENCRYPTION_KEYS")
CPR_HASH_KEYS = env_list("CPR_HASH_KEYS")
CPR_KEYS_DERIVED = False

# --- Audit ----------------------------------------------------------------------------------
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
# The access and change logs are kept at least this long (domain guide: at least 6 months).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 400)

# Closed cases are anonymised this many days after their last course ended (citizens.retention;
# 5 years), by the nightly task; managers see those due within the warning period beforehand.
CASE_RETENTION_DAYS = env_int("CASE_RETENTION_DAYS", 1825)
RETENTION_WARNING_DAYS = env_int("RETENTION_WARNING_DAYS", 30)

# --- Demo -------------------------------------------------------------------------------------
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "demo-ballerup")

# --- Logging ----------------------------------------------------------------------------------
# No CPR number in a log line: every handler masks CPR-like sequences (core.log_masking), Django's
# own (runserver's request lines, the e-mail to the admins) included; so do error reports.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "mask_cpr": {"()": "core.log_masking.MaskCprFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_cpr"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_cpr"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "mask_cpr"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
DEFAULT_EXCEPTION_REPORTER = "core.log_masking.CprSafeExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.log_masking.CprSafeExceptionReporterFilter"
