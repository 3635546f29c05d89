"""gunicorn settings for the web role.

    gunicorn -c deploy/gunicorn.conf.py config.wsgi:application

Every value can be changed through the environment without rebuilding the image. nginx sits in
front: it buffers slow clients and uploads, so a few workers serve many people.
"""

from __future__ import annotations

import os
from typing import Any

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Three workers fit two cores: requests are short, long work runs in Celery.
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Threads let status polls proceed while a worker waits on the database.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM a worker finishes its requests within this time (compose waits a little longer).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Load the app once in the master: a recycled worker forks ready instead of importing Django
# again (~0.8 s of CPU on the cores that serve). GUNICORN_PRELOAD=false loads it per worker.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() in ("1", "true", "yes", "on")
# gunicorn >= 25.1 opens a control socket under $HOME by default; nothing here uses it, the app
# user's home may be read-only, and two masters on one host would share its path.
control_socket_disable = True
# Heartbeat files in memory, not on the container's overlay filesystem.
worker_tmp_dir = "/dev/shm"  # noqa: S108
# X-Forwarded-* come from nginx on the private network.
forwarded_allow_ips = "*"
# nginx writes the access log (JSON); gunicorn's own messages go to stderr as JSON.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn merges this dict over its own defaults one key deep: "handlers" and "loggers" replace
# its own, but its default "root" (naming its "console" handler) would stay and stop the start with
# "Unable to configure root logger". So "root" is set here too, on our handler.
logconfig_dict: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "timestamp", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "root": {"handlers": ["stderr"], "level": loglevel.upper()},
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
    },
}


def child_exit(server: Any, worker: Any) -> None:
    """Drop a finished worker's live gauges from the multiprocess metrics directory."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
