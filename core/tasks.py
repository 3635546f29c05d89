"""Periodic housekeeping (celery beat): no job is lost and none stays unfinished forever."""

from __future__ import annotations

import logging
import threading
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from core import metrics
from core.ai_messages import wait_over_params
from core.jobs import ErrorCode
from core.jobs import ErrorReason
from core.jobs import Job
from core.jobs import JobStatus
from core.jobs import job_fail
from core.jobs import job_kinds
from core.jobs import job_overdue
from core.jobs import job_publish
from core.jobs import job_requeue_lost
from core.jobs import job_unpublished
from core.jobs import queue_backlog
from core.prompt_variants import models_in_use
from integrations.ollama.client import ping
from integrations.ollama.client import warm_up

logger = logging.getLogger(__name__)

QUEUED_TOO_LONG = {"reason": ErrorReason.QUEUED_TOO_LONG.value}
# Past the hard time limit a task has been killed; this margin covers clocks and slow commits.
RUNNING_GRACE_SECONDS = 60


@shared_task(name="chef_site.tasks.jobs_sweep")
def jobs_sweep() -> dict[str, int]:
    """Publish queued and waiting jobs that have no message; fail jobs that can no longer finish;
    count the jobs waiting for the AI (the `chef_jobs_waiting` gauge).

    Runs every 30 s from beat on the maintenance queue, which every worker consumes.
    """
    counts = {"requeued": 0, "republished": 0, "reaped": 0}
    broker_up = True
    lost_after = timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT_SECONDS)
    for kind in job_kinds():
        model = kind.model
        requeued = job_requeue_lost(model=model, older_than=lost_after)
        if requeued:
            logger.warning("jobs of a lost worker queued again", extra={"count": requeued})
            metrics.JOBS_REQUEUED.labels(kind=model.kind).inc(requeued)
        counts["requeued"] += requeued
        counts["reaped"] += _reap(model)
        if broker_up:
            published, broker_up = _republish(model)
            counts["republished"] += published
        waiting = model.objects.filter(status=JobStatus.WAITING).count()
        metrics.JOBS_WAITING.labels(kind=model.kind).set(waiting)
    _warm_when_back(up=ping()[0])
    if any(counts.values()):
        logger.info("jobs sweep", extra=counts)
    return counts


def _reap(model: type[Job]) -> int:
    """Fail jobs queued longer than JOB_MAX_AGE_SECONDS, jobs running past the hard limit, and
    jobs that waited for the AI well past OLLAMA_WAIT_MAX_SECONDS.

    Only *queued* jobs are judged by their age: a job that waited long and then started is
    running legitimately and is judged by its own start time, like every running job. A job
    within its budget of waiting for the AI is never "queued too long"; its worker fails it when
    the budget is spent, and the sweep does only when no worker did (none consumes its queue).
    """
    now = timezone.now()
    max_age = timedelta(seconds=settings.JOB_MAX_AGE_SECONDS)
    running_limit = timedelta(seconds=settings.JOB_TIME_LIMIT + RUNNING_GRACE_SECONDS)
    wait_budget = timedelta(seconds=settings.OLLAMA_WAIT_MAX_SECONDS)
    wait_limit = wait_budget + timedelta(
        seconds=settings.JOB_STALE_QUEUED_SECONDS + RUNNING_GRACE_SECONDS
    )
    waited_too_long = wait_over_params(seconds=settings.OLLAMA_WAIT_MAX_SECONDS)
    reaped = 0
    batches: tuple[tuple[models.QuerySet[Job], str, str, dict[str, Any]], ...] = (
        (
            model.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - max_age).exclude(
                waiting_since__gte=now - wait_budget
            ),
            JobStatus.QUEUED,
            ErrorCode.TIMED_OUT,
            QUEUED_TOO_LONG,
        ),
        (
            model.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - running_limit),
            JobStatus.RUNNING,
            ErrorCode.TIMED_OUT,
            {},
        ),
        (
            model.objects.filter(status=JobStatus.WAITING, waiting_since__lt=now - wait_limit),
            JobStatus.WAITING,
            ErrorCode.AI_UNAVAILABLE,
            waited_too_long,
        ),
    )
    for queryset, status, code, params in batches:
        for job in queryset[:500]:
            if job_fail(job=job, code=code, params=params, statuses=(status,)):
                reaped += 1
                metrics.JOBS_REAPED.labels(kind=model.kind).inc()
    return reaped


def _republish(model: type[Job]) -> tuple[int, bool]:
    """Publish never-published jobs, and overdue ones when their queue has no backlog.

    An overdue job behind a long backlog is most likely still in the queue, so it is not
    published again (a duplicate would be a harmless no-op, but the queue would grow with every
    sweep). Returns (published, broker still reachable).
    """
    candidates = list(job_unpublished(model=model).order_by("created_at")[:500])
    overdue = list(job_overdue(model=model).order_by("created_at")[:500])
    if overdue and queue_backlog(model=model) == 0:
        candidates += overdue
    published = 0
    for job in candidates:
        if not job_publish(job=job):
            return published, False  # the broker is down: the next sweep tries again
        published += 1
        metrics.JOBS_REPUBLISHED.labels(kind=model.kind).inc()
    return published, True


_OLLAMA_WAS_UP = "ollama:was_up"


def _warm_when_back(*, up: bool) -> None:
    """When Ollama answers again after a sweep found it down (or a restart emptied it), ask it to
    load the site's models, so the first job after the outage does not wait for the load."""
    was_up = cache.get(_OLLAMA_WAS_UP)
    cache.set(_OLLAMA_WAS_UP, up, timeout=None)
    if up and was_up is False:
        models = models_in_use()
        threading.Thread(target=_warm, args=(models,), name="warm-models", daemon=True).start()


def _warm(models: list[str]) -> None:
    logger.info("Ollama is back; models warmed up", extra={"models": warm_up(models)})


@shared_task(name="chef_site.tasks.retention_purge")
def retention_purge() -> dict[str, int]:
    """Let every job kind remove what is older than RETENTION_DAYS (0 keeps everything).

    Each app says what goes (vision: failed scans and old photos; recipes: failed generations).
    With retention off the cutoff is the earliest date, so nothing goes and every count is 0.
    """
    days = settings.RETENTION_DAYS
    earliest = datetime.min.replace(tzinfo=UTC)
    cutoff = timezone.now() - timedelta(days=days) if days > 0 else earliest
    counts: dict[str, int] = {}
    for kind in job_kinds():
        if kind.purge is not None:
            counts.update(kind.purge(cutoff))
    if days > 0:
        logger.info("retention purge", extra={**counts, "days": days})
    return counts
