"""Gateway helpers: a small reply schema and one structured call of the text model with it."""

from __future__ import annotations

import json
import time
from typing import Any

from pydantic import BaseModel

from core.model_calls import CallRecord
from fake_ollama import FakeOllama
from integrations.ollama.structured import chat_structured


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


def open_connections(fake: FakeOllama) -> set[Any]:
    """The client connections the fake Ollama holds open now.

    The fake keeps them to cut them when it goes down; a streamed reply the client closed
    early drops out of it at the fake's next write, long before the reply would have ended.
    """
    with fake._lock:
        return set(fake._connections)


def wait_for_closed(fake: FakeOllama, before: set[Any], *, timeout: float) -> float:
    """Seconds until one of the connections open at `before` was closed; fails after timeout."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if not before <= open_connections(fake):
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"no connection to the fake Ollama closed within {timeout} s")


def long_reply(tokens: int = 400) -> str:
    """A valid reply of `Pair` (see `ask`) that streams as about `tokens` chunks."""
    return json.dumps({"name": " ".join(["apple"] * tokens), "count": 2})
