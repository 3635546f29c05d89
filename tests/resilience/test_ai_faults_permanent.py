"""What fails the job instead of retrying it: permanent AI faults (a missing model, a reply we
cannot use, a model error: at once, with a plain message; an unusable reply is asked for again
once, showing its errors) and our own limits on a model call (the call deadline for a model that
drips or stays silent, the task's soft time limit, the bound on attempts of a job that keeps
killing its worker).

The shared setup and the in-process way these run: tests/resilience/ai_faults.py.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded

from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.models import ModelCall
from integrations.ollama.breaker import breaker_state
from tests.conftest import wait_for
from tests.resilience.ai_faults import VALID
from tests.resilience.ai_faults import WRONG_SCHEMA
from tests.resilience.ai_faults import outcomes
from tests.resilience.ai_faults import run
from tests.resilience.ai_faults import run_against_the_deadline
from tests.resilience.ai_faults import run_redelivered
from tests.resilience.ai_faults import scan_fixture  # noqa: F401 - the scan fixture
from vision.models import Scan

pytestmark = pytest.mark.django_db


def test_a_missing_model_fails_at_once_and_the_log_says_how_to_install_it(
    scan: Scan, fake_ollama: Any, caplog: Any
) -> None:
    fake_ollama.models.discard("qwen2.5vl:7b")
    scan = run(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.MODEL_MISSING
    assert scan.error_text == "The AI model this needs is not installed yet. Press Retry later."
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
    assert words in scan.error_text
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
    assert words in scan.error_text
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
    scan, elapsed = run_against_the_deadline(
        scan, fake_ollama, settings, deadline=1.0, chunk_delay=0.3
    )

    assert elapsed < 2.0, f"the call ran {elapsed:.1f} s, past its 1 s deadline"
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.AI_TOO_SLOW
    assert scan.error_text == (
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
    scan, elapsed = run_against_the_deadline(scan, fake_ollama, settings, deadline=0.5, delay=4.0)

    assert elapsed < 1.5, f"the call ran {elapsed:.1f} s"
    assert scan.error_code == ErrorCode.AI_TOO_SLOW
    assert "stopped waiting after 0.5 s" in scan.error_text


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
    assert scan.error_text == "This took too long and was stopped. Press Retry to try again."


def test_a_job_that_keeps_killing_its_worker_is_stopped_after_job_max_attempts(
    scan: Scan, fake_ollama: Any, settings: Any
) -> None:
    """A poison message is redelivered after every crash; attempts on the row bound it."""
    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.RUNNING, attempts=settings.JOB_MAX_ATTEMPTS
    )
    scan = run_redelivered(scan)
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.INTERNAL
    assert "stopped before finishing several times" in scan.error_text
    assert not fake_ollama.requests_to("/api/chat")
