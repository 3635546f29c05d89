"""What a job is doing now, as a code the row stores; core.job_words puts it into words.

A job's `stage` holds one of these codes and `stage_params` what its words need (how many
recipes are written, whether the AI is busy, the seconds before a retry), so the words come in
the reader's language when they are shown, not in the language of the worker that wrote them.
A code stays valid once stored: a stage no longer written keeps its words for old rows.
"""

from __future__ import annotations

from django.db import models


class Stage(models.TextChoices):
    QUEUED = "queued"
    # Queued, but no message for it reached the broker yet: the sweep publishes it.
    WAITING_FOR_QUEUE = "waiting_for_queue"
    # Taken by a worker that has not said more yet (also what an old unknown text becomes).
    RUNNING = "running"
    PREPARING_PHOTO = "preparing_photo"
    READING_PHOTO = "reading_photo"
    # An identical request is being handled: this job waits for its result (core.single_flight).
    FOLLOWING_SAME_PHOTO = "following_same_photo"
    FOLLOWING_SAME_REQUEST = "following_same_request"
    # params {"done": recipes written, "total": recipes asked for}
    WRITING_RECIPES = "writing_recipes"
    REPLACING_RECIPES = "replacing_recipes"
    # params {"busy": the AI is busy rather than unreachable, "service": "photo" | "recipe"}
    WAITING_FOR_AI = "waiting_for_ai"
    # Our own fault (the database dropped): params {"seconds": until the next try}
    RETRYING = "retrying"
    WORKER_LOST = "worker_lost"
    DONE = "done"
    # The result of an earlier identical job, copied at once.
    DONE_REUSED = "done_reused"
    # The result of an identical job that ran while this one waited for it.
    DONE_JOINED = "done_joined"
    CANCELLED = "cancelled"
    FAILED = "failed"


class ErrorReason(models.TextChoices):
    """A finer reason than the error code, in `error_params["reason"]`, where one code has
    several causes worded differently."""

    # internal: the job stopped before finishing too many times in a row
    TOO_MANY_ATTEMPTS = "too_many_attempts"
    # timed_out: it waited in the queue longer than JOB_MAX_AGE_SECONDS
    QUEUED_TOO_LONG = "queued_too_long"
