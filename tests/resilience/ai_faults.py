"""What the AI-fault tests share: replies, running the job in-process, a stand-in Celery task.

Those tests cause every way the AI service can fail for real on the fake Ollama and check what the
job row shows. They run the real Celery task in-process (`apply()`: Celery re-runs a retried task
at once, so a retry's countdown is not waited for); the worker-process versions are in
test_worker_faults.
"""

from __future__ import annotations

import io
import json
import time
from types import SimpleNamespace
from typing import Any

import pytest
from celery.exceptions import Retry

from core.job_runner import run_job
from core.jobs import Stage
from testkit.images import jpeg_bytes
from vision import services
from vision.models import Scan
from vision.tasks import scan_recognize

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
# How a scan waiting for an unreachable AI is stored: a code, and what its words need.
WAITING_DOWN_STAGE: dict[str, Any] = {
    "stage": Stage.WAITING_FOR_AI,
    "stage_params": {"busy": False, "service": "photo"},
}
VALID = json.dumps({"ingredients": [{"name": "tomato", "confidence": 0.9}]})
WRONG_SCHEMA = json.dumps({"ingredients": [{"label": "tomato", "confidence": 7}]})


def new_scan(user: Any) -> Scan:
    return services.scan_create(user=user, file=io.BytesIO(jpeg_bytes()))


@pytest.fixture(name="scan")
def scan_fixture(user: Any, fake_ollama: Any) -> Scan:
    """A queued scan of one photo, with the fake Ollama behind it."""
    return new_scan(user)


def run(scan: Scan) -> Scan:
    scan_recognize.apply(args=[scan.pk])
    scan.refresh_from_db()
    return scan


def outcomes(scan: Scan) -> list[str]:
    return list(scan.model_calls.order_by("id").values_list("outcome", flat=True))


def script_busy(fake_ollama: Any, times: int) -> None:
    """The next `times` chat requests get 503 busy."""
    for _ in range(times):
        fake_ollama.script("chat", status=503)


def busy_past_the_budget(fake_ollama: Any, settings: Any) -> None:
    """Every try within a job's waiting budget (WAIT_BUDGET s) is answered 503 busy; the
    breaker's threshold is out of reach, as a busy host is not a failing one."""
    settings.BREAKER_FAILURE_THRESHOLD = 100
    settings.OLLAMA_WAIT_MAX_SECONDS = WAIT_BUDGET
    script_busy(fake_ollama, TRIES)


def run_against_the_deadline(
    scan: Scan, fake_ollama: Any, settings: Any, *, deadline: float, **script: Any
) -> tuple[Scan, float]:
    """Run the job with a long read timeout, a short call deadline and a valid but slow reply;
    the job as it ended, and the seconds the run took."""
    settings.OLLAMA_TIMEOUT = 10.0
    settings.OLLAMA_CALL_DEADLINE_SECONDS = deadline
    fake_ollama.script("chat", content=VALID, **script)

    started = time.monotonic()
    scan = run(scan)
    return scan, time.monotonic() - started


class RecordingTask:
    """The two things run_job uses from a Celery task: its request, and retry()."""

    def __init__(self, *, redelivered: bool = False) -> None:
        self.request = SimpleNamespace(id="task-1", delivery_info={"redelivered": redelivered})
        self.countdowns: list[float] = []

    def retry(self, *, countdown: float, **_: Any) -> Retry:
        self.countdowns.append(countdown)
        return Retry("retry", when=countdown)


def run_redelivered(scan: Scan) -> Scan:
    """Run the job as a worker runs a message redelivered after a crash; the job as it ended."""
    run_job(
        RecordingTask(redelivered=True),  # type: ignore[arg-type]
        model=Scan,
        job_id=scan.pk,
        runner=services.scan_recognize,  # type: ignore[arg-type]
    )
    scan.refresh_from_db()
    return scan


def run_once_to_a_retry(scan: Scan, task: RecordingTask | None = None) -> RecordingTask:
    """One run of the job as a worker runs it, which must end in a retry; the task it used."""
    task = task or RecordingTask()
    with pytest.raises(Retry):
        run_job(task, model=Scan, job_id=scan.pk, runner=services.scan_recognize)  # type: ignore[arg-type]
    scan.refresh_from_db()
    return task
