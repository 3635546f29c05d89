"""The Celery application. Tasks carry only row ids; the database row is the job's truth.

Forked pool children do not inherit usable database connections: Celery's Django fix-up (active
because DJANGO_SETTINGS_MODULE is set) closes the parent's connections in each child without
touching the socket the parent still uses, so nothing of ours is needed for that.
"""

import logging
import os
from typing import Any

from celery import Celery
from celery import Task
from celery.signals import celeryd_after_setup
from celery.signals import task_prerun
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

from core.metrics import start_worker_metrics_server
from integrations.ollama.client import warm_up

logger = logging.getLogger(__name__)

app = Celery("chef_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Beat sends housekeeping (the jobs sweep) here; see `_consume_maintenance`.
MAINTENANCE_QUEUE = "maintenance"


@celeryd_after_setup.connect
def _consume_maintenance(sender: str, instance: Any, **_: object) -> None:
    """Every worker also consumes the maintenance queue, whatever its `-Q` list says.

    Without this, a worker started with `-Q vision,recipes` would leave the sweep that
    re-publishes lost jobs and fails stuck ones sitting in a queue nobody reads.
    """
    instance.app.amqp.queues.select_add(MAINTENANCE_QUEUE)


def models_for_queues(queues: list[str]) -> list[str]:
    """The Ollama models a worker consuming these queues will call."""
    from core.prompt_variants import models_in_use

    found: list[str] = []
    for queue in ("vision", "recipes"):
        if queue in queues:
            found += [m for m in models_in_use(queue) if m not in found]
    return found


@worker_ready.connect
def _warm_models(sender: Any = None, **_: object) -> None:
    """Load the models this worker serves as soon as it is ready, in the background."""
    import threading

    app = getattr(sender, "app", None)
    queues = list(app.amqp.queues.consume_from) if app is not None else []
    models = models_for_queues(queues)
    if not models:
        return

    def warm() -> None:
        logger.info("models warmed up", extra={"models": warm_up(models)})

    threading.Thread(target=warm, name="warm-models", daemon=True).start()


@worker_ready.connect
def _start_metrics_server(**_: object) -> None:
    """Expose this worker's metrics for Prometheus (port from WORKER_METRICS_PORT)."""
    start_worker_metrics_server()


@task_prerun.connect
def _usable_database_connection(sender: Task | None = None, **_: object) -> None:
    """Before every task, drop a database connection that is broken or too old.

    CELERY_DB_REUSE_MAX keeps connections across tasks (half the cost of a job), but Celery then
    never looks at them: a connection the database dropped (a restart, a failover, an idle
    timeout) would fail every later task of this worker. Django's own check is run here, as it
    is at the start of every web request: with CONN_HEALTH_CHECKS the next query first tests the
    connection and opens a new one if it is gone.
    """
    if sender is not None and getattr(sender.request, "is_eager", False):
        return  # inside the caller's transaction (tests): its connection is not ours to close
    from django.db import close_old_connections

    close_old_connections()
