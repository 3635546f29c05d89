"""RabbitMQ unreachable, for real: a TCP path the test cuts between the app and the broker.

Cutting the path is safe on a shared broker; a real restart of RabbitMQ (queued jobs survive it)
is in test_broker_restart.py. Durable queues, persistent messages and publisher confirms, which
that relies on, are asserted on the live broker below.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import amqp
import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from kombu import Connection

from config.celery import app
from core.jobs import JobStatus
from core.jobs import Stage
from core.models import ModelCall
from core.tasks import jobs_sweep
from tests.conftest import wait_for
from tests.factories import jpeg_bytes
from tests.resilience.conftest import TcpProxy
from tests.resilience.conftest import reloaded
from tests.resilience.conftest import running_jobs
from tests.resilience.conftest import stage_becomes
from tests.resilience.conftest import submit_generations
from tests.resilience.conftest import submit_scans
from tests.resilience.conftest import wait_until_finished
from tests.resilience.conftest import web_publishes_to
from vision.models import Scan

pytestmark = [pytest.mark.broker]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_an_upload_answers_202_and_the_sweep_publishes_it_later(
    api_client: Any, broker_proxy: TcpProxy, start_worker: Callable[..., Any], settings: Any
) -> None:
    start_worker()  # connected to RabbitMQ directly: only the web process loses it
    with web_publishes_to(broker_proxy.url(settings.CELERY_BROKER_URL)):
        broker_proxy.cut()
        started = time.monotonic()
        response = api_client.post(
            "/api/v1/scans/",
            {"image": SimpleUploadedFile("fridge.jpg", jpeg_bytes(), "image/jpeg")},
            format="multipart",
        )
        waited = time.monotonic() - started
        assert response.status_code == 202, response.content
        assert waited < settings.CELERY_BROKER_CONNECTION_TIMEOUT + 3, "the upload is not held"
        url = response["Location"]
        polled = api_client.get(url).json()
        assert (polled["status"], polled["stage"], polled["stage_code"]) == (
            "queued",
            "Waiting for the job queue",
            "waiting_for_queue",
        )

        time.sleep(1)
        assert api_client.get(url).json()["status"] == "queued", "no message reached a worker"

        broker_proxy.restore()
        assert jobs_sweep()["republished"] == 1

    wait_for(lambda: api_client.get(url).json()["status"] == "succeeded", timeout=20)
    assert len(api_client.get(url).json()["ingredients"]) == 5


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_broker_outage_while_jobs_run_loses_nothing_on_either_side(
    user: Any, broker_proxy: TcpProxy, start_worker: Callable[..., Any], fake_ollama: Any
) -> None:
    """Cut both the web process and the worker off RabbitMQ mid-job, then restore it."""
    url = broker_proxy.url(django_settings.CELERY_BROKER_URL)
    fake_ollama.default_delay = 1.0
    worker = start_worker(concurrency=2, extra_env={"CELERY_BROKER_URL": url})
    with web_publishes_to(url):
        before = submit_generations(user, 4)
        wait_for(lambda: len(running_jobs(before)) == 2, timeout=15)

        broker_proxy.cut()
        during = submit_generations(user, 2)
        assert {g.stage for g in reloaded(during)} == {Stage.WAITING_FOR_QUEUE}
        time.sleep(1.5)  # the running jobs finish while their acknowledgements cannot be sent

        broker_proxy.restore()
        wait_for(lambda: worker.log().count("Connected to amqp://") >= 2, timeout=20)
        assert jobs_sweep()["republished"] == 2

    done = wait_until_finished([*before, *during], timeout=40)
    assert [g.status for g in done] == [JobStatus.SUCCEEDED] * 6
    for g in done:
        assert g.recipes.count() == g.count, "one set of recipes per job, even when re-run"
    assert "Couldn't ack" in worker.log(), "the finished jobs' messages came back"
    assert ModelCall.objects.filter(generation__in=done).count() == 6, (
        "a redelivered message of a finished job is a no-op: no second model call"
    )


@pytest.mark.django_db
def test_job_queues_are_durable_messages_persistent_and_publishes_confirmed(
    user: Any, clean_queues: str, django_capture_on_commit_callbacks: Any
) -> None:
    """What keeps queued jobs through a RabbitMQ restart, checked on the live broker."""
    with django_capture_on_commit_callbacks(execute=True):
        (scan,) = submit_scans(user, 1)
    assert Scan.objects.get(pk=scan.pk).published_at is not None

    with Connection(clean_queues) as conn:
        channel = conn.channel()
        message = channel.basic_get("vision")
        assert message is not None
        assert message.properties["delivery_mode"] == 2, "persistent: written to disk"
        assert message.properties["content_type"] == "application/json"
        assert message.headers["task"] == "vision.tasks.scan_recognize"
        args, kwargs, _ = json.loads(message.body)
        assert (args, kwargs) == ([scan.pk], {}), "the message carries only the row id"
        channel.basic_reject(message.delivery_tag, requeue=True)

        with pytest.raises(amqp.exceptions.PreconditionFailed, match="durable"):
            conn.channel().queue_declare(queue="vision", durable=False)

    assert app.amqp.queues["vision"].durable and app.amqp.queues["recipes"].durable
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)
        assert conn.connection.confirm_publish is True, "publisher confirms on every channel"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_retry_that_cannot_be_published_leaves_the_job_waiting_for_the_queue_not_lost(
    user: Any, broker_proxy: TcpProxy, start_worker: Callable[..., Any], fake_ollama: Any
) -> None:
    """Ollama is busy and, as the worker publishes the retry, RabbitMQ is unreachable."""
    url = broker_proxy.url(django_settings.CELERY_BROKER_URL)
    start_worker(extra_env={"CELERY_BROKER_URL": url})
    fake_ollama.script("chat", status=503, delay=1.0)
    (scan,) = submit_scans(user, 1)
    fake_ollama.wait_for_requests("/api/chat", timeout=15)
    broker_proxy.cut()  # the 503 arrives while the broker is gone

    waiting = stage_becomes(
        scan, lambda s: s.status == JobStatus.WAITING and s.published_at is None, timeout=15
    )
    assert waiting.stage_text == (
        "The AI is busy right now; your photo is safe and will be processed as soon as it has room"
    ), "it keeps saying what it waits for; with no message, the next sweep will publish it"

    broker_proxy.restore()
    jobs_sweep()
    (done,) = wait_until_finished([scan], timeout=30)
    assert done.status == JobStatus.SUCCEEDED
    assert done.ingredients.count() == 5, "one set of ingredients, however it came back"
