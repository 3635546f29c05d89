"""The Celery application. Tasks carry only row ids; the database row is the job's truth."""

import os

from celery import Celery
from celery.signals import worker_process_init, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chef_site.settings.local")

app = Celery("chef_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _start_metrics_server(**_: object) -> None:
    """Expose this worker's metrics for Prometheus (port from WORKER_METRICS_PORT)."""
    from chef_site.metrics import start_worker_metrics_server

    start_worker_metrics_server()


@worker_process_init.connect
def _reset_connections(**_: object) -> None:
    """A forked pool child must not share the parent's database connection."""
    from django.db import connections

    for conn in connections.all():
        conn.close_if_unusable_or_obsolete()
