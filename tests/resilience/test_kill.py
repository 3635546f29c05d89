"""SIGKILL workers mid-job, for real: every job still ends succeeded, exactly once.

A worker killed mid-job never acknowledges its message (acks_late), so RabbitMQ hands it to the
next worker with the `redelivered` flag, which lets that worker re-run a job left `running`. A
pool child killed alone is noticed by its parent, which rejects the message back to the queue
(reject_on_worker_lost). Results are written with the running→succeeded update in one
transaction, so a job never gets two sets of results.
"""

from __future__ import annotations

import json
import logging
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count

from core.jobs import JobStatus
from core.models import ModelCall
from recipes.models import Generation, Recipe
from tests.conftest import wait_for
from tests.resilience.conftest import (
    KILL_REPORTS,
    running_jobs,
    submit_generations,
    wait_until_finished,
)

pytestmark = [pytest.mark.broker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

logger = logging.getLogger(__name__)
MODEL_DELAY = 1.5  # seconds before the fake model answers: long enough to be killed mid-call


def mid_call(fake_ollama: Any, jobs: list[Generation], *, running: int, calls: int) -> set[int]:
    """Wait until `running` jobs are running and Ollama has received `calls` requests."""
    wait_for(
        lambda: (
            len(running_jobs(jobs)) >= running
            and len(fake_ollama.requests_to("/api/chat")) >= calls
        ),
        timeout=20,
    )
    return running_jobs(jobs)


def check_and_report(
    name: str,
    jobs: list[Generation],
    *,
    killed: int,
    workers: list[Any],
    request: Any,
    tmp_path: Path,
) -> dict[str, int]:
    done = wait_until_finished(jobs, timeout=60)
    recipes_per_job = dict(
        Recipe.objects.filter(generation__in=done)
        .values("generation")
        .annotate(n=Count("id"))
        .values_list("generation", "n")
    )
    numbers = {
        "submitted": len(jobs),
        "killed": killed,
        "redelivered": sum(w.log().count("job redelivered; running it again") for w in workers),
        "rerun": sum(1 for g in done if g.attempts > 1),
        "completed": sum(1 for g in done if g.status == JobStatus.SUCCEEDED),
        "lost": sum(1 for g in done if g.status != JobStatus.SUCCEEDED),
        "model_calls": ModelCall.objects.filter(generation__in=done).count(),
    }
    (tmp_path / f"{name}.json").write_text(json.dumps(numbers, indent=2))
    request.config.stash.setdefault(KILL_REPORTS, {})[name] = numbers
    logger.warning("kill test %s: %s", name, numbers)

    assert numbers["lost"] == 0, numbers
    assert numbers["completed"] == len(jobs)
    for g in done:
        assert recipes_per_job.get(g.pk) == g.count, f"generation {g.pk}: one set of recipes"
        assert g.recipes.values("position").distinct().count() == g.count
    assert numbers["redelivered"] >= killed
    return numbers


def test_killing_the_whole_worker_mid_job_loses_and_duplicates_nothing(
    user: Any,
    start_worker: Callable[..., Any],
    fake_ollama: Any,
    request: Any,
    tmp_path: Path,
) -> None:
    fake_ollama.default_delay = MODEL_DELAY
    first = start_worker(concurrency=4)
    jobs = submit_generations(user, 12)
    killed = mid_call(fake_ollama, jobs, running=4, calls=4)

    os.killpg(first.proc.pid, signal.SIGKILL)  # the main process and every pool child
    first.proc.wait(timeout=10)
    assert running_jobs(jobs) >= killed, "the dead worker's jobs are left running"

    second = start_worker(concurrency=4)
    check_and_report(
        "whole-worker",
        jobs,
        killed=len(killed),
        workers=[second],
        request=request,
        tmp_path=tmp_path,
    )
    rerun = set(Generation.objects.filter(pk__in=killed, attempts=2).values_list("pk", flat=True))
    assert rerun == killed, "each job killed mid-call ran once more, on the new worker"


def test_killing_one_pool_child_mid_job_loses_and_duplicates_nothing(
    user: Any,
    start_worker: Callable[..., Any],
    fake_ollama: Any,
    request: Any,
    tmp_path: Path,
) -> None:
    fake_ollama.default_delay = MODEL_DELAY
    worker = start_worker(concurrency=2)
    jobs = submit_generations(user, 6)
    busy = mid_call(fake_ollama, jobs, running=2, calls=2)

    (victim, _other) = worker.pool_children()
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: "WorkerLostError" in worker.log() or "SIGKILL" in worker.log(), timeout=10)

    numbers = check_and_report(
        "pool-child", jobs, killed=1, workers=[worker], request=request, tmp_path=tmp_path
    )
    rerun = list(Generation.objects.filter(attempts__gt=1).values_list("pk", flat=True))
    assert len(rerun) == 1 and rerun[0] in busy, "only the killed child's job ran again"
    assert numbers["redelivered"] == 1
