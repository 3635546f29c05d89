"""Publishing jobs on the broker, and what the sweeper asks of it.

A job's Celery task comes from the registry (core.jobs.registry), filled by each app.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import models
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.jobs.models import Job
from core.jobs.models import JobStatus
from core.jobs.registry import task_for
from core.jobs.stages import Stage

logger = logging.getLogger(__name__)

# A message for a job in these states makes a worker run it (core.jobs.states.job_claim).
_STARTABLE = (JobStatus.QUEUED, JobStatus.WAITING)


def job_publish(*, job: Job) -> bool:
    """Publish the job's id on its queue; a broker outage leaves the row queued for the sweeper.

    The upload and the row are already committed, so nothing is lost: `jobs_sweep` re-publishes
    queued rows that were never published. Publishing does not retry (the request would hang for
    the whole outage); the broker connection timeout bounds how long a request waits.
    """
    try:
        # No time limits in the message: Celery would otherwise copy the publisher's settings
        # into it, and the worker's own JOB_*_TIME_LIMIT would be ignored for web-made jobs.
        current_app.send_task(
            task_for(type(job)).name,
            args=[job.pk],
            retry=False,
            time_limit=None,
            soft_time_limit=None,
        )
    except Exception as exc:  # kombu raises several families of connection errors
        logger.warning(
            "broker unavailable; job kept for re-publishing",
            extra={"job_id": job.pk, "job_kind": job.kind, "error": str(exc)},
        )
        job_mark_unpublished(job=job)
        return False
    type(job).objects.filter(pk=job.pk).update(published_at=timezone.now())
    return True


def job_mark_unpublished(*, job: Job) -> None:
    """No message for this queued or waiting job is in the broker: the next sweep publishes it.

    A job waiting for the AI keeps saying so: that is what the person is waiting for.
    """
    jobs = type(job).objects.filter(pk=job.pk)
    jobs.filter(status=JobStatus.QUEUED).update(
        stage=Stage.WAITING_FOR_QUEUE, stage_params={}, published_at=None
    )
    jobs.filter(status=JobStatus.WAITING).update(published_at=None)


def job_publish_on_commit(*, job: Job) -> None:
    transaction.on_commit(lambda: job_publish(job=job))


def job_unpublished(*, model: type[Job]) -> models.QuerySet[Job]:
    """Queued or waiting jobs with no message in the broker: the publish failed or never ran."""
    return model.objects.filter(status__in=_STARTABLE, published_at__isnull=True)


def job_overdue(*, model: type[Job]) -> models.QuerySet[Job]:
    """Queued or waiting jobs published long ago (or due for a retry long ago), not started.

    Their message may be lost, or merely waiting behind others: the sweeper tells the two apart
    by the queue's backlog before publishing again.
    """
    stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_QUEUED_SECONDS)
    return model.objects.filter(status__in=_STARTABLE, published_at__lt=stale).filter(
        Q(retry_at__isnull=True) | Q(retry_at__lt=stale)
    )


def queue_backlog(*, model: type[Job]) -> int | None:
    """Messages ready in the job's queue, or None when the broker cannot tell us."""
    try:
        queue = current_app.amqp.router.route({}, task_for(model).name)["queue"]
        with current_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1)
            _, ready, _ = queue.bind(conn.default_channel).queue_declare(passive=True)
    except Exception as exc:  # kombu's transports raise different families of errors
        if "NOT_FOUND" in str(exc):
            return 0  # no queue at all: nothing can be waiting in it
        logger.info("queue backlog unknown", extra={"job_kind": model.kind, "error": str(exc)})
        return None
    return int(ready)
