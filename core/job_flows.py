"""The one way a job is created: reuse an identical finished result, join an identical running
job, or queue a new run, and count which it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction
from django.db.models import Q

from core import metrics
from core.jobs import Job
from core.jobs import job_publish_on_commit
from core.single_flight import job_leader_for

J = TypeVar("J", bound=Job)


def job_create_or_reuse(
    *,
    model: type[J],
    build: Callable[[J | None], J],
    earlier: J | None = None,
    copy: Callable[[J, J], None] | None = None,
    same: Q | None = None,
) -> J:
    """Create the job row that `build` makes (unsaved; it is given the leader to follow, if any).

    - `earlier`: an identical job that already succeeded. `copy(job, earlier)` saves the new row
      with that result and nothing is queued (a cache hit).
    - `same`: what an identical job looks like. When one is queued or running, the new row
      follows it (single flight): it is still published, and its worker waits for the leader.
    - Otherwise the row is saved and published once the transaction commits.
    """
    leader = (
        job_leader_for(model=model, same=same) if earlier is None and same is not None else None
    )
    with transaction.atomic():
        job = build(leader)
        if earlier is not None and copy is not None:
            copy(job, earlier)
        else:
            job.save()
            job_publish_on_commit(job=job)
    metrics.job_created(model.kind)
    metrics.CACHE_LOOKUPS.labels(kind=model.kind, result="hit" if earlier else "miss").inc()
    return job
