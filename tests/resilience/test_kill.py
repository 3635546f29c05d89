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
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Count

from core.jobs import JobStatus
from core.models import ModelCall
from recipes.models import Generation
from recipes.models import Recipe
from tests.conftest import wait_for
from tests.resilience.conftest import KILL_REPORTS
from tests.resilience.conftest import running_jobs
from tests.resilience.conftest import submit_generations
from tests.resilience.conftest import wait_until_finished

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


@dataclass
class KillScene:
    """A real worker busy with slow generations, and the check that none is lost or doubled."""

    user: Any
    start_worker: Callable[..., Any]
    fake_ollama: Any
    request: Any
    tmp_path: Path
    jobs: list[Generation] = field(default_factory=list)

    def busy_worker(self, *, concurrency: int, jobs: int) -> tuple[Any, set[int]]:
        """A worker whose `concurrency` pool children are each in the middle of a model call,
        with the rest of `jobs` generations queued; the worker and the running jobs' ids."""
        self.fake_ollama.default_delay = MODEL_DELAY
        worker = self.start_worker(concurrency=concurrency)
        self.jobs = submit_generations(self.user, jobs)
        return worker, mid_call(self.fake_ollama, self.jobs, running=concurrency, calls=concurrency)

    def check_and_report(self, name: str, *, killed: int, workers: list[Any]) -> dict[str, int]:
        jobs = self.jobs
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
        (self.tmp_path / f"{name}.json").write_text(json.dumps(numbers, indent=2))
        self.request.config.stash.setdefault(KILL_REPORTS, {})[name] = numbers
        logger.warning("kill test %s: %s", name, numbers)

        assert numbers["lost"] == 0, numbers
        assert numbers["completed"] == len(jobs)
        for g in done:
            assert recipes_per_job.get(g.pk) == g.count, f"generation {g.pk}: one set of recipes"
            assert g.recipes.values("position").distinct().count() == g.count
        assert numbers["redelivered"] >= killed
        return numbers


@pytest.fixture
def scene(
    user: Any,
    start_worker: Callable[..., Any],
    fake_ollama: Any,
    request: Any,
    tmp_path: Path,
) -> KillScene:
    return KillScene(user, start_worker, fake_ollama, request, tmp_path)


def test_killing_the_whole_worker_mid_job_loses_and_duplicates_nothing(scene: KillScene) -> None:
    first, killed = scene.busy_worker(concurrency=4, jobs=12)

    os.killpg(first.proc.pid, signal.SIGKILL)  # the main process and every pool child
    first.proc.wait(timeout=10)
    assert running_jobs(scene.jobs) >= killed, "the dead worker's jobs are left running"

    second = scene.start_worker(concurrency=4)
    scene.check_and_report("whole-worker", killed=len(killed), workers=[second])
    rerun = set(Generation.objects.filter(pk__in=killed, attempts=2).values_list("pk", flat=True))
    assert rerun == killed, "each job killed mid-call ran once more, on the new worker"


def test_killing_one_pool_child_mid_job_loses_and_duplicates_nothing(scene: KillScene) -> None:
    worker, busy = scene.busy_worker(concurrency=2, jobs=6)

    (victim, _other) = worker.pool_children()
    os.kill(victim, signal.SIGKILL)
    wait_for(lambda: "WorkerLostError" in worker.log() or "SIGKILL" in worker.log(), timeout=10)

    numbers = scene.check_and_report("pool-child", killed=1, workers=[worker])
    rerun = list(Generation.objects.filter(attempts__gt=1).values_list("pk", flat=True))
    assert len(rerun) == 1 and rerun[0] in busy, "only the killed child's job ran again"
    assert numbers["redelivered"] == 1
