"""Shared fixtures: network guard, temp media, the fake Ollama server, a real Celery worker."""

from __future__ import annotations

import ipaddress
import os
import socket
import time
from collections.abc import Callable
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from core import estimates
from fake_ollama import FakeOllama
from testkit.broker import broker_reachable as _broker_reachable
from testkit.broker import purge_queues
from testkit.workers import WorkerProcess
from tests.factories import UserFactory
from tests.support.variants import install_shipped_variants

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def missing_service(reason: str) -> None:
    """Locally a missing service skips; in CI it is a failure."""
    if IN_CI:
        pytest.fail(f"required service unavailable in CI: {reason}")
    pytest.skip(reason)


# --- no network but this machine ------------------------------------------------------------

_real_connect = socket.socket.connect


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = address[0]
        try:
            ok = ipaddress.ip_address(host).is_loopback
        except ValueError:
            ok = host == "localhost"
        if not ok:
            raise RuntimeError(f"tests may not connect to {host}: only 127.0.0.1 is allowed")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _no_network() -> Iterator[None]:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _language_per_test() -> Iterator[None]:
    """Each test starts in the default language: a request's activation stays on the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache(request: pytest.FixtureRequest) -> None:
    """The cache (throttles, breaker) lives in the test database: start every DB test empty,
    and with no estimate remembered from another test's model calls; and with the prompt
    variants the site ships (a transactional test's flush removes what migrations wrote)."""
    names = set(request.fixturenames)
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(names & {"transactional_db", "live_server"}) or bool(
        marker and marker.kwargs.get("transaction")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    cache.clear()
    estimates.forget()
    install_shipped_variants()


# --- people -----------------------------------------------------------------------------------


@pytest.fixture
def user(db: None) -> Any:
    return UserFactory(username="alice")


@pytest.fixture
def other_user(db: None) -> Any:
    return UserFactory(username="bob")


@pytest.fixture
def api_client(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def other_api_client(other_user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=other_user)
    return client


# --- the fake Ollama ----------------------------------------------------------------------------


def serve_fake_ollama() -> Iterator[FakeOllama]:
    """A fake Ollama with the two models the settings name, for as long as the caller holds it."""
    with FakeOllama(models=("qwen2.5vl:7b", "mistral")) as server:
        yield server


@pytest.fixture(scope="session")
def _fake_ollama_server() -> Iterator[FakeOllama]:
    yield from serve_fake_ollama()


@pytest.fixture
def fake_ollama(_fake_ollama_server: FakeOllama, settings: Any) -> Iterator[FakeOllama]:
    """A real HTTP server speaking Ollama's API; settings point at it for this test."""
    _fake_ollama_server.reset()
    settings.OLLAMA_HOST = _fake_ollama_server.url
    settings.OLLAMA_VISION_MODEL = "qwen2.5vl:7b"
    settings.OLLAMA_TEXT_MODEL = "mistral"
    yield _fake_ollama_server
    _fake_ollama_server.reset()


# --- the real broker and a real worker process --------------------------------------------------


def test_database_url() -> str:
    from django.db import connection

    cfg = connection.settings_dict
    if cfg["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{cfg['NAME']}"
    user = cfg.get("USER") or ""
    password = f":{cfg['PASSWORD']}" if cfg.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return (
        f"postgres://{auth}{cfg.get('HOST') or '127.0.0.1'}:{cfg.get('PORT') or 5432}/{cfg['NAME']}"
    )


@pytest.fixture
def clean_queues() -> Iterator[str]:
    """The real RabbitMQ's URL, with the job queues empty before and after the test."""
    url = settings.CELERY_BROKER_URL
    if not _broker_reachable(url):
        missing_service(f"RabbitMQ not reachable at {url}")
    purge_queues(url)
    yield url
    purge_queues(url)


@pytest.fixture
def start_worker(
    transactional_db: None, fake_ollama: FakeOllama, tmp_path: Path, clean_queues: str
) -> Iterator[Callable[..., WorkerProcess]]:
    """Factory: start one or more real worker processes for this test (stopped afterwards)."""
    broker = clean_queues
    started: list[WorkerProcess] = []

    def _start(*, concurrency: int = 2, extra_env: dict[str, str] | None = None) -> WorkerProcess:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": test_database_url(),
            "CELERY_BROKER_URL": broker,
            "OLLAMA_HOST": fake_ollama.url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
            **(extra_env or {}),
        }
        worker = WorkerProcess(
            env=env, log_path=tmp_path / f"worker-{len(started)}.log", concurrency=concurrency
        ).start()
        started.append(worker)
        return worker

    yield _start
    for worker in started:
        worker.stop()


@pytest.fixture
def worker(start_worker: Callable[..., WorkerProcess]) -> WorkerProcess:
    return start_worker()


def wait_for(predicate: Callable[[], Any], *, timeout: float = 20.0, interval: float = 0.05) -> Any:
    """Poll until predicate() is truthy (bounded); returns its value or fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"condition not met within {timeout} s")


pytest_plugins = ["tests.fixtures"]
