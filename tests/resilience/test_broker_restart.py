"""RabbitMQ itself restarts while jobs wait in its queues: nothing is lost.

This stops and starts the RabbitMQ application on this machine (`rabbitmqctl stop_app` /
`start_app`, about 3 s), so it runs only where the suite owns the broker: with `CI=true` or
`CHEF_TEST_RESTART_BROKER=1`. Queued messages survive because queues are durable and messages
persistent, and the publisher waited for the broker's confirmation before the job was accepted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import kombu.pools
import pytest
from django.conf import settings
from kombu import Connection

from config.celery import app
from core.jobs import JobStatus
from tests.conftest import IN_CI
from tests.conftest import missing_service
from tests.resilience.conftest import submit_scans
from tests.resilience.conftest import wait_until_finished

pytestmark = [pytest.mark.broker, pytest.mark.slow]


def rabbitmqctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=120)


def queue_depth(url: str, name: str) -> int:
    with Connection(url, connect_timeout=5) as conn:
        _, messages, _ = conn.channel().queue_declare(name, passive=True)
        return int(messages)


def forget_broker_connections() -> None:
    """Every pooled connection died with the broker: open new ones from here on."""
    kombu.pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)
def test_jobs_queued_before_a_broker_restart_all_complete_after_it(
    user: Any, start_worker: Callable[..., Any]
) -> None:
    if not (IN_CI or os.environ.get("CHEF_TEST_RESTART_BROKER")):
        pytest.skip("restarts the machine's RabbitMQ: set CHEF_TEST_RESTART_BROKER=1 (on in CI)")
    if shutil.which("rabbitmqctl") is None:
        missing_service("rabbitmqctl not installed")
    url = settings.CELERY_BROKER_URL
    scans = submit_scans(user, 5)  # published and confirmed; no worker is consuming yet
    assert queue_depth(url, "vision") == 5

    try:
        rabbitmqctl("stop_app")
        rabbitmqctl("start_app")
        rabbitmqctl("await_startup")
    finally:
        forget_broker_connections()

    assert queue_depth(url, "vision") == 5, "the queued messages survived the restart"
    start_worker()
    finished = wait_until_finished(scans, timeout=60)
    assert [s.status for s in finished] == [JobStatus.SUCCEEDED] * 5
    assert all(s.ingredients.count() == 5 for s in finished)
