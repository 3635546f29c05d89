"""Prometheus metrics of jobs and of the product (django-prometheus covers HTTP, DB and cache;
the model gateway has its own in integrations/ollama/metrics.py).

Names are part of the operator contract: dashboards and alerts in deploy/ use them.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING

from prometheus_client import Counter
from prometheus_client import Gauge
from prometheus_client import Histogram

if TYPE_CHECKING:
    from core.jobs import Job

logger = logging.getLogger(__name__)

_DURATION_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600)

JOBS_CREATED = Counter("chef_jobs_created", "Jobs created", ["kind"])
JOBS_FINISHED = Counter("chef_jobs_finished", "Jobs finished", ["kind", "status", "error_code"])
JOB_DURATION = Histogram(
    "chef_job_duration_seconds", "Run time of a job", ["kind"], buckets=_DURATION_BUCKETS
)
JOB_QUEUE_WAIT = Histogram(
    "chef_job_queue_wait_seconds",
    "Time from creation to start",
    ["kind"],
    buckets=_DURATION_BUCKETS,
)
POLLS_NOT_MODIFIED = Counter(
    "chef_job_polls_not_modified",
    "Job polls answered 304 at the top of the stack (not in the request metrics)",
    ["kind"],
)
CACHE_LOOKUPS = Counter("chef_cache_lookups", "Reuse of earlier results", ["kind", "result"])
JOBS_REPUBLISHED = Counter("chef_jobs_republished", "Jobs published again", ["kind"])
JOBS_REQUEUED = Counter(
    "chef_jobs_requeued",
    "Running jobs put back in the queue because their worker's heartbeat stopped",
    ["kind"],
)
JOBS_REAPED = Counter("chef_jobs_reaped", "Jobs failed by the sweeper", ["kind"])
JOBS_WAITING = Gauge(
    "chef_jobs_waiting",
    "Jobs waiting for the AI service to answer again, counted by each sweep",
    ["kind"],
    multiprocess_mode="mostrecent",
)
SIGNUPS = Counter("chef_signups", "Accounts created")
RECIPES_CREATED = Counter("chef_recipes_created", "Recipes shown to users")
RECIPES_WITHHELD = Counter(
    "chef_recipes_withheld", "Recipes the allergen, diet or time check did not show"
)
FAVORITES_ADDED = Counter("chef_favorites_added", "Recipes added to favourites")
REVIEW_RATING = Histogram("chef_review_rating", "Stars given", buckets=(1, 2, 3, 4, 5))


def job_created(kind: str) -> None:
    JOBS_CREATED.labels(kind=kind).inc()


def job_finished(job: Job) -> None:
    JOBS_FINISHED.labels(kind=job.kind, status=job.status, error_code=job.error_code or "").inc()
    if job.started_at and job.finished_at:
        JOB_DURATION.labels(kind=job.kind).observe(
            (job.finished_at - job.started_at).total_seconds()
        )


def job_started(job: Job) -> None:
    if job.started_at:
        JOB_QUEUE_WAIT.labels(kind=job.kind).observe(
            max(0.0, (job.started_at - job.created_at).total_seconds())
        )


def start_worker_metrics_server() -> None:
    """Serve a worker's metrics (all pool children in multiprocess mode) for Prometheus."""
    from django.conf import settings

    port = int(getattr(settings, "WORKER_METRICS_PORT", 0) or 0)
    if not port:
        return
    from prometheus_client import CollectorRegistry
    from prometheus_client import start_http_server

    registry = None
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    try:
        if registry is not None:
            start_http_server(port, registry=registry)
        else:
            start_http_server(port)
    except OSError as exc:
        logger.warning("worker metrics port unavailable", extra={"port": port, "error": str(exc)})
