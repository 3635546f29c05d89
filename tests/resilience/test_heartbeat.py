"""A job whose worker died is queued again on any broker: running jobs carry a heartbeat.

The embedded filesystem broker (what `make run` uses) never hands a SIGKILLed worker's message to
another worker. This test reproduces that on RabbitMQ: the worker is killed mid-job and its
message is purged, so only the heartbeat can bring the job back.
"""

from __future__ import annotations

import os
import signal
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from core.jobs import JobStatus
from core.jobs import Stage
from core.jobs import job_requeue_lost
from core.tasks import jobs_sweep
from recipes.models import Generation
from recipes.services import generation_create
from tests.conftest import purge_queues
from tests.conftest import wait_for
from tests.factories import GenerationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.broker
@pytest.mark.slow
def test_a_job_whose_worker_was_killed_and_whose_message_is_gone_runs_again(
    user: Any, start_worker: Any, fake_ollama: Any, settings: Any
) -> None:
    fake_ollama.script("chat", delay=60)  # the first worker never finishes this call
    first = start_worker(extra_env={"JOB_HEARTBEAT_SECONDS": "0.3"})
    generation = generation_create(user=user, ingredients=["leek", "potato"], count=1)

    def beating() -> bool:
        g = Generation.objects.get(pk=generation.pk)
        return (
            g.status == JobStatus.RUNNING
            and g.heartbeat_at is not None
            and (g.heartbeat_at > g.started_at)
        )

    wait_for(beating, timeout=20)
    os.killpg(first.proc.pid, signal.SIGKILL)
    first.proc.wait(timeout=10)
    purge_queues(settings.CELERY_BROKER_URL)  # as the filesystem broker: the message is lost

    settings.JOB_HEARTBEAT_TIMEOUT_SECONDS = 1
    wait_for(lambda: jobs_sweep()["requeued"] == 1, timeout=10, interval=0.3)
    requeued = Generation.objects.get(pk=generation.pk)
    assert (requeued.status, requeued.stage, requeued.stage_text) == (
        JobStatus.QUEUED,
        Stage.WORKER_LOST,
        "The worker running this job stopped; starting it again",
    )

    start_worker(extra_env={"JOB_HEARTBEAT_SECONDS": "0.3"})
    done = wait_for(
        lambda: Generation.objects.filter(pk=generation.pk, status=JobStatus.SUCCEEDED).first(),
        timeout=30,
    )
    assert done.recipes.count() == 1
    assert done.attempts == 2


def test_a_running_job_with_a_fresh_heartbeat_is_left_alone() -> None:
    now = timezone.now()
    alive = GenerationFactory(status=JobStatus.RUNNING, started_at=now, heartbeat_at=now)
    stale = GenerationFactory(
        status=JobStatus.RUNNING,
        started_at=now - timedelta(minutes=5),
        heartbeat_at=now - timedelta(minutes=2),
    )
    assert job_requeue_lost(model=Generation, older_than=timedelta(seconds=60)) == 1
    assert Generation.objects.get(pk=alive.pk).status == JobStatus.RUNNING
    assert Generation.objects.get(pk=stale.pk).status == JobStatus.QUEUED
