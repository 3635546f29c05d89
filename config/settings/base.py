"""Settings shared by every environment.

Defaults here are safe for a developer's machine only; `production.py` insists on real values.
"""

from pathlib import Path
from typing import Any

import django_stubs_ext
import environ

# Lets typed generics such as ModelAdmin[Scan] and UserCreationForm[User] work at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))

VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_prometheus",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "core",
    "accounts",
    "vision",
    "recipes",
]

MIDDLEWARE = [
    # An unchanged job's API poll gets its 304 here, before the stack below (core/job_etag.py).
    "core.job_etag.NotModifiedMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.logging.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language of a page: the switch's cookie, else Accept-Language, else DEFAULT_LANGUAGE;
    # a signed-in person's profile language overrides it below (accounts.middleware).
    "django.middleware.locale.LocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.ProfileLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

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
                "core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite in WAL mode by default (one machine); PostgreSQL through DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
# Persistent connections double the throughput of status polls (docs/performance.md).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (shared by every process: throttles, circuit breaker) ---------------------------
CACHES = {
    "default": env.cache_url("CACHE_URL", default="dbcache://chef_cache"),
}

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Proxy hops in front of Django whose X-Forwarded-For entry is trusted (1 behind nginx). Lockouts,
# throttles and logs all take the client address from core.client_ip, which reads this.
NUM_PROXIES = env.int("NUM_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"

# --- I18N / static / media ------------------------------------------------------------------
# Every page, message and API error exists in these languages (docs/i18n.md); the default is
# the language of a visitor whose browser asks for neither.
LANGUAGES = [("ru", "Русский"), ("en", "English")]
LANGUAGE_CODE = env("DEFAULT_LANGUAGE", default="ru")
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
# Dates and numbers are written in the active language's formats (Django always localises).
USE_TZ = True
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve media through nginx X-Accel-Redirect after the owner check (production).
MEDIA_X_ACCEL_PREFIX = env("MEDIA_X_ACCEL_PREFIX", default="")

# --- Uploads and request size limits ---------------------------------------------------------
MAX_UPLOAD_MB = env.int("MAX_UPLOAD_MB", default=15)
MAX_IMAGE_PIXELS = env.int("MAX_IMAGE_PIXELS", default=50_000_000)
# Memory one upload may take while it is decoded, judged from its header before any pixel is
# (JPEGs decode at reduced scale; a 12 MP HEIC from a phone takes about 110 MB).
MAX_DECODE_MB = env.int("MAX_DECODE_MB", default=128)
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # non-file body: 1 MB
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
MAX_INGREDIENTS = env.int("MAX_INGREDIENTS", default=60)
MAX_INGREDIENT_LENGTH = 80

# --- Ollama ---------------------------------------------------------------------------------
OLLAMA_HOST = env("OLLAMA_HOST", default="http://127.0.0.1:11434")
# Several Ollama hosts (comma-separated base URLs): each call goes to the least busy one that has
# the model. Empty: the one host of OLLAMA_HOST.
OLLAMA_HOSTS: list[str] = env.list("OLLAMA_HOSTS", default=[])
OLLAMA_VISION_MODEL = env("OLLAMA_VISION_MODEL", default="qwen2.5vl:7b")
OLLAMA_TEXT_MODEL = env("OLLAMA_TEXT_MODEL", default="mistral")
# Per read: the longest wait for the next piece of a reply (or for the first one).
OLLAMA_TIMEOUT = env.float("OLLAMA_TIMEOUT", default=300.0)
OLLAMA_CONNECT_TIMEOUT = env.float("OLLAMA_CONNECT_TIMEOUT", default=5.0)
# Per model call, in total: a model that drips a chunk every few seconds never trips the read
# timeout, so this bounds the whole reply (half the soft job limit: a repair call still fits).
OLLAMA_CALL_DEADLINE_SECONDS = env.float("OLLAMA_CALL_DEADLINE_SECONDS", default=300.0)
OLLAMA_KEEP_ALIVE = env("OLLAMA_KEEP_ALIVE", default="10m")
OLLAMA_IMAGE_MAX_SIDE = 1568
# How each vision model resizes a photo itself, so that it is sent at exactly that size (no bytes,
# resizing or image tokens wasted): keyed by the model name's prefix before the tag (the longest
# wins); a model not listed gets its longest side at most OLLAMA_IMAGE_MAX_SIDE. Entries given as
# JSON in the environment are added to these, or replace the one with the same prefix.
OLLAMA_IMAGE_PROFILES = {
    # Qwen2.5-VL as Ollama 0.9 runs it: sides multiples of 28, 56×56 to 1280×28×28 pixels.
    "qwen2.5vl": {"kind": "qwen", "patch": 28, "min_pixels": 3136, "max_pixels": 1_003_520},
    # Llama 3.2 Vision: the photo fitted into a canvas of at most four 560×560 tiles.
    "llama3.2-vision": {"kind": "tiles", "tile": 560, "max_tiles": 4},
} | env.json("OLLAMA_IMAGE_PROFILES", default={})
# Transient faults (unreachable, timeout, busy, breaker open): the job shows `waiting` and tries
# again with exponential backoff, at least every OLLAMA_RETRY_MAX_SECONDS, and fails only after
# OLLAMA_WAIT_MAX_SECONDS of waiting in all (counted from its first wait).
OLLAMA_RETRY_BASE_SECONDS = env.float("OLLAMA_RETRY_BASE_SECONDS", default=5.0)
OLLAMA_RETRY_MAX_SECONDS = env.float("OLLAMA_RETRY_MAX_SECONDS", default=120.0)
OLLAMA_WAIT_MAX_SECONDS = env.int("OLLAMA_WAIT_MAX_SECONDS", default=1800)
# Circuit breaker of each Ollama host, shared by every worker through the cache.
BREAKER_FAILURE_THRESHOLD = env.int("BREAKER_FAILURE_THRESHOLD", default=3)
BREAKER_RESET_SECONDS = env.int("BREAKER_RESET_SECONDS", default=30)

RECIPES_PER_GENERATION = env.int("RECIPES_PER_GENERATION", default=3)
# When the allergen and diet check withholds recipes, ask the model this many more times for
# the missing ones (0: show what passed). Each round is one more model call.
RECIPE_REPLACEMENT_ROUNDS = env.int("RECIPE_REPLACEMENT_ROUNDS", default=1)
# A banner shown on every page, e.g. to say that the models are simulated in a demo.
SITE_BANNER = env("SITE_BANNER", default="")

# --- Jobs -----------------------------------------------------------------------------------
# Wall-clock limits well under RabbitMQ's 30-minute consumer acknowledgement timeout.
JOB_SOFT_TIME_LIMIT = env.int("JOB_SOFT_TIME_LIMIT", default=600)
JOB_TIME_LIMIT = env.int("JOB_TIME_LIMIT", default=660)
# A queued job not started after this long is re-published; running too long is failed.
JOB_STALE_QUEUED_SECONDS = env.int("JOB_STALE_QUEUED_SECONDS", default=120)
JOB_MAX_AGE_SECONDS = env.int("JOB_MAX_AGE_SECONDS", default=3600)
# A running job's worker refreshes its heartbeat this often; the sweep queues a running job
# again when its heartbeat is older than the timeout (its worker died).
JOB_HEARTBEAT_SECONDS = env.float("JOB_HEARTBEAT_SECONDS", default=10.0)
JOB_HEARTBEAT_TIMEOUT_SECONDS = env.int("JOB_HEARTBEAT_TIMEOUT_SECONDS", default=60)
# An identical request made while one runs joins it; its worker waits at most this long for the
# first one before calling the model itself (keep it below JOB_SOFT_TIME_LIMIT).
JOB_SINGLE_FLIGHT_WAIT_SECONDS = env.int("JOB_SINGLE_FLIGHT_WAIT_SECONDS", default=300)
# A job claimed more often than this (AI retries and redeliveries after a lost worker together)
# is failed instead of run again, so a message that kills its worker cannot loop forever.
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=8)
RETENTION_DAYS = env.int("RETENTION_DAYS", default=90)

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
CELERY_BROKER_TRANSPORT: str | None = None
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Embedded broker for one machine: no service to install. Fast polling keeps latency ~10 ms.
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "polling_interval": env.float("CELERY_BROKER_POLLING_INTERVAL", default=0.01),
    }
    # kombu's filesystem transport with atomic message writes (core/broker.py).
    CELERY_BROKER_TRANSPORT = "core.broker:FilesystemTransport"
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"confirm_publish": True}
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = JOB_SOFT_TIME_LIMIT
CELERY_TASK_TIME_LIMIT = JOB_TIME_LIMIT
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "vision.tasks.*": {"queue": "vision"},
    "recipes.tasks.*": {"queue": "recipes"},
    # Housekeeping has its own queue, which every worker consumes (config/celery.py).
    "chef_site.tasks.*": {"queue": "maintenance"},
}
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=3.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_SEND_TASK_EVENTS = False
CELERY_BEAT_SCHEDULE = {
    # A sweep nobody ran within its period is dropped: the next one does the same work.
    "jobs-sweep": {
        "task": "chef_site.tasks.jobs_sweep",
        "schedule": 30.0,
        "options": {"expires": 25},
    },
    "retention-purge": {"task": "chef_site.tasks.retention_purge", "schedule": 3600.0},
}
# Keep the DB connection across tasks (Celery closes it around every task otherwise).
CELERY_DB_REUSE_MAX = 100

# --- REST API -------------------------------------------------------------------------------
REST_FRAMEWORK: dict[str, Any] = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "core.api.paging.Pagination",
    "PAGE_SIZE": 20,
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "jobs_user": env("THROTTLE_JOBS_USER", default="30/hour"),
        "jobs_ip": env("THROTTLE_JOBS_IP", default="60/hour"),
        "auth": env("THROTTLE_AUTH", default="20/hour"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # For any DRF throttle of ours or not; ours read core.client_ip, which uses the same.
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI Personal Chef API",
    "DESCRIPTION": (
        "Photograph your fridge, get recipes. Long work (scans, generations) answers 202 and is "
        'polled. Every error has the body `{"error": {"code", "message", "details"}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI and ReDoc from our own static files (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {"PromptVariantKindEnum": "core.models.PromptVariant.Kind"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.paging.schema_document_paging_errors",
    ],
}

# --- CORS: closed unless origins are listed ---------------------------------------------------
CORS_ALLOWED_ORIGINS: list[str] = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"

# --- Security headers -------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only our own scripts and styles; images may be data: URLs
# (previews of a photo before upload) and blob: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SESSION_COOKIE_HTTPONLY = True
# The language switch's cookie: read by the server only, never sent from other sites' pages.
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Logging ----------------------------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", default="INFO")
LOG_FORMAT = env("LOG_FORMAT", default="json")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "core.logging.ContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "timestamp", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["context"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler would print each of its lines a second time.
        "django": {"level": "INFO"},
        "django.server": {"level": "WARNING"},  # runserver's line per request
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}

# --- Metrics ----------------------------------------------------------------------------------
# Celery workers serve /metrics on this port (0 = off); web metrics are at /metrics.
WORKER_METRICS_PORT = env.int("WORKER_METRICS_PORT", default=0)
