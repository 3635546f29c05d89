"""Two Ollama hosts behind a real worker on the real RabbitMQ: both serve, and one killed in the
middle of the run fails no job."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from core.jobs import JobStatus
from fake_ollama import FakeOllama
from integrations.ollama.breaker import breaker_state
from tests.conftest import wait_for
from tests.factories import jpeg_bytes
from tests.fixtures import hosts_env
from tests.resilience.conftest import wait_until_finished
from vision.models import Scan
from vision.services import scan_create

pytestmark = [pytest.mark.broker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _scans(user: Any, count: int, *, batch: int) -> list[Scan]:
    """`count` photos that differ from each other and from other batches (no reused result)."""
    return [
        scan_create(
            user=user,
            file=io.BytesIO(jpeg_bytes(color=(i * 20 % 255, 60 + batch * 70, 40))),
            fresh=True,
        )
        for i in range(count)
    ]


def _chats(server: FakeOllama) -> int:
    return len(server.requests_to("/api/chat"))


def test_both_hosts_serve_and_one_killed_mid_run_fails_no_job(
    user: Any,
    start_worker: Callable[..., Any],
    fake_ollama: FakeOllama,
    second_ollama: FakeOllama,
) -> None:
    env = {
        **hosts_env(fake_ollama, second_ollama),
        "BREAKER_FAILURE_THRESHOLD": "2",
        "BREAKER_RESET_SECONDS": "120",
    }
    start_worker(concurrency=2, extra_env=env)
    fake_ollama.default_delay = second_ollama.default_delay = 0.5
    first = _scans(user, 6, batch=0)
    wait_for(lambda: _chats(fake_ollama) >= 1 and _chats(second_ollama) >= 1, timeout=30)

    second_ollama.go_down()  # killed: its call in flight is cut, new connections are refused
    served_before = _chats(fake_ollama)
    later = _scans(user, 6, batch=1)
    done = wait_until_finished([*first, *later], timeout=90)

    assert [s.status for s in done] == [JobStatus.SUCCEEDED] * 12, [
        (s.status, s.error_code, s.error_text) for s in done
    ]
    assert all(s.ingredients.count() == 5 for s in done)
    assert _chats(fake_ollama) >= served_before + 6, "the live host carried on"
    wait_for(lambda: breaker_state(second_ollama.url)["open"], timeout=10)
    assert not breaker_state(fake_ollama.url)["open"]
    assert not breaker_state()["open"], "the service as a whole stayed available"
