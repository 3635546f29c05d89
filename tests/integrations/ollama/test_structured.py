"""Structured replies (integrations/ollama/structured.py) against the fake Ollama server:
shapes, faults, repair, records."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.ai_messages import operator_hint
from core.job_words import fault_words
from core.model_calls import CallRecord
from core.models import ModelCall
from integrations.ollama.errors import AIBusy
from integrations.ollama.errors import AIServiceError
from integrations.ollama.errors import AIUnavailable
from integrations.ollama.errors import InvalidReply
from integrations.ollama.errors import ModelMissing
from integrations.ollama.errors import ReplyTruncated
from tests.support.ollama import Pair
from tests.support.ollama import ask

pytestmark = pytest.mark.django_db


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


def test_a_missing_model_fails_at_once_and_says_how_to_install_it(fake_ollama: Any) -> None:
    fake_ollama.models.discard("mistral")
    with pytest.raises(ModelMissing) as caught:
        ask()
    assert "ollama pull mistral" in operator_hint(caught.value)
    assert "ollama pull" not in fault_words(caught.value), "for the operator, not the person"
    assert not caught.value.transient
    assert ModelCall.objects.get().outcome == ModelCall.Outcome.MODEL_MISSING


def test_a_busy_service_is_a_transient_fault(fake_ollama: Any) -> None:
    fake_ollama.script("chat", status=503, error="server busy, please try again")
    with pytest.raises(AIBusy) as caught:
        ask()
    assert caught.value.transient
    assert "busy" in fault_words(caught.value)


def test_an_unreachable_service_is_transient_and_tells_the_operator_ollama_serve(
    fake_ollama: Any,
) -> None:
    fake_ollama.go_down()
    try:
        with pytest.raises(AIUnavailable) as caught:
            ask()
    finally:
        fake_ollama.come_back()
    assert caught.value.transient
    assert "ollama serve" in operator_hint(caught.value)
    assert "ollama serve" not in fault_words(caught.value), "for the operator, not the person"
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
