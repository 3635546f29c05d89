"""Settings for `make run` on one machine: SQLite (WAL), embedded broker, quiet logs.

The product's own error pages show, as in production; DEBUG=true brings Django's debug pages.
"""

from pathlib import Path

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=False)
# Static files straight from static/ (no collectstatic), picked up again when they change.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
}
AXES_VERBOSE = False  # no banner from every process
SECRET_KEY = env("SECRET_KEY", default="local-development-only-not-secret")
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING["handlers"]["stdout"]["formatter"] = LOG_FORMAT  # noqa: F405

# The SQLite file, uploads and the embedded broker's folders live under var/.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
for _key in ("data_folder_in", "data_folder_out", "control_folder"):
    if _key in CELERY_BROKER_TRANSPORT_OPTIONS:  # noqa: F405
        Path(str(CELERY_BROKER_TRANSPORT_OPTIONS[_key])).mkdir(parents=True, exist_ok=True)  # noqa: F405
