"""Periodic housekeeping (celery beat): no job is lost and none stays unfinished forever."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from chef_site import metrics
from chef_site.jobs import ErrorCode, Job, JobStatus, job_fail, job_publish, job_stale_queued
from chef_site.ollama import ping
from recipes.models import Generation
from vision.models import Scan

logger = logging.getLogger(__name__)

JOB_MODELS: tuple[type[Job], ...] = (Scan, Generation)


@shared_task(name="chef_site.tasks.jobs_sweep")
def jobs_sweep() -> dict[str, int]:
    """Re-publish queued jobs whose message may be lost; fail jobs past their time limit."""
    republished = reaped = 0
    now = timezone.now()
    max_age = timedelta(seconds=settings.JOB_MAX_AGE_SECONDS)
    running_limit = timedelta(seconds=settings.JOB_TIME_LIMIT * 2)
    for model in JOB_MODELS:
        for job in model.objects.filter(
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__lt=now - max_age
        )[:500]:
            if job_fail(
                job=job,
                code=ErrorCode.TIMED_OUT,
                message=(
                    "This job waited too long and was stopped. Press Retry to try again."
                ),
                statuses=(JobStatus.QUEUED, JobStatus.RUNNING),
            ):
                reaped += 1
                metrics.JOBS_REAPED.labels(kind=model.kind).inc()
        for job in model.objects.filter(
            status=JobStatus.RUNNING, started_at__lt=now - running_limit
        )[:500]:
            if job_fail(
                job=job,
                code=ErrorCode.TIMED_OUT,
                message="This took too long and was stopped. Press Retry to try again.",
            ):
                reaped += 1
                metrics.JOBS_REAPED.labels(kind=model.kind).inc()
        for job in job_stale_queued(model=model)[:500]:
            if job_publish(job=job):
                republished += 1
                metrics.JOBS_REPUBLISHED.labels(kind=model.kind).inc()
    ping()
    if republished or reaped:
        logger.info("jobs sweep", extra={"republished": republished, "reaped": reaped})
    return {"republished": republished, "reaped": reaped}


@shared_task(name="chef_site.tasks.retention_purge")
def retention_purge() -> dict[str, int]:
    """Delete photos and failed jobs older than RETENTION_DAYS (0 keeps everything)."""
    days = settings.RETENTION_DAYS
    if days <= 0:
        return {"scans": 0, "generations": 0}
    cutoff = timezone.now() - timedelta(days=days)
    from vision.services import scan_delete

    scans = 0
    for scan in Scan.objects.filter(created_at__lt=cutoff).iterator():
        scan_delete(scan=scan)
        scans += 1
    generations, _ = Generation.objects.filter(
        created_at__lt=cutoff, status=JobStatus.FAILED
    ).delete()
    return {"scans": scans, "generations": generations}
