"""A worker whose database connection is dropped recovers by itself (real PostgreSQL, real worker).

The database's side of the worker's connections is cut with pg_terminate_backend, as a restart,
a failover or an idle timeout would. Before, every later job on that worker failed at once and
the job in flight stayed "running" until the sweep failed it.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from recipes.models import Generation
from tests.conftest import wait_for
from tests.support.journey import ask
from tests.support.journey import finished
from tests.support.journey import sign_up

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.broker, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("drops PostgreSQL connections; runs in the PostgreSQL pass of make test")


def cut_other_connections() -> int:
    """Terminate every connection to the test database but this process's own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def test_a_worker_whose_idle_connection_was_dropped_runs_the_next_job(
    worker: Any, fake_ollama: Any
) -> None:
    client = sign_up("hana")
    assert finished(client, ask(client, ingredients=["leek"], count=1))["status"] == "succeeded"
    assert cut_other_connections() >= 1
    for name in ("carrot", "beetroot"):
        body = finished(client, ask(client, ingredients=[name], count=1))
        assert body["status"] == "succeeded", body


def test_a_job_whose_connection_drops_mid_run_is_retried_not_failed(
    worker: Any, fake_ollama: Any
) -> None:
    client = sign_up("ivan")
    fake_ollama.script("chat", delay=2.0)
    url = ask(client, ingredients=["onion"], count=1)
    # Cut while the model call is in flight: the reply then finds the connection gone.
    wait_for(lambda: fake_ollama.requests_to("/api/chat"), timeout=20)
    assert cut_other_connections() >= 1
    body = finished(client, url, timeout=40)
    assert body["status"] == "succeeded", body
    generation = Generation.objects.get(pk=body["id"])
    assert generation.attempts >= 2
    assert len(fake_ollama.requests_to("/api/chat")) >= 2  # the cut call was run again
