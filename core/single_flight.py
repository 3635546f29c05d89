"""Single flight: an identical request made while one is queued or running joins it.

Twenty presses of the same button are one model call. The joining row (the follower) is a job of
its own, published as usual and named in `reused_from`; when a worker takes it, it waits for the
leader rather than calling the model, and copies the leader's result once it has succeeded. If
the leader fails or is cancelled, does not start, or takes longer than
JOB_SINGLE_FLIGHT_WAIT_SECONDS, the follower runs by itself: joining never costs a person their
result. A leader waiting for the AI is still one to follow: the follower waits too (for the same
reason, without calling the model) and looks at its leader again on its next try.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import TypeVar

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.jobs import ACTIVE
from core.jobs import Job
from core.jobs import JobStatus
from core.jobs import Stage
from core.jobs import job_check_cancelled
from core.jobs import job_set_progress
from integrations.ollama.errors import AIBusy
from integrations.ollama.errors import AIUnavailable

J = TypeVar("J", bound=Job)

# A leader that is queued may be a second away from its worker; wait this long for it to start.
_START_GRACE_SECONDS = 10.0


def job_leader_for(*, model: type[J], same: Q) -> J | None:
    """The oldest unfinished job that does the same work and is not itself a follower."""
    since = timezone.now() - timedelta(seconds=settings.JOB_MAX_AGE_SECONDS)
    return (
        model.objects.filter(same, reused_from__isnull=True, created_at__gte=since)
        .filter(status__in=ACTIVE)
        .order_by("created_at", "pk")
        .first()
    )


def job_follow(*, job: J, stage: str = Stage.FOLLOWING_SAME_REQUEST) -> J | None:
    """Wait while the leader runs; its row once it has succeeded, else None (run yourself)."""
    model = type(job)
    leader_id = job.reused_from_id
    if leader_id is None:
        return None
    started = time.monotonic()
    interval = 0.1
    told = False
    while True:
        job_check_cancelled(job)  # a follower its owner cancelled stops waiting at once
        leader = model.objects.filter(pk=leader_id).only("status", "stage", "stage_params").first()
        if leader is None or leader.status in (JobStatus.FAILED, JobStatus.CANCELLED):
            break
        if leader.status == JobStatus.SUCCEEDED:
            return model.objects.get(pk=leader_id)
        if leader.status == JobStatus.WAITING:
            busy = leader.stage == Stage.WAITING_FOR_AI and bool(leader.stage_params.get("busy"))
            raise (AIBusy if busy else AIUnavailable)("the job this one joined waits for the AI")
        waited = time.monotonic() - started
        limit = (
            settings.JOB_SINGLE_FLIGHT_WAIT_SECONDS
            if leader.status == JobStatus.RUNNING
            else _START_GRACE_SECONDS
        )
        if waited >= limit:
            break
        if not told:
            job_set_progress(job=job, progress=10, stage=stage)
            told = True
        time.sleep(interval)
        interval = min(1.0, interval * 1.5)
    model.objects.filter(pk=job.pk).update(reused_from=None)
    job.reused_from_id = None
    return None
