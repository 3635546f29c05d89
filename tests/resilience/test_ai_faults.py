"""Every way the AI service can fail, caused for real on the fake Ollama, as the job row shows it.

These run the real Celery task in-process (`apply()`: Celery re-runs a retried task at once, so
a retry's countdown is not waited for); the worker-process versions are in test_worker_faults.
"""

from __future__ import annotations

import io
import json
import signal
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from celery.exceptions import Retry, SoftTimeLimitExceeded
from django.db import connection
from django.utils import timezone

from core.job_runner import retry_delay, run_job
from core.jobs import ErrorCode, JobStatus, job_claim, job_fail, job_reset_for_retry
from core.models import ModelCall
from integrations.ollama.breaker import breaker_record_failure, breaker_state
from tests.conftest import wait_for
from tests.factories import UserFactory, jpeg_bytes
from vision import services
from vision.models import Scan
from vision.tasks import scan_recognize

pytestmark = pytest.mark.django_db

VALID = json.dumps({"ingredients": [{"name": "tomato", "confidence": 0.9}]})
# A waiting budget of 4 s with the test settings' 1 s waits: a job tries 5 times, then fails.
WAIT_BUDGET = 4
TRIES = WAIT_BUDGET + 1
WAITING_BUSY = (
    "The AI is busy right now; your photo is safe and will be processed as soon as it has room"
)
WAITING_DOWN = (
    "The AI is not reachable right now; your photo is safe and will be processed as soon as it "
    "is back"
)
WRONG_SCHEMA = json.dumps({"ingredients": [{"label": "tomato", "confidence": 7}]})


@pytest.fixture
def scan(user: Any, fake_ollama: Any) -> Scan:
    return services.scan_create(user=user, file=io.BytesIO(jpeg_bytes()))


def run(scan: Scan) -> Scan:
    scan_recognize.apply(args=[scan.pk])
    scan.refresh_from_db()
    return scan


def outcomes(scan: Scan) -> list[str]:
    return list(scan.model_calls.order_by("id").values_list("outcome", flat=True))


# --- transient faults: retried with backoff, then the job succeeds ------------------------------


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
    assert scan.error_message == (
        "The AI was not reachable for 4 seconds, so we stopped waiting. Press Retry to try again."
    )
    assert "ollama serve" not in scan.error_message
    assert settings.OLLAMA_HOST not in scan.error_message
    assert f"make sure Ollama is running (`ollama serve`) at {settings.OLLAMA_HOST}" in caplog.text
    assert (scan.attempts, scan.waits) == (TRIES, TRIES - 1)
    assert len(outcomes(scan)) == settings.BREAKER_FAILURE_THRESHOLD, (
        "once the breaker opened, the remaining tries did not call Ollama"
    )
    assert breaker_state()["open"]


def test_a_service_that_stays_busy_says_so_when_the_job_gives_up(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 100
    settings.OLLAMA_WAIT_MAX_SECONDS = WAIT_BUDGET
    for _ in range(TRIES):
        fake_ollama.script("chat", status=503)
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.AI_BUSY
    assert scan.error_message == (
        "The AI stayed busy for 4 seconds, so we stopped waiting. Press Retry to try again."
    )
    assert len(fake_ollama.requests_to("/api/chat")) == TRIES


def test_pressing_retry_after_giving_up_gives_a_fresh_retry_budget(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 100
    settings.OLLAMA_WAIT_MAX_SECONDS = WAIT_BUDGET
    for _ in range(TRIES):
        fake_ollama.script("chat", status=503)
    assert run(scan).status == JobStatus.FAILED

    fake_ollama.script("chat", status=503)  # still one hiccup after the user presses Retry
    assert job_reset_for_retry(job=scan)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED, "one transient fault no longer ends the job"
    assert (scan.attempts, scan.waits) == (2, 1), "the waiting budget started again"


# --- what the user sees while a retry is pending --------------------------------------------------


class RecordingTask:
    """The two things run_job uses from a Celery task: its request, and retry()."""

    def __init__(self, *, redelivered: bool = False) -> None:
        self.request = SimpleNamespace(id="task-1", delivery_info={"redelivered": redelivered})
        self.countdowns: list[float] = []

    def retry(self, *, countdown: float, **_: Any) -> Retry:
        self.countdowns.append(countdown)
        return Retry("retry", when=countdown)


def test_while_waiting_to_retry_the_job_is_waiting_and_says_the_photo_is_safe(
    scan: Scan, fake_ollama: Any
) -> None:
    fake_ollama.script("chat", status=503)
    task = RecordingTask()
    with pytest.raises(Retry):
        run_job(task, model=Scan, job_id=scan.pk, runner=services.scan_recognize)  # type: ignore[arg-type]
    scan.refresh_from_db()
    (countdown,) = task.countdowns
    assert scan.status == JobStatus.WAITING
    assert scan.stage == WAITING_BUSY
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
        with pytest.raises(Retry):
            run_job(RecordingTask(), model=Scan, job_id=scan.pk, runner=services.scan_recognize)  # type: ignore[arg-type]
        Scan.objects.filter(pk=scan.pk).update(retry_at=None)
    assert breaker_state()["open"]
    before = len(fake_ollama.requests)

    task = RecordingTask()
    with pytest.raises(Retry):
        run_job(task, model=Scan, job_id=scan.pk, runner=services.scan_recognize)  # type: ignore[arg-type]
    scan.refresh_from_db()
    assert len(fake_ollama.requests) == before, "no request reached Ollama"
    assert task.countdowns[0] >= 38, "the retry waits for the breaker to half-open"
    assert (scan.status, scan.stage) == (JobStatus.WAITING, WAITING_DOWN)


def test_constant_busy_replies_do_not_open_the_breaker_so_an_unrelated_job_is_not_held_back(
    scan: Scan, user: Any, fake_ollama: Any, settings: Any
) -> None:
    """One person's job meets nothing but 503s and backs off until its budget is spent; the
    shared breaker stays closed, so someone else's job right after calls Ollama at once."""
    settings.OLLAMA_WAIT_MAX_SECONDS = WAIT_BUDGET
    for _ in range(TRIES):
        fake_ollama.script("chat", status=503)
    busy = run(scan)
    assert busy.status == JobStatus.FAILED
    assert busy.error_code == ErrorCode.AI_BUSY
    assert outcomes(busy) == [ModelCall.Outcome.BUSY] * TRIES
    assert breaker_state() == {"open": False, "retry_in": 0, "failures": 0}

    other = services.scan_create(user=UserFactory(), file=io.BytesIO(jpeg_bytes()))
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
    task = RecordingTask()
    with pytest.raises(Retry):
        run_job(task, model=Scan, job_id=scan.pk, runner=services.scan_recognize)  # type: ignore[arg-type]
    scan.refresh_from_db()
    assert scan.status == JobStatus.WAITING
    assert scan.stage == WAITING_BUSY
    assert 1 <= task.countdowns[0] <= 5
    assert not breaker_state()["failures"]


# --- permanent faults: the job fails at once with a plain message --------------------------------


def test_a_missing_model_fails_at_once_and_the_log_says_how_to_install_it(
    scan: Scan, fake_ollama: Any, caplog: Any
) -> None:
    fake_ollama.models.discard("qwen2.5vl:7b")
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.MODEL_MISSING
    assert scan.error_message == "The AI model this needs is not installed yet. Press Retry later."
    assert "`ollama pull qwen2.5vl:7b`" in caplog.text, "the operator reads how to install it"
    assert outcomes(scan) == [ModelCall.Outcome.MODEL_MISSING], "never retried"


@pytest.mark.parametrize(
    ("script", "code", "words"),
    [
        pytest.param(
            {"content": VALID, "done_reason": "length"},
            ErrorCode.REPLY_TRUNCATED,
            "cut off",
            id="done_reason-length",
        ),
        pytest.param(
            {"content": "Sure! Here are the ingredients: tomato, eggs."},
            ErrorCode.INVALID_REPLY,
            "could not read",
            id="not-json",
        ),
        pytest.param(
            {"content": WRONG_SCHEMA}, ErrorCode.INVALID_REPLY, "could not read", id="wrong-schema"
        ),
    ],
)
def test_a_reply_we_cannot_use_is_asked_for_again_once_then_fails_with_its_reason(
    scan: Scan, fake_ollama: Any, script: dict[str, Any], code: str, words: str
) -> None:
    fake_ollama.script("chat", **script)
    fake_ollama.script("chat", **script)
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == code
    assert words in scan.error_message
    assert len(outcomes(scan)) == 2, "one repair attempt, then the job fails"
    assert scan.attempts == 1, "a bad reply is not a transient fault: the job is not retried"


@pytest.mark.parametrize(
    ("script", "words"),
    [
        pytest.param({"stream_error_after": 2}, "failed while answering", id="mid-stream-error"),
        pytest.param({"status": 500}, "failed while answering", id="500"),
        pytest.param({"status": 400, "error": "invalid format"}, "refused", id="400"),
    ],
)
def test_a_permanent_ai_error_fails_the_job_at_once(
    scan: Scan, fake_ollama: Any, script: dict[str, Any], words: str
) -> None:
    fake_ollama.script("chat", **script)
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.AI_ERROR
    assert words in scan.error_message
    assert outcomes(scan) == [ModelCall.Outcome.ERROR]
    assert len(fake_ollama.requests_to("/api/chat")) == 1


def test_an_invalid_reply_is_repaired_by_showing_the_model_its_validation_error(
    scan: Scan, fake_ollama: Any
) -> None:
    fake_ollama.script("chat", content=WRONG_SCHEMA)
    fake_ollama.script("chat", content=VALID)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert outcomes(scan) == [ModelCall.Outcome.INVALID_REPLY, ModelCall.Outcome.OK]
    _first, second = fake_ollama.requests_to("/api/chat")
    repair = second.json["messages"][-1]["content"]
    assert "did not match the required JSON schema" in repair
    assert "ingredients.0.name: Field required" in repair
    assert "ingredients.0.confidence: Input should be less than or equal to 1" in repair
    assert second.json["messages"][-2] == {"role": "assistant", "content": WRONG_SCHEMA}


# --- our own limits -----------------------------------------------------------------------------


def _stream_readers_alive() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "ollama-stream" and t.is_alive()]


def test_a_model_that_drips_is_stopped_at_the_call_deadline_and_the_job_says_it_took_too_long(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    """27 chunks 0.3 s apart (about 8 s in all) never trip the 10 s read timeout; the 1 s
    deadline for the whole call stops it, the job fails with its own code and plain words, and
    the helper thread that read the stream is gone soon after."""
    settings.OLLAMA_TIMEOUT = 10.0
    settings.OLLAMA_CALL_DEADLINE_SECONDS = 1.0
    fake_ollama.script("chat", content=VALID, chunk_delay=0.3)

    started = time.monotonic()
    scan = run(scan)
    elapsed = time.monotonic() - started

    assert elapsed < 2.0, f"the call ran {elapsed:.1f} s, past its 1 s deadline"
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.AI_TOO_SLOW
    assert scan.error_message == (
        "The photo service took too long to answer, so we stopped waiting after 1 s. "
        "Press Retry to try again."
    )
    assert outcomes(scan) == [ModelCall.Outcome.TOO_SLOW]
    call = scan.model_calls.get()
    assert 900 <= call.wall_ms < 2000
    assert len(fake_ollama.requests_to("/api/chat")) == 1, "not retried"
    assert breaker_state() == {"open": False, "retry_in": 0, "failures": 0}
    wait_for(lambda: not _stream_readers_alive(), timeout=3)


def test_a_model_silent_past_the_deadline_is_stopped_at_the_deadline_not_the_read_timeout(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.OLLAMA_TIMEOUT = 10.0
    settings.OLLAMA_CALL_DEADLINE_SECONDS = 0.5
    fake_ollama.script("chat", content=VALID, delay=4.0)

    started = time.monotonic()
    scan = run(scan)
    elapsed = time.monotonic() - started

    assert elapsed < 1.5, f"the call ran {elapsed:.1f} s"
    assert scan.error_code == ErrorCode.AI_TOO_SLOW
    assert "stopped waiting after 0.5 s" in scan.error_message


def test_a_steady_reply_within_the_deadline_is_untouched(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    settings.OLLAMA_CALL_DEADLINE_SECONDS = 5.0
    fake_ollama.script("chat", content=VALID, chunk_delay=0.01)
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert outcomes(scan) == [ModelCall.Outcome.OK]


@pytest.fixture
def soft_time_limit_in(request: Any) -> Iterator[Any]:
    """Raise SoftTimeLimitExceeded in this thread after N seconds, as Celery's pool child does."""

    def arm(seconds: float) -> None:
        def fire(*_: Any) -> None:
            raise SoftTimeLimitExceeded

        signal.signal(signal.SIGALRM, fire)
        signal.setitimer(signal.ITIMER_REAL, seconds)

    previous = signal.getsignal(signal.SIGALRM)
    yield arm
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, previous)


def test_the_soft_time_limit_during_a_model_call_says_it_took_too_long(
    scan: Scan, fake_ollama: Any, soft_time_limit_in: Any
) -> None:
    fake_ollama.script("chat", content=VALID, delay=3.0)
    soft_time_limit_in(0.5)
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.TIMED_OUT
    assert scan.error_message == "This took too long and was stopped. Press Retry to try again."


def test_a_job_that_keeps_killing_its_worker_is_stopped_after_job_max_attempts(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    """A poison message is redelivered after every crash; attempts on the row bound it."""
    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.RUNNING, attempts=settings.JOB_MAX_ATTEMPTS
    )
    run_job(
        RecordingTask(redelivered=True),  # type: ignore[arg-type]
        model=Scan,
        job_id=scan.pk,
        runner=services.scan_recognize,  # type: ignore[arg-type]
    )
    scan.refresh_from_db()
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.INTERNAL
    assert "stopped before finishing several times" in scan.error_message
    assert not fake_ollama.requests_to("/api/chat")


# --- claims: who may run a job ---------------------------------------------------------------


def test_a_redelivered_message_re_runs_a_job_left_running_by_a_dead_worker(scan: Scan) -> None:
    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(seconds=30), attempts=1
    )
    claimed = job_claim(model=Scan, job_id=scan.pk, redelivered=True)
    assert claimed is not None and claimed.attempts == 2


def test_a_duplicate_fresh_message_for_a_running_job_does_not_run_it_twice(scan: Scan) -> None:
    assert job_claim(model=Scan, job_id=scan.pk) is not None
    assert job_claim(model=Scan, job_id=scan.pk) is None


def test_a_message_for_a_finished_job_is_a_no_op(scan: Scan, fake_ollama: Any) -> None:
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert job_claim(model=Scan, job_id=scan.pk, redelivered=True) is None
    scan_recognize.apply(args=[scan.pk])
    assert scan.ingredients.count() == 5, "no second set of ingredients"
    assert len(fake_ollama.requests_to("/api/chat")) == 1


def test_a_duplicate_run_that_finishes_second_writes_nothing(scan: Scan, fake_ollama: Any) -> None:
    """Two runs of one job (a redelivery while the first still ran): only one result is kept."""
    first = job_claim(model=Scan, job_id=scan.pk)
    second = job_claim(model=Scan, job_id=scan.pk, redelivered=True)
    assert first is not None and second is not None
    services.scan_recognize(first)  # type: ignore[arg-type]
    services.scan_recognize(second)  # type: ignore[arg-type]
    scan.refresh_from_db()
    assert scan.status == JobStatus.SUCCEEDED
    assert scan.ingredients.count() == 5
    assert not job_fail(job=second, code=ErrorCode.INTERNAL, message="late failure")


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
