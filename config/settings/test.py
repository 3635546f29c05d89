"""Settings for the test suite."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "tests-only-not-secret"  # noqa: S105
DEBUG = False
# Tests read English unless they ask for Russian (the site's default is DEFAULT_LANGUAGE, "ru").
LANGUAGE_CODE = "en"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The database cache, as in production: shared by the test process and worker processes.
# The real broker: tests that run a worker process consume from RabbitMQ (CI has it).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="amqp://guest:guest@127.0.0.1:5672//")
CELERY_BROKER_TRANSPORT_OPTIONS = {"confirm_publish": True}
CELERY_BROKER_TRANSPORT = None  # the URL's own transport
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2.0
# A worker subprocess must see the same test database, so SQLite's test DB is a file.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}  # noqa: F405
OLLAMA_HOST = env("OLLAMA_HOST", default="http://127.0.0.1:9")  # the fake Ollama per test
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
