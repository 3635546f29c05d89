"""How a Celery task runs a job: claim the row, run the service, classify what went wrong.

Transient AI faults are retried with Celery's own retry and exponential backoff with full
jitter, within a bounded budget; permanent faults fail the job at once with a plain message.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings

from chef_site import metrics
from chef_site.jobs import ErrorCode, Job, job_claim, job_fail, job_wait_for_retry
from chef_site.logging import job_context
from chef_site.ollama import AIServiceError, BreakerOpen

logger = logging.getLogger(__name__)


def retry_delay(attempt: int) -> int:
    return max(
        1,
        get_exponential_backoff_interval(
            factor=int(max(1, settings.OLLAMA_RETRY_BASE_SECONDS)),
            retries=max(0, attempt - 1),
            maximum=int(max(1, settings.OLLAMA_RETRY_MAX_SECONDS)),
            full_jitter=True,
        ),
    )


def run_job(task: Task, *, model: type[Job], job_id: int, runner: Callable[[Job], None]) -> None:
    with job_context(job_id=job_id, task_id=getattr(task.request, "id", None) or ""):
        job = job_claim(model=model, job_id=job_id)
        if job is None:
            logger.info("job already finished or gone; nothing to do", extra={"job_id": job_id})
            return
        metrics.job_started(job)
        logger.info("job started", extra={"job_kind": job.kind, "attempt": job.attempts})
        try:
            runner(job)
        except AIServiceError as exc:
            _handle_ai_error(task, job, exc)
        except SoftTimeLimitExceeded:
            job_fail(
                job=job,
                code=ErrorCode.TIMED_OUT,
                message="This took too long and was stopped. Press Retry to try again.",
            )
        except Exception:
            logger.exception("job crashed", extra={"job_kind": job.kind})
            job_fail(
                job=job,
                code=ErrorCode.INTERNAL,
                message="Something went wrong on our side. Press Retry to try again.",
            )
            raise


def _handle_ai_error(task: Task, job: Job, exc: AIServiceError) -> None:
    logger.warning(
        "AI call failed",
        extra={"job_kind": job.kind, "error_code": exc.code, "detail": exc.detail[:300]},
    )
    if not exc.transient:
        job_fail(job=job, code=exc.code, message=exc.user_message)
        return
    if job.attempts > settings.OLLAMA_MAX_RETRIES:
        job_fail(
            job=job,
            code=exc.code,
            message=(
                "The AI service is still unavailable after several tries. "
                + exc.user_message.split(". We will retry")[0].rstrip(".")
                + ". Press Retry when it is back."
            ),
        )
        return
    delay = retry_delay(job.attempts)
    if isinstance(exc, BreakerOpen):
        delay = max(delay, exc.retry_in)
    job_wait_for_retry(
        job=job,
        delay_seconds=delay,
        message=f"The AI service is unavailable, retrying in {delay} s",
    )
    # Celery's own retry: a new message with a countdown; the current one is acknowledged.
    raise task.retry(countdown=delay, max_retries=settings.OLLAMA_MAX_RETRIES + 1, exc=None)
