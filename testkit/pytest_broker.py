"""Pytest plugin: the suite's RabbitMQ virtual host (testkit.broker.PrivateVhost).

It sets CELERY_BROKER_URL before Django reads its settings, so the test process and every
worker it starts publish and consume in the run's own host. Loaded by `-p` (pyproject's
addopts), ahead of pytest-django.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pytest

from .broker import PrivateVhost
from .broker import rabbit_url

_vhost: PrivateVhost | None = None
_problem = ""


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests() -> Generator[None, None, None]:
    global _vhost  # noqa: PLW0603 - one host for the whole run
    _vhost = PrivateVhost(rabbit_url()).start()
    os.environ["CELERY_BROKER_URL"] = _vhost.url
    return (yield)


def pytest_report_header() -> str:
    if _vhost is None or not _vhost.name:
        reason = _vhost.reason if _vhost else "not set up"
        return f"broker: {rabbit_url()} (shared: {reason})"
    return f"broker: virtual host {_vhost.name} of this run"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_finish() -> None:
    """Collection overlaps the making of the host; the first test waits for it.

    A host that cannot be made (RabbitMQ is down) leaves the tests that need the broker to
    find it unreachable: skipped on a workstation, failed in CI (tests/conftest.py).
    """
    global _problem  # noqa: PLW0603
    if _vhost is not None and _vhost.name:
        try:
            _vhost.ready()
        except RuntimeError as exc:
            _problem = str(exc)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _problem:
        terminalreporter.write_line(f"broker: {_problem}", red=True)


def pytest_unconfigure() -> None:
    if _vhost is not None:
        _vhost.close()
