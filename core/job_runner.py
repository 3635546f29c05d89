"""How a Celery task runs a job: claim the row, run the service, classify what went wrong.

While the AI is unreachable, busy or loading (a transient fault) the job is `waiting`: it is
retried with Celery's own retry and exponential backoff with full jitter, at least every
OLLAMA_RETRY_MAX_SECONDS, for up to OLLAMA_WAIT_MAX_SECONDS; permanent faults fail the job at
once with an error code the page words for its reader (core.job_words).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from celery import Task
from celery.exceptions import Reject
from celery.exceptions import SoftTimeLimitExceeded
from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.db import InterfaceError
from django.db import OperationalError
from django.db import close_old_connections

from core import metrics
from core.ai_messages import fault_params
from core.ai_messages import operator_hint
from core.ai_messages import wait_over_params
from core.ai_messages import waiting_params
from core.heartbeat import job_heartbeat
from core.jobs import ErrorCode
from core.jobs import ErrorReason
from core.jobs import Job
from core.jobs import JobStopped
from core.jobs import Stage
from core.jobs import job_claim
from core.jobs import job_fail
from core.jobs import job_mark_unpublished
from core.jobs import job_wait_for_ai
from core.jobs import job_wait_for_retry
from core.jobs import job_waited_seconds
from core.logging import job_context
from integrations.ollama.errors import AIServiceError
from integrations.ollama.errors import BreakerOpen

logger = logging.getLogger(__name__)

TOO_MANY_ATTEMPTS = {"reason": ErrorReason.TOO_MANY_ATTEMPTS.value}


def retry_delay(attempt: int) -> int:
    """Seconds before retry number `attempt`: exponential, capped, with full jitter.

    Full jitter spreads the retries of many jobs that failed together (an Ollama restart) so
    they do not come back in one wave.
    """
    return max(
        1,
        get_exponential_backoff_interval(
            factor=int(max(1, settings.OLLAMA_RETRY_BASE_SECONDS)),
            retries=max(0, attempt - 1),
            maximum=int(max(1, settings.OLLAMA_RETRY_MAX_SECONDS)),
            full_jitter=True,
        ),
    )


def _redelivered(task: Task) -> bool:
    """Did the broker hand us this message again because the worker running it was lost?"""
    delivery_info = getattr(task.request, "delivery_info", None) or {}
    return bool(delivery_info.get("redelivered"))


def run_job(task: Task, *, model: type[Job], job_id: int, runner: Callable[[Job], None]) -> None:
    with job_context(job_id=job_id, task_id=getattr(task.request, "id", None) or ""):
        redelivered = _redelivered(task)
        job = job_claim(model=model, job_id=job_id, redelivered=redelivered)
        if job is None:
            logger.info("job already running, finished or gone; nothing to do")
            return
        if redelivered:
            logger.warning("job redelivered; running it again", extra={"attempt": job.attempts})
        if job.attempts - job.waits > settings.JOB_MAX_ATTEMPTS:
            # A message that kills its worker every time would otherwise loop forever. A claim
            # after waiting for the AI is no such run: waits are bounded by their own budget.
            job_fail(job=job, code=ErrorCode.INTERNAL, params=TOO_MANY_ATTEMPTS)
            return
        metrics.job_started(job)
        logger.info("job started", extra={"job_kind": job.kind, "attempt": job.attempts})
        try:
            if getattr(task.request, "is_eager", False):
                runner(job)  # in the caller's process and transaction: no second connection
            else:
                with job_heartbeat(job):
                    runner(job)
        except JobStopped as exc:
            # Cancelled (or deleted) by its owner while it ran: the row says so already.
            logger.info("job stopped while running", extra={"status": exc.status})
        except AIServiceError as exc:
            _handle_ai_error(task, job, exc)
        except SoftTimeLimitExceeded:
            job_fail(job=job, code=ErrorCode.TIMED_OUT)
        except (OperationalError, InterfaceError) as exc:
            _handle_database_lost(task, job, exc)
        except Exception:
            logger.exception("job crashed", extra={"job_kind": job.kind})
            job_fail(job=job, code=ErrorCode.INTERNAL)
            raise


def _handle_ai_error(task: Task, job: Job, exc: AIServiceError) -> None:
    hint = operator_hint(exc)  # for the operator, in the message itself (plain logs too)
    logger.warning(
        "AI call failed%s",
        f"; {hint}" if hint else "",
        extra={"job_kind": job.kind, "error_code": exc.code, "detail": exc.detail[:300]},
    )
    if not exc.transient:
        job_fail(job=job, code=exc.code, params=fault_params(exc, service=job.ai_service))
        return
    budget = settings.OLLAMA_WAIT_MAX_SECONDS
    waited = job_waited_seconds(job)
    if waited >= budget:
        logger.warning(
            "stopped waiting for the AI", extra={"job_kind": job.kind, "waited_s": round(waited)}
        )
        job_fail(job=job, code=exc.code, params=wait_over_params(seconds=budget))
        return
    delay = wait_delay(job, exc, left=budget - waited)
    job_wait_for_ai(
        job=job, delay_seconds=delay, params=waiting_params(exc, service=job.ai_service)
    )
    _publish_retry(task, job, delay)


def wait_delay(job: Job, exc: AIServiceError, *, left: float) -> int:
    """Seconds before a waiting job looks again: the backoff of its next wait, or until an open
    breaker half-opens, never more than OLLAMA_RETRY_MAX_SECONDS nor the budget left."""
    delay = retry_delay(job.waits + 1)
    if isinstance(exc, BreakerOpen):
        delay = max(delay, exc.retry_in)
    cap = int(max(1, settings.OLLAMA_RETRY_MAX_SECONDS))
    return max(1, min(delay, cap, math.ceil(left)))


def _retry_later(task: Task, job: Job, delay: int) -> None:
    """Put the job back in the queue, telling the person when, and publish its retry."""
    job_wait_for_retry(
        job=job, delay_seconds=delay, stage=Stage.RETRYING, params={"seconds": delay}
    )
    _publish_retry(task, job, delay)


def _publish_retry(task: Task, job: Job, delay: int) -> None:
    """Publish the job's next try in `delay` seconds (the row already says it waits)."""
    # Celery's own retry: a new message with a countdown; the current one is acknowledged. Our
    # budgets are on the row (attempts, waits and the waiting time survive redeliveries), so
    # Celery's count is unbounded.
    try:
        retry = task.retry(countdown=delay, max_retries=None, throw=False)
    except Reject:
        # The broker is down, so the retry could not be published: the sweeper publishes it.
        logger.warning("retry not published; left for the sweeper")
        job_mark_unpublished(job=job)
        return
    raise retry


def _handle_database_lost(task: Task, job: Job, exc: Exception) -> None:
    """Our own database went away mid-job: reconnect and run the job again, never fail it.

    It is not the person's fault nor the model's. The broken connection is dropped, the row is
    put back in the queue on a new connection, and the task is retried; `attempts` still bounds
    it. If the database is still unreachable, the error propagates and the sweep deals with the
    row once the database is back.
    """
    logger.warning("database connection lost during a job", extra={"error": str(exc)[:300]})
    close_old_connections()
    delay = min(retry_delay(job.attempts), 10)
    _retry_later(task, job, delay)
