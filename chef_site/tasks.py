"""Periodic housekeeping (celery beat): no job is lost and none stays unfinished forever."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import models
from django.utils import timezone

from chef_site import metrics
from chef_site.jobs import (
    ErrorCode,
    Job,
    JobStatus,
    job_fail,
    job_overdue,
    job_publish,
    job_requeue_lost,
    job_unpublished,
    queue_backlog,
)
from chef_site.ollama import ping
from recipes.models import Generation
from vision.models import Scan

logger = logging.getLogger(__name__)

JOB_MODELS: tuple[type[Job], ...] = (Scan, Generation)


QUEUED_TOO_LONG = "This job waited too long in the queue and was stopped. Press Retry to try again."
RAN_TOO_LONG = "This took too long and was stopped. Press Retry to try again."
# Past the hard time limit a task has been killed; this margin covers clocks and slow commits.
RUNNING_GRACE_SECONDS = 60


@shared_task(name="chef_site.tasks.jobs_sweep")
def jobs_sweep() -> dict[str, int]:
    """Publish queued jobs that have no message; fail jobs that can no longer finish.

    Runs every 30 s from beat on the maintenance queue, which every worker consumes.
    """
    counts = {"requeued": 0, "republished": 0, "reaped": 0}
    broker_up = True
    lost_after = timedelta(seconds=settings.JOB_HEARTBEAT_TIMEOUT_SECONDS)
    for model in JOB_MODELS:
        requeued = job_requeue_lost(model=model, older_than=lost_after)
        if requeued:
            logger.warning("jobs of a lost worker queued again", extra={"count": requeued})
            metrics.JOBS_REQUEUED.labels(kind=model.kind).inc(requeued)
        counts["requeued"] += requeued
        counts["reaped"] += _reap(model)
        if broker_up:
            published, broker_up = _republish(model)
            counts["republished"] += published
    ping()
    if any(counts.values()):
        logger.info("jobs sweep", extra=counts)
    return counts


def _reap(model: type[Job]) -> int:
    """Fail jobs queued longer than JOB_MAX_AGE_SECONDS and jobs running past the hard limit.

    Only *queued* jobs are judged by their age: a job that waited long and then started is
    running legitimately and is judged by its own start time, like every running job.
    """
    now = timezone.now()
    max_age = timedelta(seconds=settings.JOB_MAX_AGE_SECONDS)
    running_limit = timedelta(seconds=settings.JOB_TIME_LIMIT + RUNNING_GRACE_SECONDS)
    reaped = 0
    batches: tuple[tuple[models.QuerySet[Job], str, str], ...] = (
        (
            model.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - max_age),
            JobStatus.QUEUED,
            QUEUED_TOO_LONG,
        ),
        (
            model.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - running_limit),
            JobStatus.RUNNING,
            RAN_TOO_LONG,
        ),
    )
    for queryset, status, message in batches:
        for job in queryset[:500]:
            if job_fail(job=job, code=ErrorCode.TIMED_OUT, message=message, statuses=(status,)):
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


@shared_task(name="chef_site.tasks.retention_purge")
def retention_purge() -> dict[str, int]:
    """Remove photos and delete failed jobs older than RETENTION_DAYS (0 keeps everything).

    A successful scan keeps its row and ingredients (history stays whole); only the photo goes.
    """
    days = settings.RETENTION_DAYS
    if days <= 0:
        return {"photos": 0, "failed_scans": 0, "failed_generations": 0}
    cutoff = timezone.now() - timedelta(days=days)
    from vision.services import scan_delete, scan_forget_photo

    failed_scans = 0
    for scan in Scan.objects.filter(created_at__lt=cutoff, status=JobStatus.FAILED).iterator():
        scan_delete(scan=scan)
        failed_scans += 1
    photos = 0
    for scan in Scan.objects.filter(created_at__lt=cutoff).exclude(image="").iterator():
        scan_forget_photo(scan=scan)
        photos += 1
    failed_generations, _ = Generation.objects.filter(
        created_at__lt=cutoff, status=JobStatus.FAILED
    ).delete()
    logger.info(
        "retention purge",
        extra={"photos": photos, "failed_scans": failed_scans, "days": days},
    )
    return {
        "photos": photos,
        "failed_scans": failed_scans,
        "failed_generations": failed_generations,
    }
