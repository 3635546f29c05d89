"""Jobs: the abstract row (models), its stage codes (stages), its transitions (states), publishing
(queue), the kinds the apps register (registry). Everything a caller needs is importable from
here."""

from core.jobs.models import ACTIVE
from core.jobs.models import RETRYABLE
from core.jobs.models import TERMINAL
from core.jobs.models import ErrorCode
from core.jobs.models import Job
from core.jobs.models import JobQuerySet
from core.jobs.models import JobStatus
from core.jobs.models import progress_check
from core.jobs.queue import job_mark_unpublished
from core.jobs.queue import job_overdue
from core.jobs.queue import job_publish
from core.jobs.queue import job_publish_on_commit
from core.jobs.queue import job_unpublished
from core.jobs.queue import queue_backlog
from core.jobs.registry import JobKind
from core.jobs.registry import job_kinds
from core.jobs.registry import register_job_kind
from core.jobs.registry import task_for
from core.jobs.stages import ErrorReason
from core.jobs.stages import Stage
from core.jobs.states import JobStopped
from core.jobs.states import job_cancel
from core.jobs.states import job_check_cancelled
from core.jobs.states import job_claim
from core.jobs.states import job_fail
from core.jobs.states import job_requeue_lost
from core.jobs.states import job_reset_for_retry
from core.jobs.states import job_set_progress
from core.jobs.states import job_succeed
from core.jobs.states import job_wait_for_ai
from core.jobs.states import job_wait_for_retry
from core.jobs.states import job_waited_seconds
from core.jobs.states import job_write_while_running

__all__ = [
    "ACTIVE",
    "RETRYABLE",
    "TERMINAL",
    "ErrorCode",
    "ErrorReason",
    "Job",
    "JobKind",
    "JobQuerySet",
    "JobStatus",
    "JobStopped",
    "Stage",
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
    "job_wait_for_ai",
    "job_wait_for_retry",
    "job_waited_seconds",
    "job_write_while_running",
    "progress_check",
    "queue_backlog",
    "register_job_kind",
    "task_for",
]
