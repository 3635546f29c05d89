"""Streamed replies (integrations/ollama/streaming.py): progress while the reply arrives."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.ollama import ask

pytestmark = pytest.mark.django_db


def test_progress_is_reported_while_the_reply_streams(fake_ollama: Any) -> None:
    fake_ollama.script("chat", content=json.dumps({"name": "a" * 400, "count": 1}), delay=1.2)
    seen: list[int] = []
    ask(on_progress=seen.append)
    assert seen, "a slow streamed reply reports progress at least once"
