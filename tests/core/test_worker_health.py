"""The worker containers' health check: a ping through the broker and a query on the database."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import pytest

from tests import conftest
from tests.support.processes import run_python

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.broker, pytest.mark.slow]


def health(node: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_python(
        "manage.py",
        "worker_health",
        "--node",
        node,
        "--timeout",
        "3",
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env},
        timeout=60,
    )


def test_a_running_worker_with_a_reachable_database_is_healthy(worker: Any) -> None:
    result = health(worker.node, DATABASE_URL=conftest.test_database_url())
    assert result.returncode == 0, result.stderr
    assert f"ok: {worker.node}" in result.stdout


def test_an_unreachable_database_makes_the_worker_unhealthy_and_says_so(worker: Any) -> None:
    result = health(worker.node, DATABASE_URL="postgres://postgres@127.0.0.1:1/chef")
    assert result.returncode != 0
    assert "database unreachable" in result.stderr


def test_a_worker_that_does_not_answer_is_unhealthy(worker: Any) -> None:
    result = health("nobody@nowhere", DATABASE_URL=conftest.test_database_url())
    assert result.returncode != 0
    assert "did not answer a ping" in result.stderr
