"""Estimates from the model-call log (core/estimates.py): the recorded speed of a model on this
site, per purpose, and "about N s left" for a job — or nothing when there is no history."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from core import estimates
from core.estimates import eta_words
from core.estimates import job_eta_seconds
from core.estimates import model_speed
from core.jobs import JobStatus
from core.models import ModelCall
from tests.factories import GenerationFactory
from tests.factories import ScanFactory

pytestmark = pytest.mark.django_db


def call(**fields: Any) -> ModelCall:
    values: dict[str, Any] = {
        "purpose": "vision",
        "model": "qwen2.5vl:7b",
        "prompt_version": "v1",
        "outcome": ModelCall.Outcome.OK,
        "eval_count": 100,
        "wall_ms": 5000,
    } | fields
    return ModelCall.objects.create(**values)


def test_with_no_recorded_call_there_is_no_estimate() -> None:
    call(model="another-model")
    call(outcome=ModelCall.Outcome.UNAVAILABLE)
    call(outcome=ModelCall.Outcome.CANCELLED, eval_count=None)

    assert model_speed(model="qwen2.5vl:7b", purpose="vision") is None
    scan = ScanFactory(status=JobStatus.QUEUED)
    assert scan.eta_seconds is None
    assert scan.eta_text == ""


def test_the_speed_is_the_median_of_recent_ok_calls_of_that_model_and_purpose() -> None:
    for tokens, wall_ms in ((100, 4000), (200, 6000), (120, 3600)):
        call(eval_count=tokens, wall_ms=wall_ms)
    call(eval_count=10_000, wall_ms=1, purpose="recipes")  # another purpose
    call(eval_count=10_000, wall_ms=1, outcome=ModelCall.Outcome.INVALID_REPLY)

    speed = model_speed(model="qwen2.5vl:7b", purpose="vision")

    assert speed is not None
    assert speed.samples == 3
    assert speed.tokens_per_unit == 120
    assert speed.seconds_per_token == pytest.approx(0.03)  # 30, 40 and 30 ms a token


def test_a_generations_reply_is_measured_per_recipe() -> None:
    generation = GenerationFactory(count=3)
    ModelCall.objects.create(
        purpose="recipes",
        model="mistral",
        prompt_version="v1",
        outcome=ModelCall.Outcome.OK,
        generation=generation,
        eval_count=1500,
        wall_ms=30_000,
    )

    queued = GenerationFactory(status=JobStatus.QUEUED, count=2)

    assert queued.eta_seconds == 20  # 2 recipes of 500 tokens at 20 ms a token
    assert queued.eta_text == "about 20 s left"


def test_a_queued_job_waiting_for_a_retry_adds_the_wait() -> None:
    call(eval_count=100, wall_ms=5000)
    scan = ScanFactory(status=JobStatus.QUEUED, retry_at=timezone.now() + timedelta(seconds=30))

    assert 34 <= job_eta_seconds(scan) <= 35  # type: ignore[operator]


def test_a_running_job_shows_what_its_worker_wrote_and_a_finished_one_nothing() -> None:
    scan = ScanFactory(status=JobStatus.RUNNING, eta_at=timezone.now() + timedelta(seconds=8))
    assert 7 <= job_eta_seconds(scan) <= 8  # type: ignore[operator]

    late = ScanFactory(status=JobStatus.RUNNING, eta_at=timezone.now() - timedelta(seconds=3))
    assert job_eta_seconds(late) == 0

    unknown = ScanFactory(status=JobStatus.RUNNING, eta_at=None)
    assert job_eta_seconds(unknown) is None

    for status in (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED):
        call()
        assert job_eta_seconds(ScanFactory(status=status)) is None


def test_the_estimate_is_remembered_for_a_while_then_read_again(monkeypatch: Any) -> None:
    assert model_speed(model="qwen2.5vl:7b", purpose="vision") is None
    call()
    assert model_speed(model="qwen2.5vl:7b", purpose="vision") is None  # remembered

    monkeypatch.setattr(estimates, "MEMO_SECONDS", 0.0)
    estimates.forget()
    assert model_speed(model="qwen2.5vl:7b", purpose="vision") is not None


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (None, ""),
        (0, "almost done"),
        (2, "almost done"),
        (3, "about 3 s left"),
        (40, "about 40 s left"),
        (89, "about 89 s left"),
        (150, "about 2 min left"),
    ],
)
def test_the_estimate_in_words(seconds: int | None, words: str) -> None:
    assert eta_words(seconds) == words
