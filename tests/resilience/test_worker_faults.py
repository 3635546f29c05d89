"""AI-service faults as real worker processes live through them, on the real RabbitMQ."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.jobs import ErrorCode
from core.jobs import Job
from core.jobs import JobStatus
from integrations.ollama.breaker import breaker_state
from tests.conftest import wait_for
from tests.resilience.conftest import stage_becomes
from tests.resilience.conftest import submit_generations
from tests.resilience.conftest import submit_scans
from tests.resilience.conftest import wait_until_finished
from vision.tasks import scan_recognize

pytestmark = [pytest.mark.broker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DOWN = "The AI is not reachable right now; "
BACK = "as soon as it is back"
WAITING_FOR = {
    "scan": f"{DOWN}your photo is safe and will be processed {BACK}",
    "generation": f"{DOWN}your request is safe and your recipes will be written {BACK}",
}
PAGES = {
    "scan": ("vision:scan-status", "/api/v1/scans/{}/"),
    "generation": ("recipes:generation-status", "/api/v1/generations/{}/"),
}


@pytest.fixture
def sees(cook: Client, api_client: APIClient) -> Callable[[Job], tuple[str, Any]]:
    """What the person sees of a job: its page (the detail and the status fragment it polls)
    and its API body."""

    def look(job: Job) -> tuple[str, Any]:
        status_url, api_url = PAGES[job.kind]
        page = cook.get(job.get_absolute_url()).content.decode()
        page += cook.get(reverse(status_url, args=[job.pk])).content.decode()
        return page, api_client.get(api_url.format(job.pk)).json()

    return look


@pytest.mark.parametrize("kind", ["scan", "generation"])
def test_while_ollama_is_down_the_job_waits_and_says_so_then_succeeds_when_it_is_back(
    user: Any, start_worker: Callable[..., Any], fake_ollama: Any, sees: Any, kind: str
) -> None:
    """Waiting is not failing: with JOB_MAX_ATTEMPTS at 2 the job waits through several tries
    (waits are not counted as crashes), keeps its place, and finishes by itself."""
    start_worker(extra_env={"BREAKER_RESET_SECONDS": "2", "JOB_MAX_ATTEMPTS": "2"})
    fake_ollama.go_down()
    (job,) = submit_scans(user, 1) if kind == "scan" else submit_generations(user, 1)
    created_at = job.created_at

    waiting = stage_becomes(job, lambda j: j.status == JobStatus.WAITING and j.waits >= 3)
    assert waiting.stage_text == WAITING_FOR[kind]
    page, body = sees(waiting)
    assert (body["status"], body["stage"], body["error_message"]) == (
        "waiting",
        WAITING_FOR[kind],
        "",
    )
    assert WAITING_FOR[kind] in page
    assert "Waiting for the AI" in page, "the status name is shown"
    for operator_words in ("ollama serve", fake_ollama.url, "127.0.0.1"):
        assert operator_words not in page
        assert operator_words not in str(body)

    fake_ollama.come_back()
    (done,) = wait_until_finished([job], timeout=30)
    assert done.status == JobStatus.SUCCEEDED
    assert done.created_at == created_at, "it kept its place"
    assert done.attempts > 2, "more tries than JOB_MAX_ATTEMPTS, all of them waits"
    assert done.attempts - done.waits == 1
    if kind == "scan":
        assert done.ingredients.count() == 5
    else:
        assert done.recipes.count() == done.count


def test_the_breaker_opens_across_two_worker_processes_and_closes_by_itself(
    user: Any, start_worker: Callable[..., Any], fake_ollama: Any
) -> None:
    env = {"BREAKER_FAILURE_THRESHOLD": "2", "BREAKER_RESET_SECONDS": "4"}
    workers = [start_worker(concurrency=1, extra_env=env) for _ in range(2)]
    fake_ollama.default_delay = 0.5  # each worker holds one of the two jobs at the same time
    fake_ollama.script("chat", drop_connection=True)  # connection failures: busy would not count
    fake_ollama.script("chat", drop_connection=True)
    first = submit_scans(user, 2)

    wait_for(lambda: breaker_state()["open"], timeout=15)
    wait_for(lambda: all("AI call failed" in w.log() for w in workers), timeout=5)
    calls_when_opened = len(fake_ollama.requests_to("/api/chat"))
    assert calls_when_opened == 2, "one failure in each worker process opened it"

    (late,) = submit_scans(user, 1)
    waiting = stage_becomes(late, lambda s: s.status == JobStatus.WAITING, timeout=10)
    assert waiting.stage_text == WAITING_FOR["scan"]
    assert len(fake_ollama.requests_to("/api/chat")) == calls_when_opened, (
        "while the breaker is open no request reaches Ollama"
    )
    assert breaker_state()["open"]

    done = wait_until_finished([*first, late], timeout=40)
    assert [s.status for s in done] == [JobStatus.SUCCEEDED] * 3
    assert not breaker_state()["open"], "it closed by itself after BREAKER_RESET_SECONDS"


def test_the_soft_time_limit_stops_a_slow_model_and_the_job_says_it_took_too_long(
    user: Any, start_worker: Callable[..., Any], fake_ollama: Any, settings: Any
) -> None:
    """Only the worker is told the short limit: the worker's settings decide, not the web's."""
    assert scan_recognize.soft_time_limit == settings.JOB_SOFT_TIME_LIMIT == 600, "web side"
    start_worker(extra_env={"JOB_SOFT_TIME_LIMIT": "2", "JOB_TIME_LIMIT": "6"})
    fake_ollama.script("chat", delay=5)
    (scan,) = submit_scans(user, 1)
    (done,) = wait_until_finished([scan], timeout=20)
    assert done.status == JobStatus.FAILED
    assert done.error_code == ErrorCode.TIMED_OUT
    assert done.error_text == "This took too long and was stopped. Press Retry to try again."


def test_a_dripping_model_frees_the_worker_at_the_call_deadline_not_the_time_limit(
    user: Any, start_worker: Callable[..., Any], fake_ollama: Any
) -> None:
    """A real worker, its own deadline of 1.5 s; the fake sends a chunk every 0.4 s (~11 s in
    all, each gap well under the read timeout). The job fails at the deadline with the
    too-slow message, long before the soft time limit, and the next job runs normally."""
    start_worker(concurrency=1, extra_env={"OLLAMA_CALL_DEADLINE_SECONDS": "1.5"})
    fake_ollama.script("chat", chunk_delay=0.4)
    slow, after = submit_scans(user, 2)

    (done, next_one) = wait_until_finished([slow, after], timeout=20)

    assert done.status == JobStatus.FAILED
    assert done.error_code == ErrorCode.AI_TOO_SLOW
    assert "took too long to answer, so we stopped waiting after 1.5 s" in done.error_text
    call = done.model_calls.get()
    assert 1400 <= call.wall_ms < 3000
    assert next_one.status == JobStatus.SUCCEEDED
