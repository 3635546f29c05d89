"""Progress while a model streams (core/job_progress.py): follows the tokens against a usual
reply, never goes back, keeps moving, writes an estimate, and stops a cancelled job."""

from __future__ import annotations

from typing import Any

import pytest

from core.estimates import ModelSpeed
from core.job_progress import REPORT_SECONDS
from core.job_progress import ModelProgress
from core.job_progress import eased
from core.jobs import JobStatus
from core.jobs import JobStopped
from core.jobs import Stage
from core.jobs import job_cancel
from integrations.ollama.streaming import StreamProgress
from recipes.models import Generation
from tests.factories import GenerationFactory

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float = REPORT_SECONDS) -> None:
        self.now += seconds


def reporter(job: Generation, clock: Clock, **kwargs: Any) -> ModelProgress:
    options: dict[str, Any] = {
        "low": 10,
        "high": 90,
        "stage": Stage.WRITING_RECIPES,
        "default_chars_per_unit": 400,  # 100 tokens
        "speed": None,
    } | kwargs
    return ModelProgress(job, clock=clock, **options)


def running() -> Generation:
    return GenerationFactory(status=JobStatus.RUNNING, progress=0)


def progress_of(job: Generation) -> int:
    return Generation.objects.values_list("progress", flat=True).get(pk=job.pk)


def test_the_bar_follows_the_tokens_against_a_usual_reply() -> None:
    job, clock = running(), Clock()
    report = reporter(job, clock)
    report.start()
    assert progress_of(job) == 10

    seen = []
    for tokens in (25, 50, 75):
        clock.tick()
        report(StreamProgress(tokens=tokens, chars=tokens * 4))
        seen.append(progress_of(job))

    assert seen == [30, 50, 70]


def test_reports_are_written_at_most_twice_a_second() -> None:
    job, clock = running(), Clock()
    report = reporter(job, clock)
    report(StreamProgress(tokens=10))
    report(StreamProgress(tokens=50))  # same instant: not written
    assert progress_of(job) == 18

    clock.tick()
    report(StreamProgress(tokens=50))
    assert progress_of(job) == 50


def test_a_reply_longer_than_usual_keeps_moving_and_never_reaches_its_end() -> None:
    values = [eased(f / 10) for f in range(40)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)
    assert values[-1] < 1


def test_a_repairs_stream_starting_again_does_not_lower_the_bar() -> None:
    job, clock = running(), Clock()
    report = reporter(job, clock)
    clock.tick()
    report(StreamProgress(attempt=1, tokens=80))
    clock.tick()
    report(StreamProgress(attempt=2, tokens=5))

    assert progress_of(job) == 74


def test_with_a_recorded_speed_the_worker_writes_when_the_model_should_be_done() -> None:
    job, clock = running(), Clock()
    speed = ModelSpeed(tokens_per_unit=50, seconds_per_token=0.1, samples=3)
    report = reporter(job, clock, speed=speed, units=2)  # 100 tokens expected, 10 s

    report.start()
    assert 9 <= Generation.objects.get(pk=job.pk).eta_seconds <= 10
    clock.tick()
    report(StreamProgress(tokens=60))
    assert 3 <= Generation.objects.get(pk=job.pk).eta_seconds <= 4


def test_without_history_no_estimate_is_written() -> None:
    job, clock = running(), Clock()
    report = reporter(job, clock)
    report.start()
    clock.tick()
    report(StreamProgress(tokens=60))

    assert Generation.objects.get(pk=job.pk).eta_at is None


def test_a_cancel_is_noticed_at_the_next_report_even_while_no_token_comes() -> None:
    job, clock = running(), Clock()
    report = reporter(job, clock)
    clock.tick()
    report(StreamProgress(tokens=10))
    job_cancel(job=Generation.objects.get(pk=job.pk))

    clock.tick()
    with pytest.raises(JobStopped):
        report(StreamProgress(tokens=10, piece=""))
