"""A running job's heartbeat: a thread of the worker refreshes `heartbeat_at` while it runs.

The job's own thread may sit for minutes in one model call, so the beat cannot come from it. The
thread has its own database connection (Django's are per thread) and closes it when it stops.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError
from django.db import connection
from django.utils import timezone

from core.jobs import Job
from core.jobs import JobStatus

logger = logging.getLogger(__name__)


def _beat(job: Job, stop: threading.Event, interval: float) -> None:
    try:
        while not stop.wait(interval):
            try:
                type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
            except DatabaseError as exc:  # the next beat tries again; the job is not ours
                logger.warning("heartbeat not written", extra={"error": str(exc)[:200]})
    finally:
        connection.close()


@contextmanager
def job_heartbeat(job: Job) -> Iterator[None]:
    stop = threading.Event()
    thread = threading.Thread(
        target=_beat,
        args=(job, stop, max(0.1, settings.JOB_HEARTBEAT_SECONDS)),
        name=f"heartbeat-{job.kind}-{job.pk}",
        daemon=True,
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)
