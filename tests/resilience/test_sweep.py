"""The sweep (celery beat, every 30 s): lost messages are published again, stuck jobs are failed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from config.celery import app
from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import queue_backlog
from core.tasks import jobs_sweep
from recipes.models import Generation
from tests.conftest import purge_queues
from tests.factories import ScanFactory
from tests.resilience.conftest import submit_generations
from tests.resilience.conftest import wait_until_finished
from vision.models import Scan

RAN_TOO_LONG = "This took too long and was stopped. Press Retry to try again."
QUEUED_TOO_LONG = "This job waited too long in the queue and was stopped. Press Retry to try again."


def ago(seconds: float) -> Any:
    return timezone.now() - timedelta(seconds=seconds)


# --- the reaper ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_job_stuck_running_past_its_hard_time_limit_is_failed_with_a_plain_message(
    settings: Any, fake_ollama: Any
) -> None:
    stuck = ScanFactory(
        status=JobStatus.RUNNING,
        started_at=ago(settings.JOB_TIME_LIMIT + 61),
        published_at=ago(settings.JOB_TIME_LIMIT + 62),
        progress=40,
    )
    assert jobs_sweep() == {"requeued": 0, "republished": 0, "reaped": 1}
    stuck.refresh_from_db()
    assert stuck.status == JobStatus.FAILED
    assert stuck.error_code == ErrorCode.TIMED_OUT
    assert stuck.error_text == RAN_TOO_LONG
    assert stuck.finished_at is not None


@pytest.fixture
def max_age(settings: Any) -> int:
    """JOB_MAX_AGE_SECONDS, ten minutes: how long a job may wait before it is failed."""
    settings.JOB_MAX_AGE_SECONDS = 600
    return 600


@pytest.mark.django_db
def test_a_job_queued_longer_than_job_max_age_is_failed_with_a_plain_message(
    max_age: int, fake_ollama: Any
) -> None:
    old = ScanFactory(
        status=JobStatus.QUEUED,
        created_at=ago(max_age + 1),
        published_at=timezone.now(),
        progress=0,
    )
    assert jobs_sweep()["reaped"] == 1
    old.refresh_from_db()
    assert (old.status, old.error_code, old.error_text) == (
        JobStatus.FAILED,
        ErrorCode.TIMED_OUT,
        QUEUED_TOO_LONG,
    )


@pytest.mark.django_db
def test_a_job_that_waited_long_but_is_now_running_within_its_limit_is_left_alone(
    max_age: int, fake_ollama: Any
) -> None:
    busy = ScanFactory(
        status=JobStatus.RUNNING,
        created_at=ago(5 * max_age),
        started_at=ago(30),
        published_at=ago(5 * max_age),
    )
    young = ScanFactory(status=JobStatus.QUEUED, published_at=timezone.now())
    assert jobs_sweep() == {"requeued": 0, "republished": 0, "reaped": 0}
    assert Scan.objects.get(pk=busy.pk).status == JobStatus.RUNNING
    assert Scan.objects.get(pk=young.pk).status == JobStatus.QUEUED


def test_beat_runs_both_housekeeping_tasks_and_time_limits_stay_under_rabbitmqs_ack_timeout(
    settings: Any,
) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert tasks == {"chef_site.tasks.jobs_sweep", "chef_site.tasks.retention_purge"}
    sweep = next(e for e in settings.CELERY_BEAT_SCHEDULE.values() if "sweep" in e["task"])
    assert sweep["schedule"] <= 30
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT < 1800
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert 0 < settings.OLLAMA_RETRY_MAX_SECONDS < settings.OLLAMA_WAIT_MAX_SECONDS
    assert app.amqp.router.route({}, "chef_site.tasks.jobs_sweep")["queue"].name == "maintenance"


# --- lost messages ------------------------------------------------------------------------------


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_a_queued_job_whose_message_was_lost_is_published_again_and_completes(
    user: Any, start_worker: Callable[..., Any], settings: Any
) -> None:
    (job,) = submit_generations(user, 1)
    assert Generation.objects.get(pk=job.pk).published_at is not None
    purge_queues(settings.CELERY_BROKER_URL)  # the message is gone
    Generation.objects.filter(pk=job.pk).update(
        published_at=ago(settings.JOB_STALE_QUEUED_SECONDS + 1)
    )
    assert jobs_sweep()["republished"] == 1

    start_worker()
    (done,) = wait_until_finished([job])
    assert done.status == JobStatus.SUCCEEDED
    assert done.recipes.count() == done.count
    assert done.attempts == 1


@pytest.mark.broker
@pytest.mark.django_db
def test_an_overdue_job_behind_a_backlog_is_not_published_again(
    user: Any, clean_queues: str, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """While its queue still holds messages, an old job is most likely waiting in it."""
    with django_capture_on_commit_callbacks(execute=True):
        jobs = submit_generations(user, 3)
    assert queue_backlog(model=Generation) == 3
    Generation.objects.update(published_at=ago(settings.JOB_STALE_QUEUED_SECONDS + 5))

    assert jobs_sweep()["republished"] == 0
    assert queue_backlog(model=Generation) == 3, "no duplicates piled up"

    purge_queues(settings.CELERY_BROKER_URL)
    assert jobs_sweep()["republished"] == 3, "an empty queue means the messages were lost"
    assert queue_backlog(model=Generation) == 3
    assert {j.pk for j in jobs} == set(Generation.objects.values_list("pk", flat=True))


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_every_worker_consumes_the_maintenance_queue_so_beats_sweep_actually_runs(
    start_worker: Callable[..., Any], settings: Any, fake_ollama: Any
) -> None:
    """The workers are started with `-Q vision,recipes` (as in the Procfile) and still sweep."""
    stuck = ScanFactory(
        status=JobStatus.RUNNING,
        started_at=ago(settings.JOB_TIME_LIMIT + 61),
        published_at=ago(settings.JOB_TIME_LIMIT + 61),
    )
    start_worker()
    jobs_sweep.apply_async()  # what beat sends every 30 s
    (reaped,) = wait_until_finished([stuck], timeout=15)
    assert reaped.error_text == RAN_TOO_LONG
