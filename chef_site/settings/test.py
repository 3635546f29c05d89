"""Settings for the test suite."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "tests-only-not-secret"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": env.cache_url("CACHE_URL", default="locmemcache://tests"),
}
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
CELERY_TASK_ALWAYS_EAGER = False
OLLAMA_HOST = "http://127.0.0.1:9"  # replaced per test by the fake Ollama fixture
OLLAMA_TIMEOUT = 10.0
OLLAMA_RETRY_BASE_SECONDS = 0.05
OLLAMA_RETRY_MAX_SECONDS = 0.2
LOG_FORMAT = "plain"
LOGGING["handlers"]["stdout"]["formatter"] = "plain"  # noqa: F405
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
AXES_ENABLED = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {  # noqa: F405
    "jobs_user": "1000/hour",
    "jobs_ip": "1000/hour",
    "auth": "1000/hour",
}
