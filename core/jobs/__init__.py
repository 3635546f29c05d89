"""Jobs: the abstract row (models), its transitions (states), publishing (queue), the kinds the
apps register (registry). Everything a caller needs is importable from here."""

from core.jobs.models import (
    RETRYABLE,
    TERMINAL,
    ErrorCode,
    Job,
    JobQuerySet,
    JobStatus,
    progress_check,
)
from core.jobs.queue import (
    WAITING_FOR_QUEUE,
    job_mark_unpublished,
    job_overdue,
    job_publish,
    job_publish_on_commit,
    job_unpublished,
    queue_backlog,
)
from core.jobs.registry import JobKind, job_kinds, register_job_kind, task_for
from core.jobs.states import (
    WORKER_LOST,
    JobStopped,
    job_cancel,
    job_check_cancelled,
    job_claim,
    job_fail,
    job_requeue_lost,
    job_reset_for_retry,
    job_set_progress,
    job_succeed,
    job_wait_for_retry,
    job_write_while_running,
)

__all__ = [
    "RETRYABLE",
    "TERMINAL",
    "WAITING_FOR_QUEUE",
    "WORKER_LOST",
    "ErrorCode",
    "Job",
    "JobKind",
    "JobQuerySet",
    "JobStatus",
    "JobStopped",
    "job_cancel",
    "job_check_cancelled",
    "job_claim",
    "job_fail",
    "job_kinds",
    "job_mark_unpublished",
    "job_overdue",
    "job_publish",
    "job_publish_on_commit",
    "job_requeue_lost",
    "job_reset_for_retry",
    "job_set_progress",
    "job_succeed",
    "job_unpublished",
    "job_wait_for_retry",
    "job_write_while_running",
    "progress_check",
    "queue_backlog",
    "register_job_kind",
    "task_for",
]
