"""The abstract job row (Scan, Generation): its columns, statuses and error codes.

The row is the source of truth; Celery carries only its id. Every transition is a conditional
UPDATE (core.jobs.states), so a redelivered or duplicated task is a no-op or a safe re-run.
"""

from __future__ import annotations

from typing import Any
from typing import ClassVar
from typing import Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs.stages import Stage


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    # The AI service is unreachable, busy or loading: the job keeps its place and runs by
    # itself when the service answers again (within OLLAMA_WAIT_MAX_SECONDS).
    WAITING = "waiting", _("Waiting for the AI")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    # Stopped by its owner; nothing is written after the cancel, and Retry runs it again.
    CANCELLED = "cancelled", _("Cancelled")


TERMINAL = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)
# Not finished: a worker will take it (queued, waiting) or has it (running).
ACTIVE = (JobStatus.QUEUED, JobStatus.WAITING, JobStatus.RUNNING)
# What Retry takes back to the queue.
RETRYABLE = (JobStatus.FAILED, JobStatus.CANCELLED)


class ErrorCode(models.TextChoices):
    """Machine-readable reasons a job failed; core.job_words words each for the reader."""

    AI_UNAVAILABLE = "ai_unavailable", "AI service unreachable"
    AI_BUSY = "ai_busy", "AI service busy"
    MODEL_MISSING = "model_missing", "Model not installed"
    AI_ERROR = "ai_error", "AI service error"
    INVALID_REPLY = "invalid_reply", "Model reply invalid"
    REPLY_TRUNCATED = "reply_truncated", "Model reply cut off"
    NO_INGREDIENTS = "no_ingredients", "Nothing recognised"
    NO_SAFE_RECIPES = "no_safe_recipes", "No recipe passed the safety checks"
    AI_TOO_SLOW = "ai_too_slow", "AI reply over its deadline"
    TIMED_OUT = "timed_out", "Took too long"
    BROKER_UNAVAILABLE = "broker_unavailable", "Queue unavailable"
    INTERNAL = "internal", "Internal error"


class JobQuerySet(models.QuerySet["Job"]):
    def active(self) -> Self:
        return self.filter(status__in=ACTIVE)


class Job(models.Model):
    """Columns and transitions shared by every long-running job."""

    kind: ClassVar[str] = "job"
    # The purpose its model calls are recorded under (core.models.ModelCall.purpose), and the
    # field of a call that says how many items its reply wrote (core.estimates); "" is one.
    model_purpose: ClassVar[str] = ""
    # The related rows a job writes below itself and shows in its API body under the same name
    # ("ingredients", "recipes"); a poll of a job without them is answered from its row alone
    # (core.job_etag).
    etag_children: ClassVar[str] = ""
    units_lookup: ClassVar[str] = ""
    # What the person waits for, in messages about the model (core.job_words): "photo" for
    # "The photo service is busy", "recipe", or "" for the AI service in general.
    ai_service: ClassVar[str] = ""

    status = models.CharField(
        max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    # What it is doing now and why it failed, as codes (core.jobs.stages, ErrorCode) with what
    # their words need; core.job_words words them in the reader's language when shown.
    stage = models.CharField(max_length=32, default=Stage.QUEUED)
    stage_params = models.JSONField(default=dict, blank=True)
    error_code = models.CharField(max_length=32, choices=ErrorCode.choices, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    model_name = models.CharField(max_length=120, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When set, the job waits for the AI service until then (backoff after a transient fault).
    retry_at = models.DateTimeField(null=True, blank=True)
    # Refreshed by the worker while the job runs; a stale one means the worker is gone.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the AI: since when (the first wait since the job was created or retried), and
    # how many times. Waits are not crashes: JOB_MAX_ATTEMPTS counts attempts minus waits.
    waiting_since = models.DateTimeField(null=True, blank=True)
    waits = models.PositiveIntegerField(default=0)
    # When the model is expected to have finished, from its recorded speed on this site
    # (core.estimates); set by the worker while the reply streams, empty when unknown.
    eta_at = models.DateTimeField(null=True, blank=True)
    # The job whose result this one reuses: an earlier one that did the same work, or the one
    # it joined while that ran (core.single_flight).
    reused_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reused_from_id: int | None  # its column (the type stubs add none on an abstract model)
    # The prompt variant drawn for the job on its first run, kept for its retries.
    prompt_variant = models.ForeignKey(
        "chef_site.PromptVariant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    prompt_variant_id: int | None

    objects = JobQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints: ClassVar[list[Any]] = []

    def get_absolute_url(self) -> str:  # pragma: no cover - every concrete job defines it
        raise NotImplementedError

    @property
    def is_finished(self) -> bool:
        return self.status in TERMINAL

    @property
    def stage_text(self) -> str:
        """What the job is doing now, in the active language ("Writing recipe 2 of 3")."""
        from core.job_words import stage_words

        return stage_words(
            self.stage, self.stage_params, service=self.ai_service, status=self.status
        )

    @property
    def error_text(self) -> str:
        """Why the job failed, in the active language; "" unless it failed."""
        from core.job_words import error_words

        return error_words(self.error_code, self.error_params, service=self.ai_service)

    @property
    def estimate_units(self) -> int:
        """How many items the model writes for this job (recipes of a generation; 1 otherwise)."""
        return 1

    @property
    def eta_seconds(self) -> int | None:
        """Seconds the job is expected to take from now, or None when unknown or finished."""
        from core.estimates import job_eta_seconds

        return job_eta_seconds(self)

    @property
    def eta_text(self) -> str:
        """The estimate in words ("about 40 s left"), or "" when there is none."""
        from core.estimates import eta_words

        return eta_words(self.eta_seconds)

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None

    def progress_constraint(self) -> None:  # pragma: no cover - documented invariant
        """progress is 0–100; the DB check constraint is declared on each concrete model."""


def progress_check(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(progress__gte=0) & Q(progress__lte=100), name=f"{name}_progress_0_100"
    )
