"""Transient AI faults (too slow, busy, a dropped or refused connection) are retried with a
jittered backoff while the job says when it retries; the shared breaker counts real outages only.

The shared setup and the in-process way these run: tests/resilience/ai_faults.py.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from core.job_runner import retry_delay
from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import job_reset_for_retry
from core.models import ModelCall
from integrations.ollama.breaker import breaker_record_failure
from integrations.ollama.breaker import breaker_state
from tests.factories import UserFactory
from tests.resilience.ai_faults import TRIES
from tests.resilience.ai_faults import VALID
from tests.resilience.ai_faults import WAIT_BUDGET
from tests.resilience.ai_faults import WAITING_BUSY
from tests.resilience.ai_faults import WAITING_DOWN
from tests.resilience.ai_faults import busy_past_the_budget
from tests.resilience.ai_faults import new_scan
from tests.resilience.ai_faults import outcomes
from tests.resilience.ai_faults import run
from tests.resilience.ai_faults import run_once_to_a_retry
from tests.resilience.ai_faults import scan_fixture  # noqa: F401 - the scan fixture
from tests.resilience.ai_faults import script_busy
from vision.models import Scan

pytestmark = pytest.mark.django_db


def test_a_reply_slower_than_the_timeout_is_retried_and_succeeds_when_fast_again(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.OLLAMA_TIMEOUT = 0.5
    fake_ollama.script("chat", content=VALID, delay=2.0)  # the first answer comes too late
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert outcomes(scan) == [ModelCall.Outcome.UNAVAILABLE, ModelCall.Outcome.OK]
    assert "timeout" in scan.model_calls.order_by("id").first().error  # type: ignore[union-attr]
    assert scan.attempts == 2


def test_a_busy_service_503_is_retried_and_the_job_succeeds(scan: Scan, fake_ollama: Any) -> None:
    fake_ollama.script("chat", status=503)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert outcomes(scan) == [ModelCall.Outcome.BUSY, ModelCall.Outcome.OK]
    assert [i.name for i in scan.ingredients.all()][:1] == ["tomato"]


def test_a_connection_dropped_before_the_reply_is_retried(scan: Scan, fake_ollama: Any) -> None:
    fake_ollama.script("chat", drop_connection=True)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert outcomes(scan) == [ModelCall.Outcome.UNAVAILABLE, ModelCall.Outcome.OK]


def test_an_ollama_that_stays_down_fails_the_job_after_its_waiting_budget_in_plain_words(
    scan: Scan, fake_ollama: Any, settings: Any, caplog: Any
) -> None:
    """Bounded by OLLAMA_WAIT_MAX_SECONDS; the breaker stops real calls after its threshold.
    The person reads no operator instruction; the operator reads it in the log."""
    settings.OLLAMA_WAIT_MAX_SECONDS = WAIT_BUDGET
    fake_ollama.go_down()
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.AI_UNAVAILABLE
    assert scan.error_text == (
        "The AI was not reachable for 4 seconds, so we stopped waiting. Press Retry to try again."
    )
    assert "ollama serve" not in scan.error_text
    assert settings.OLLAMA_HOST not in scan.error_text
    assert f"make sure Ollama is running (`ollama serve`) at {settings.OLLAMA_HOST}" in caplog.text
    assert (scan.attempts, scan.waits) == (TRIES, TRIES - 1)
    assert len(outcomes(scan)) == settings.BREAKER_FAILURE_THRESHOLD, (
        "once the breaker opened, the remaining tries did not call Ollama"
    )
    assert breaker_state()["open"]


def test_a_service_that_stays_busy_says_so_when_the_job_gives_up(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    busy_past_the_budget(fake_ollama, settings)
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.AI_BUSY
    assert scan.error_text == (
        "The AI stayed busy for 4 seconds, so we stopped waiting. Press Retry to try again."
    )
    assert len(fake_ollama.requests_to("/api/chat")) == TRIES


def test_pressing_retry_after_giving_up_gives_a_fresh_retry_budget(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    busy_past_the_budget(fake_ollama, settings)
    assert run(scan).status == JobStatus.FAILED

    fake_ollama.script("chat", status=503)  # still one hiccup after the user presses Retry
    assert job_reset_for_retry(job=scan)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED, "one transient fault no longer ends the job"
    assert (scan.attempts, scan.waits) == (2, 1), "the waiting budget started again"


# --- what the user sees while a retry is pending --------------------------------------------------


def test_while_waiting_to_retry_the_job_is_waiting_and_says_the_photo_is_safe(
    scan: Scan, fake_ollama: Any
) -> None:
    fake_ollama.script("chat", status=503)
    task = run_once_to_a_retry(scan)
    (countdown,) = task.countdowns
    assert scan.status == JobStatus.WAITING
    assert scan.stage_text == WAITING_BUSY
    assert scan.retry_at is not None
    assert abs((scan.retry_at - timezone.now()).total_seconds() - countdown) < 2


def test_backoff_grows_exponentially_within_the_cap_with_full_jitter(settings: Any) -> None:
    settings.OLLAMA_RETRY_BASE_SECONDS = 5
    settings.OLLAMA_RETRY_MAX_SECONDS = 120
    samples = {attempt: [retry_delay(attempt) for _ in range(300)] for attempt in (1, 3, 8)}
    assert all(1 <= d <= 5 for d in samples[1])
    assert all(1 <= d <= 20 for d in samples[3])
    assert all(1 <= d <= 120 for d in samples[8])
    assert max(samples[8]) > 60, "the cap, not the base, bounds late retries"
    assert len(set(samples[3])) > 5, "full jitter spreads retries of jobs that failed together"


def test_an_open_breaker_fails_fast_without_calling_ollama_and_waits_until_it_half_opens(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.BREAKER_RESET_SECONDS = 40
    settings.OLLAMA_RETRY_MAX_SECONDS = 120  # the cap on every wait; the test settings' is 0.2
    for _ in range(settings.BREAKER_FAILURE_THRESHOLD):
        fake_ollama.script("chat", drop_connection=True)
    for _ in range(settings.BREAKER_FAILURE_THRESHOLD):
        run_once_to_a_retry(scan)
        Scan.objects.filter(pk=scan.pk).update(retry_at=None)
    assert breaker_state()["open"]
    before = len(fake_ollama.requests)

    task = run_once_to_a_retry(scan)
    assert len(fake_ollama.requests) == before, "no request reached Ollama"
    assert task.countdowns[0] >= 38, "the retry waits for the breaker to half-open"
    assert (scan.status, scan.stage_text) == (JobStatus.WAITING, WAITING_DOWN)


def test_constant_busy_replies_do_not_open_the_breaker_so_an_unrelated_job_is_not_held_back(
    scan: Scan, user: Any, fake_ollama: Any, settings: Any
) -> None:
    """One person's job meets nothing but 503s and backs off until its budget is spent; the
    shared breaker stays closed, so someone else's job right after calls Ollama at once."""
    settings.OLLAMA_WAIT_MAX_SECONDS = WAIT_BUDGET
    script_busy(fake_ollama, TRIES)
    busy = run(scan)
    assert busy.status == JobStatus.FAILED
    assert busy.error_code == ErrorCode.AI_BUSY
    assert outcomes(busy) == [ModelCall.Outcome.BUSY] * TRIES
    assert breaker_state() == {"open": False, "retry_in": 0, "failures": 0}

    other = new_scan(UserFactory())
    started = time.monotonic()
    other = run(other)

    assert other.status == JobStatus.SUCCEEDED
    assert other.attempts == 1, "it never waited for a breaker"
    assert time.monotonic() - started < 2.0


def test_a_busy_reply_backs_off_that_job_with_exponential_delays(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.OLLAMA_RETRY_BASE_SECONDS = 5.0
    settings.OLLAMA_RETRY_MAX_SECONDS = 120.0
    fake_ollama.script("chat", status=503)
    task = run_once_to_a_retry(scan)
    assert scan.status == JobStatus.WAITING
    assert scan.stage_text == WAITING_BUSY
    assert 1 <= task.countdowns[0] <= 5
    assert not breaker_state()["failures"]


@pytest.mark.django_db(transaction=True)
def test_failures_recorded_at_the_same_moment_by_many_workers_all_count(settings: Any) -> None:
    """The breaker lives in the shared database cache; simultaneous failures must not be lost."""
    settings.BREAKER_FAILURE_THRESHOLD = 8
    start = threading.Barrier(8)

    def fail() -> None:
        start.wait()
        try:
            breaker_record_failure()
        finally:
            connection.close()

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    state = breaker_state()
    assert state["failures"] == 8
    assert state["open"]
