"""The Ollama gateway against the fake Ollama server: shapes, faults, repair, breaker, records."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from core.ai_messages import fault_message
from core.model_calls import CallRecord
from core.models import ModelCall
from integrations.ollama import breaker
from integrations.ollama.breaker import breaker_state
from integrations.ollama.client import ping
from integrations.ollama.errors import (
    AIBusy,
    AIServerError,
    AIServiceError,
    AIUnavailable,
    BreakerOpen,
    InvalidReply,
    ModelMissing,
    ReplyTruncated,
)
from integrations.ollama.structured import chat_structured
from vision.schemas import VisionReply

pytestmark = pytest.mark.django_db


class Pair(BaseModel):
    name: str
    count: int


def ask(record: CallRecord | None = None, **kwargs: Any) -> Pair:
    return chat_structured(
        model="mistral",
        messages=[{"role": "user", "content": "two apples"}],
        schema=Pair,
        record=record or CallRecord(purpose="recipes", prompt_version="t-1"),
        **kwargs,
    )


def test_a_structured_reply_is_validated_and_recorded_with_token_counts(fake_ollama: Any) -> None:
    fake_ollama.script("chat", content=json.dumps({"name": "apple", "count": 2}))
    assert ask() == Pair(name="apple", count=2)

    call = ModelCall.objects.get()
    assert call.outcome == ModelCall.Outcome.OK
    assert call.model == "mistral"
    assert call.prompt_version == "t-1"
    assert call.prompt_eval_count and call.eval_count
    assert call.total_duration_ms is not None
    sent = fake_ollama.requests[-1].json
    assert sent["format"] == Pair.model_json_schema(), "the JSON schema goes as `format`"
    assert sent["keep_alive"] == "10m"
    assert sent["stream"] is True


def test_progress_is_reported_while_the_reply_streams(fake_ollama: Any) -> None:
    fake_ollama.script("chat", content=json.dumps({"name": "a" * 400, "count": 1}), delay=1.2)
    seen: list[int] = []
    ask(on_progress=seen.append)
    assert seen, "a slow streamed reply reports progress at least once"


def test_a_missing_model_fails_at_once_and_says_how_to_install_it(fake_ollama: Any) -> None:
    fake_ollama.models.discard("mistral")
    with pytest.raises(ModelMissing) as caught:
        ask()
    assert "ollama pull mistral" in fault_message(caught.value)
    assert not caught.value.transient
    assert ModelCall.objects.get().outcome == ModelCall.Outcome.MODEL_MISSING


def test_a_busy_service_is_a_transient_fault(fake_ollama: Any) -> None:
    fake_ollama.script("chat", status=503, error="server busy, please try again")
    with pytest.raises(AIBusy) as caught:
        ask()
    assert caught.value.transient
    assert "busy" in fault_message(caught.value)


def test_an_unreachable_service_is_transient_and_names_ollama_serve(fake_ollama: Any) -> None:
    fake_ollama.go_down()
    try:
        with pytest.raises(AIUnavailable) as caught:
            ask()
    finally:
        fake_ollama.come_back()
    assert caught.value.transient
    assert "ollama serve" in fault_message(caught.value)
    assert ModelCall.objects.get().outcome == ModelCall.Outcome.UNAVAILABLE


def test_a_mid_stream_error_is_a_permanent_ai_error(fake_ollama: Any) -> None:
    fake_ollama.script(
        "chat",
        content=json.dumps({"name": "x", "count": 1}),
        stream_error_after=1,
        error="runner crashed",
    )
    with pytest.raises(AIServiceError) as caught:
        ask()
    assert not caught.value.transient


def test_a_malformed_reply_gets_one_repair_attempt_showing_the_error(fake_ollama: Any) -> None:
    fake_ollama.script("chat", content='{"name": "apple"}')
    fake_ollama.script("chat", content='{"name": "apple", "count": 3}')
    record = CallRecord(purpose="recipes", prompt_version="t-1")
    assert ask(record) == Pair(name="apple", count=3)

    outcomes = list(ModelCall.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes == [ModelCall.Outcome.INVALID_REPLY, ModelCall.Outcome.OK]
    repair = fake_ollama.requests[-1].json["messages"][-1]["content"]
    assert "count" in repair and "did not match" in repair


def test_a_reply_that_stays_malformed_fails_with_invalid_reply(fake_ollama: Any) -> None:
    fake_ollama.script("chat", content="this is not json")
    fake_ollama.script("chat", content="still not json")
    with pytest.raises(InvalidReply) as caught:
        ask()
    assert caught.value.code == "invalid_reply"
    assert ModelCall.objects.filter(outcome=ModelCall.Outcome.INVALID_REPLY).count() == 2


def test_a_reply_cut_off_by_the_length_limit_is_reported_as_truncated(fake_ollama: Any) -> None:
    for _ in range(2):
        fake_ollama.script("chat", content='{"name": "ap', done_reason="length")
    with pytest.raises(ReplyTruncated):
        ask()
    assert ModelCall.objects.filter(outcome=ModelCall.Outcome.TRUNCATED).count() == 2


def test_the_breaker_opens_after_repeated_connection_failures_and_closes_by_itself(
    fake_ollama: Any, settings: Any, monkeypatch: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 2
    settings.BREAKER_RESET_SECONDS = 30
    for _ in range(2):
        fake_ollama.script("chat", drop_connection=True)
        with pytest.raises(AIUnavailable):
            ask()
    calls_before = len(fake_ollama.requests)
    with pytest.raises(BreakerOpen) as caught:
        ask()
    assert len(fake_ollama.requests) == calls_before, "an open breaker does not call Ollama"
    assert "retrying in" in fault_message(caught.value)
    assert breaker_state()["open"]

    # Time passes: the breaker half-opens, one probe succeeds, and it closes.
    clock = breaker.time.time() + 31
    monkeypatch.setattr(breaker.time, "time", lambda: clock)
    fake_ollama.script("chat", content=json.dumps({"name": "ok", "count": 1}))
    assert ask().name == "ok"
    assert not breaker_state()["open"]


@pytest.mark.parametrize("status", [503, 429])
def test_busy_replies_never_count_towards_the_breaker(
    fake_ollama: Any, settings: Any, status: int
) -> None:
    """A busy host is up: each caller backs off, nobody else is held back."""
    settings.BREAKER_FAILURE_THRESHOLD = 3
    for _ in range(10):
        fake_ollama.script("chat", status=status)
        with pytest.raises(AIBusy):
            ask()
    assert breaker_state() == {"open": False, "retry_in": 0, "failures": 0}


def test_busy_replies_neither_count_nor_wipe_earlier_connection_failures(
    fake_ollama: Any, settings: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 3
    for script in ({"drop_connection": True}, {"status": 503}, {"drop_connection": True}):
        fake_ollama.script("chat", **script)
        with pytest.raises(AIServiceError):
            ask()
    assert breaker_state()["failures"] == 2


@pytest.mark.parametrize(
    ("script", "error"),
    [
        ({"drop_connection": True}, AIUnavailable),
        ({"status": 500}, AIServerError),
        ({"status": 502, "error": "bad gateway"}, AIServerError),
    ],
)
def test_connection_failures_and_5xx_other_than_busy_open_the_breaker(
    fake_ollama: Any, settings: Any, script: dict[str, Any], error: type[Exception]
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 3
    for _ in range(3):
        fake_ollama.script("chat", **script)
        with pytest.raises(error):
            ask()
    assert breaker_state()["open"]


def test_timeouts_open_the_breaker(fake_ollama: Any, settings: Any) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 2
    settings.OLLAMA_TIMEOUT = 0.2
    for _ in range(2):
        fake_ollama.script("chat", delay=1.0)
        with pytest.raises(AIUnavailable):
            ask()
    assert breaker_state()["open"]


def test_a_4xx_answer_shows_the_host_is_alive_and_resets_the_count(
    fake_ollama: Any, settings: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 3
    fake_ollama.script("chat", drop_connection=True)
    with pytest.raises(AIUnavailable):
        ask()
    fake_ollama.script("chat", status=400, error="invalid options")
    with pytest.raises(AIServiceError):
        ask()
    assert breaker_state()["failures"] == 0


def test_ping_lists_installed_models(fake_ollama: Any) -> None:
    ok, models, error = ping()
    assert ok and error == ""
    assert {"mistral", "qwen2.5vl:7b"} <= models


def test_vision_schema_accepts_the_real_reply_shape() -> None:
    reply = VisionReply.model_validate_json('{"ingredients": [{"name": "egg", "confidence": 0.9}]}')
    assert reply.ingredients[0].name == "egg"
