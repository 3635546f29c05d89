"""Waiting for the AI: a job whose model is unreachable or busy waits (status `waiting`), keeps
its place, runs by itself when the model answers again, and fails only after its budget
(OLLAMA_WAIT_MAX_SECONDS). The worker-process journeys are in test_worker_faults."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from celery.exceptions import Retry
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from prometheus_client import REGISTRY

from core.job_runner import run_job
from core.job_runner import wait_delay
from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage
from core.tasks import jobs_sweep
from integrations.ollama.errors import AIBusy
from integrations.ollama.errors import BreakerOpen
from tests.conftest import purge_queues
from tests.factories import GenerationFactory
from tests.factories import ScanFactory
from tests.factories import jpeg_bytes
from tests.resilience.ai_faults import WAITING_DOWN
from tests.resilience.ai_faults import WAITING_DOWN_STAGE
from tests.resilience.ai_faults import RecordingTask
from tests.resilience.ai_faults import run
from tests.resilience.ai_faults import run_redelivered
from tests.resilience.ai_faults import scan_fixture  # noqa: F401 - the scan fixture
from tests.resilience.conftest import submit_scans
from tests.resilience.conftest import wait_until_finished
from vision import services
from vision.models import Scan


def ago(seconds: float) -> Any:
    return timezone.now() - timedelta(seconds=seconds)


# --- the budgets: waiting time, not attempts ------------------------------------------------


@pytest.mark.django_db
def test_a_job_that_waits_more_often_than_job_max_attempts_still_succeeds(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.JOB_MAX_ATTEMPTS = 3
    settings.BREAKER_FAILURE_THRESHOLD = 100
    for _ in range(6):
        fake_ollama.script("chat", status=503)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert (scan.attempts, scan.waits) == (7, 6), "seven tries, six of them after a wait"
    assert scan.ingredients.count() == 5


@pytest.mark.django_db
@pytest.mark.parametrize(("claims_before", "stopped"), [(3, False), (4, True)])
def test_a_job_that_waited_and_then_keeps_killing_its_worker_is_still_stopped(
    scan: Scan, fake_ollama: Any, settings: Any, claims_before: int, stopped: bool
) -> None:
    """Five waits, then redeliveries after crashes: only the runs that were not waits count
    towards JOB_MAX_ATTEMPTS (4 here), so the protection against a poison message holds."""
    settings.JOB_MAX_ATTEMPTS = 4
    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.RUNNING, waits=5, attempts=5 + claims_before
    )
    scan = run_redelivered(scan)
    if stopped:
        assert (scan.status, scan.error_code) == (JobStatus.FAILED, ErrorCode.INTERNAL)
        assert "stopped before finishing several times" in scan.error_text
        assert not fake_ollama.requests_to("/api/chat")
    else:
        assert scan.status == JobStatus.SUCCEEDED


@pytest.mark.django_db
def test_a_job_waiting_past_its_budget_fails_in_plain_words_and_retry_runs_it(
    scan: Scan, fake_ollama: Any, settings: Any, cook: Client
) -> None:
    settings.OLLAMA_WAIT_MAX_SECONDS = 3
    settings.BREAKER_FAILURE_THRESHOLD = 100  # in-process, an open breaker would outlast the test
    fake_ollama.go_down()
    scan = run(scan)
    assert (scan.status, scan.error_code) == (JobStatus.FAILED, ErrorCode.AI_UNAVAILABLE)
    assert scan.error_text == (
        "The AI was not reachable for 3 seconds, so we stopped waiting. Press Retry to try again."
    )
    assert (scan.attempts, scan.waits) == (4, 3)
    page = cook.get(scan.get_absolute_url()).content.decode()
    assert scan.error_text in page
    assert reverse("vision:scan-retry", args=[scan.pk]) in page, "a Retry button"
    assert "ollama serve" not in page and settings.OLLAMA_HOST not in page

    fake_ollama.come_back()
    assert cook.post(reverse("vision:scan-retry", args=[scan.pk])).status_code == 302
    scan.refresh_from_db()
    assert (scan.status, scan.waits, scan.waiting_since) == (JobStatus.QUEUED, 0, None)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED


def test_the_wait_between_tries_is_capped_by_the_setting_and_by_the_budget_left(
    settings: Any,
) -> None:
    settings.OLLAMA_RETRY_BASE_SECONDS = 5
    settings.OLLAMA_RETRY_MAX_SECONDS = 120
    late: Any = SimpleNamespace(waits=20)
    first: Any = SimpleNamespace(waits=0)
    busy = AIBusy("busy")
    assert all(1 <= wait_delay(late, busy, left=1800) <= 120 for _ in range(200))
    assert max(wait_delay(late, busy, left=1800) for _ in range(200)) > 60, "the cap bounds it"
    assert all(1 <= wait_delay(first, busy, left=1800) <= 5 for _ in range(200))
    assert wait_delay(first, BreakerOpen(retry_in=30), left=1800) == 30, "until it half-opens"
    assert wait_delay(first, BreakerOpen(retry_in=300), left=1800) == 120, "never past the cap"
    assert wait_delay(late, BreakerOpen(retry_in=300), left=2.5) == 3, "nor past the budget"


# --- what the person is told, and single flight ----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory", "case"),
    [
        (ScanFactory, ("vision:scan-status", "/api/v1/scans/{}/", WAITING_DOWN)),
        (
            GenerationFactory,
            (
                "recipes:generation-status",
                "/api/v1/generations/{}/",
                "The AI is not reachable right now; your request is safe and your recipes will "
                "be written as soon as it is back",
            ),
        ),
    ],
)
def test_a_waiting_job_shows_its_status_and_keeps_being_polled(
    user: Any, cook: Client, api_client: Any, factory: Any, case: tuple[str, str, str]
) -> None:
    """The words name what the job's own service promises (a stage with no service param)."""
    status_url, api_url, words = case
    job = factory(
        user=user,
        status=JobStatus.WAITING,
        stage=Stage.WAITING_FOR_AI,
        stage_params={"busy": False},
        waits=2,
    )
    fragment = cook.get(reverse(status_url, args=[job.pk])).content.decode()
    assert '<span class="badge badge-waiting">Waiting for the AI</span>' in fragment
    assert words in fragment
    assert 'data-status="waiting" data-finished="false"' in fragment
    assert "data-poll-url=" in fragment, "the page keeps polling"
    body = api_client.get(api_url.format(job.pk)).json()
    assert (body["status"], body["stage"], body["error_code"]) == ("waiting", words, "")
    assert body["stage_code"] == "waiting_for_ai"


@pytest.mark.django_db
def test_a_request_that_joined_a_waiting_one_waits_too_then_copies_its_result(
    user: Any, fake_ollama: Any
) -> None:
    """The follower of a leader waiting for the AI does not call the model: it waits as well,
    with the same plain words, and copies the leader's result once the leader has it."""
    leader = services.scan_create(user=user, file=io.BytesIO(jpeg_bytes()))
    follower = services.scan_create(user=user, file=io.BytesIO(jpeg_bytes()))
    assert follower.reused_from_id == leader.pk
    Scan.objects.filter(pk=leader.pk).update(status=JobStatus.WAITING, **WAITING_DOWN_STAGE)

    with pytest.raises(Retry):
        run_job(RecordingTask(), model=Scan, job_id=follower.pk, runner=services.scan_recognize)  # type: ignore[arg-type]
    follower.refresh_from_db()
    assert (follower.status, follower.stage_text) == (JobStatus.WAITING, WAITING_DOWN)
    assert follower.reused_from_id == leader.pk, "still following"
    assert not fake_ollama.requests_to("/api/chat")

    Scan.objects.filter(pk=leader.pk).update(status=JobStatus.QUEUED)
    assert run(leader).status == JobStatus.SUCCEEDED
    follower = run(follower)
    assert follower.status == JobStatus.SUCCEEDED
    assert follower.ingredients.count() == 5
    assert len(fake_ollama.requests_to("/api/chat")) == 1, "one model call for both"


# --- the sweep --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_leaves_jobs_within_their_waiting_budget_and_fails_one_far_past_it(
    settings: Any, fake_ollama: Any
) -> None:
    settings.JOB_MAX_AGE_SECONDS = 600
    settings.OLLAMA_WAIT_MAX_SECONDS = 1800
    in_budget = {"created_at": ago(3000), "waiting_since": ago(1000), "published_at": ago(1)}
    waiting = ScanFactory(status=JobStatus.WAITING, retry_at=ago(-60), **in_budget)
    # A waiting job whose worker died mid-try is back in the queue: still within its budget.
    requeued = ScanFactory(status=JobStatus.QUEUED, **in_budget)
    gone = ScanFactory(
        status=JobStatus.WAITING,
        created_at=ago(4000),
        waiting_since=ago(1800 + 181),
        published_at=ago(1),
    )

    assert jobs_sweep() == {"requeued": 0, "republished": 0, "reaped": 1}
    assert Scan.objects.get(pk=waiting.pk).status == JobStatus.WAITING
    assert Scan.objects.get(pk=requeued.pk).status == JobStatus.QUEUED
    gone.refresh_from_db()
    assert (gone.status, gone.error_code, gone.error_text) == (
        JobStatus.FAILED,
        ErrorCode.AI_UNAVAILABLE,
        "The AI was not reachable for 30 minutes, so we stopped waiting. Press Retry to try again.",
    )


@pytest.mark.django_db
def test_the_sweep_counts_the_waiting_jobs_of_each_kind_for_prometheus(fake_ollama: Any) -> None:
    for _ in range(2):
        ScanFactory(status=JobStatus.WAITING, waiting_since=ago(5), published_at=ago(1))
    ScanFactory(status=JobStatus.QUEUED, published_at=ago(1))
    GenerationFactory(status=JobStatus.WAITING, waiting_since=ago(5), published_at=ago(1))
    jobs_sweep()
    waiting = {
        kind: REGISTRY.get_sample_value("chef_jobs_waiting", {"kind": kind})
        for kind in ("scan", "generation")
    }
    assert waiting == {"scan": 2.0, "generation": 1.0}


@pytest.mark.broker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("lost", ["never published", "published long ago"])
def test_a_waiting_job_whose_message_was_lost_is_published_again_and_completes(
    user: Any, start_worker: Callable[..., Any], settings: Any, lost: str
) -> None:
    (scan,) = submit_scans(user, 1)
    purge_queues(settings.CELERY_BROKER_URL)  # the message is gone
    overdue = ago(settings.JOB_STALE_QUEUED_SECONDS + 1)
    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.WAITING,
        **WAITING_DOWN_STAGE,
        attempts=2,
        waits=2,
        waiting_since=ago(60),
        retry_at=overdue,
        published_at=None if lost == "never published" else overdue,
    )
    assert jobs_sweep()["republished"] == 1

    start_worker()
    (done,) = wait_until_finished([scan])
    assert done.status == JobStatus.SUCCEEDED
    assert done.ingredients.count() == 5
    assert (done.attempts, done.waits) == (3, 2)
