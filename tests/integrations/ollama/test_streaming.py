"""Streamed replies (integrations/ollama/streaming.py): progress while the reply arrives, the
text so far for the caller, and a caller that stops reading."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from core.model_calls import CallRecord
from core.models import ModelCall
from fake_ollama.tokens import split_tokens
from integrations.ollama.breaker import breaker_state
from integrations.ollama.errors import StopReading
from integrations.ollama.streaming import StreamProgress
from tests.support.ollama import ask
from tests.support.ollama import long_reply
from tests.support.ollama import open_connections
from tests.support.ollama import wait_for_closed

pytestmark = pytest.mark.django_db


def test_progress_is_reported_while_the_reply_streams(fake_ollama: Any) -> None:
    fake_ollama.script("chat", content=json.dumps({"name": "a" * 400, "count": 1}), delay=1.2)
    seen: list[int] = []
    ask(on_progress=seen.append)
    assert seen, "a slow streamed reply reports progress at least once"


def test_the_caller_sees_the_text_so_far_and_the_tokens_of_every_chunk(fake_ollama: Any) -> None:
    content = json.dumps({"name": "green apples", "count": 2})
    fake_ollama.script("chat", content=content)
    seen: list[tuple[int, int, str]] = []

    ask(on_progress=lambda p: seen.append((p.tokens, p.chars, p.text)))

    tokens = [t for t, _, _ in seen]
    assert tokens == sorted(tokens) and tokens[-1] == len(split_tokens(content))
    assert all(chars == len(text) for _, chars, text in seen)
    assert seen[-1][2] == content
    assert all(content.startswith(text) for _, _, text in seen)


def test_while_no_chunk_comes_the_caller_is_still_called_about_twice_a_second(
    fake_ollama: Any,
) -> None:
    fake_ollama.script("chat", content=json.dumps({"name": "a", "count": 1}), delay=1.3)
    waiting: list[float] = []

    ask(on_progress=lambda p: waiting.append(p.seconds) if p.tokens == 0 else None)

    assert len(waiting) >= 2, "the model took 1.3 s to start: the caller heard of it meanwhile"
    assert waiting[0] < 0.8


def test_a_caller_that_stops_reading_closes_the_stream_so_the_model_stops(
    fake_ollama: Any,
) -> None:
    """StopReading from the callback: the fake sees the connection closed long before its
    reply would have ended, the call is recorded as cancelled, the breaker hears nothing."""
    fake_ollama.script("chat", content=long_reply(400), chunk_delay=0.03)  # about 12 s
    record = CallRecord(purpose="recipes", prompt_version="t-1")
    streaming: set[Any] = set()

    def stop_after_ten_tokens(progress: StreamProgress) -> None:
        if progress.tokens >= 10:
            streaming.update(open_connections(fake_ollama))
            raise StopReading("enough")

    started = time.monotonic()
    with pytest.raises(StopReading, match="enough"):
        ask(record, on_progress=stop_after_ten_tokens)

    assert time.monotonic() - started < 2
    assert wait_for_closed(fake_ollama, streaming, timeout=2) < 2
    call = ModelCall.objects.get()
    assert (call.outcome, call.eval_count) == (ModelCall.Outcome.CANCELLED, None)
    assert "enough" in call.error
    assert breaker_state()["failures"] == 0
