"""Settings for `make run` on one machine: SQLite (WAL), embedded broker, debug on."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-secret")
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING["handlers"]["stdout"]["formatter"] = LOG_FORMAT  # noqa: F405

# The SQLite file, uploads and the embedded broker's folders live under var/.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
for _key in ("data_folder_in", "data_folder_out", "control_folder"):
    if _key in CELERY_BROKER_TRANSPORT_OPTIONS:  # noqa: F405
        Path(str(CELERY_BROKER_TRANSPORT_OPTIONS[_key])).mkdir(parents=True, exist_ok=True)  # noqa: F405
