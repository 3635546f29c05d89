"""The circuit breaker (integrations/ollama/breaker.py): what opens it, what does not."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.job_words import fault_words
from integrations.ollama import breaker
from integrations.ollama.breaker import breaker_state
from integrations.ollama.errors import AIBusy
from integrations.ollama.errors import AIServerError
from integrations.ollama.errors import AIServiceError
from integrations.ollama.errors import AIUnavailable
from integrations.ollama.errors import BreakerOpen
from tests.support.ollama import ask

pytestmark = pytest.mark.django_db


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
    assert "try again as soon as it is back" in fault_words(caught.value)
    assert breaker_state()["open"]
    assert breaker_state(fake_ollama.url) == breaker_state(), "the one host's own breaker"

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


def test_each_host_has_its_own_breaker(
    fake_ollama: Any, second_ollama: Any, settings: Any, monkeypatch: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 2
    settings.BREAKER_RESET_SECONDS = 30
    for _ in range(2):
        breaker.breaker_record_failure(second_ollama.url)
    assert breaker_state(second_ollama.url) == {"open": True, "retry_in": 30, "failures": 2}
    assert breaker_state(fake_ollama.url) == {"open": False, "retry_in": 0, "failures": 0}
    assert breaker_state() == {"open": False, "retry_in": 0, "failures": 2}, "one host is up"
    breaker.breaker_check(fake_ollama.url)  # the other host's calls go through
    with pytest.raises(BreakerOpen):
        breaker.breaker_check(second_ollama.url)

    clock = breaker.time.time() + 10
    monkeypatch.setattr(breaker.time, "time", lambda: clock)
    for _ in range(2):
        breaker.breaker_record_failure(fake_ollama.url)
    state = breaker_state()
    assert state["open"] and state["retry_in"] == 20, "open until the first host half-opens"
    breaker.breaker_record_success(second_ollama.url)
    assert breaker_state(second_ollama.url)["failures"] == 0
    assert breaker_state(fake_ollama.url)["open"], "a success elsewhere closes nothing here"
