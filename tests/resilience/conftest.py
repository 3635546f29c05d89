"""Tools to break things for real: a cuttable TCP path to RabbitMQ, job submission, waiting."""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit
from urllib.parse import urlunsplit

import pytest
from django.conf import settings

from core.jobs import ACTIVE
from core.jobs import Job
from core.jobs import JobStatus
from recipes.models import Generation
from recipes.services import generation_create
from tests.conftest import wait_for
from tests.factories import jpeg_bytes
from vision.models import Scan
from vision.services import scan_create

FRUIT = (
    "apple", "pear", "plum", "cherry", "peach", "apricot", "mango", "kiwi", "lime", "lemon",
    "fig", "date", "grape", "melon", "papaya", "guava", "quince", "lychee",
)  # fmt: skip


class TcpProxy:
    """A TCP relay on 127.0.0.1 in front of a real service, that a test can cut and restore.

    Cutting closes the listening socket and every relayed connection, as a broker crash or a
    network partition would look to both the web process and the workers; restoring listens
    again on the same port, so clients configured with `url()` reconnect by themselves.
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self._listener: socket.socket | None = None
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self.connections = 0

    def url(self, url: str) -> str:
        """`url` with its host and port replaced by this proxy's."""
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)
        auth = f"{netloc[0]}@" if len(netloc) == 2 else ""
        return urlunsplit(parts._replace(netloc=f"{auth}127.0.0.1:{self.port}"))

    def restore(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self._lock:
                self._sockets |= {client, upstream}
                self.connections += 1
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (src, dst):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def broker_proxy() -> Iterator[TcpProxy]:
    parts = urlsplit(settings.CELERY_BROKER_URL)
    proxy = TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672)
    proxy.restore()
    yield proxy
    proxy.cut()


@contextlib.contextmanager
def web_publishes_to(url: str) -> Iterator[None]:
    """Make this (web) process publish to `url`, through connection and producer pools of its own.

    kombu keeps one pool per broker URL in a process-wide registry, so swapping the URL and
    dropping the app's references is enough; closing a pool would leave it closed in that
    registry for every later test publishing to the same URL.
    """
    from config.celery import app

    def switch(to: str | None) -> None:
        app.conf.broker_write_url = to
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.get("broker_write_url")
    switch(url)
    try:
        yield
    finally:
        switch(previous)


def submit_generations(user: Any, count: int, **kwargs: Any) -> list[Generation]:
    """`count` recipe jobs with different ingredients, so none reuses another's result."""
    jobs = []
    for i in range(count):
        ingredients = [FRUIT[i % len(FRUIT)], f"batch {i}", "eggs"]
        jobs.append(generation_create(user=user, ingredients=ingredients, fresh=True, **kwargs))
    return jobs


def submit_scans(user: Any, count: int) -> list[Scan]:
    return [
        scan_create(
            user=user, file=io.BytesIO(jpeg_bytes(color=(i * 20 % 255, 90, 40))), fresh=True
        )
        for i in range(count)
    ]


def running_jobs(jobs: list[Any]) -> set[int]:
    """Ids of the jobs that are running right now."""
    model = type(jobs[0])
    return set(
        model.objects.filter(pk__in=[j.pk for j in jobs], status=JobStatus.RUNNING).values_list(
            "pk", flat=True
        )
    )


def reloaded(jobs: list[Any]) -> list[Any]:
    return [type(j).objects.get(pk=j.pk) for j in jobs]


def wait_until_finished(jobs: list[Any], *, timeout: float = 30.0) -> list[Job]:
    """Wait (bounded) until every job is succeeded or failed; return them fresh."""
    model = type(jobs[0])
    ids = [j.pk for j in jobs]

    def done() -> bool:
        return not model.objects.filter(pk__in=ids, status__in=ACTIVE).exists()

    wait_for(done, timeout=timeout, interval=0.1)
    return list(model.objects.filter(pk__in=ids).order_by("pk"))


def refreshed(job: Job) -> Job:
    job.refresh_from_db()
    return job


def stage_becomes(job: Job, predicate: Callable[[Job], bool], *, timeout: float = 20.0) -> Job:
    return wait_for(lambda: predicate(refreshed(job)) and job, timeout=timeout)


KILL_REPORTS = pytest.StashKey[dict[str, dict[str, int]]]()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Show the kill tests' numbers at the end of the run, whatever the capture mode."""
    reports = config.stash.get(KILL_REPORTS, {})
    if reports:
        terminalreporter.section("jobs under SIGKILL")
        for name, numbers in reports.items():
            terminalreporter.write_line(
                f"{name}: " + ", ".join(f"{key}={value}" for key, value in numbers.items())
            )
