"""Probes and request ids as an operator sees them."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client


def test_healthz_answers_without_touching_anything() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ready_when_database_broker_and_models_are(fake_ollama: Any) -> None:
    response = Client().get("/readyz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["ready"] is True
    assert {name for name, check in body["checks"].items() if check["ok"]} == {
        "database",
        "broker",
        "ollama",
    }


@pytest.mark.django_db
def test_readyz_names_the_missing_model_and_how_to_get_it(fake_ollama: Any) -> None:
    fake_ollama.models.discard("mistral")
    response = Client().get("/readyz")
    assert response.status_code == 503
    ollama = response.json()["checks"]["ollama"]
    assert ollama["missing"] == ["mistral"]
    assert ollama["hint"] == "ollama pull mistral"


@pytest.mark.django_db
def test_readyz_checks_the_model_an_active_prompt_variant_names(fake_ollama: Any) -> None:
    from core.models import PromptVariant
    from core.prompt_variants import models_in_use

    PromptVariant.objects.filter(kind="recipes", active=True).update(model="qwen2.5:7b")
    PromptVariant.objects.filter(kind="vision", active=False).update(model="llava:7b")

    missing = Client().get("/readyz").json()["checks"]["ollama"]

    assert missing["missing"] == ["qwen2.5:7b"], "an inactive variant's model is not needed"
    assert missing["hint"] == "ollama pull qwen2.5:7b"
    assert models_in_use("recipes") == ["mistral", "qwen2.5:7b"]
    fake_ollama.models.add("qwen2.5:7b")
    assert Client().get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_says_when_ollama_is_down(fake_ollama: Any) -> None:
    with fake_ollama.down():
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["ollama"]["hint"] == "start Ollama: ollama serve"


@pytest.mark.django_db
def test_readyz_reports_an_unreachable_broker(fake_ollama: Any, settings: Any) -> None:
    from config.celery import app

    # The write URL: CELERY_BROKER_URL in the environment (as in CI) outranks conf.broker_url.
    original = app.conf.get("broker_write_url")
    app.conf.broker_write_url = "amqp://guest:guest@127.0.0.1:1//"
    try:
        response = Client().get("/readyz")
    finally:
        app.conf.broker_write_url = original
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False


def test_every_response_carries_a_request_id_and_a_valid_one_is_kept() -> None:
    client = Client()
    generated = client.get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    hostile = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert hostile != "bad id\nwith newline"


def test_log_lines_are_json_with_request_and_job_context() -> None:
    """The production formatter and filter: one JSON object per line with the job's ids."""
    from pythonjsonlogger.json import JsonFormatter

    from core.logging import ContextFilter
    from core.logging import job_context

    formatter = JsonFormatter(
        "%(asctime)s %(levelname)s %(name)s %(message)s",
        rename_fields={"asctime": "timestamp", "levelname": "level", "name": "logger"},
    )
    record = logging.LogRecord("chef.test", logging.INFO, __file__, 1, "hello", None, None)
    with job_context(job_id=42, task_id="task-9"):
        ContextFilter().filter(record)
    line = json.loads(formatter.format(record))
    assert line["message"] == "hello"
    assert line["level"] == "INFO"
    assert line["logger"] == "chef.test"
    assert line["job_id"] == "42"
    assert line["task_id"] == "task-9"
    assert "timestamp" in line


@pytest.mark.django_db
def test_metrics_endpoint_exposes_our_job_metrics(fake_ollama: Any, user: Any) -> None:
    import io

    from tests.factories import jpeg_bytes
    from vision.services import scan_create
    from vision.tasks import scan_recognize

    scan = scan_create(user=user, file=io.BytesIO(jpeg_bytes()))
    scan_recognize.apply(args=[scan.pk])
    text = Client().get("/metrics").content.decode()
    assert 'chef_jobs_created_total{kind="scan"}' in text
    assert 'chef_jobs_finished_total{error_code="",kind="scan",status="succeeded"}' in text
    assert "chef_model_tokens_total" in text
    assert "django_http_requests_total_by_view_transport_method_total" in text


@pytest.mark.django_db
def test_readyz_lists_each_host_and_stays_ready_while_one_is_down(
    fake_ollama: Any, second_ollama: Any
) -> None:
    from integrations.ollama.client import host_label

    fake_ollama.models.discard("mistral")  # each model is on one host that answers
    with second_ollama.down():
        down = Client().get("/readyz")
    assert down.status_code == 503, "the text model is only on the host that is down"
    assert down.json()["checks"]["ollama"]["missing"] == ["mistral"]

    fake_ollama.models.add("mistral")
    with second_ollama.down():
        response = Client().get("/readyz")
    assert response.status_code == 200, response.json()
    ollama = response.json()["checks"]["ollama"]
    assert ollama["ok"] is True
    assert ollama["hosts"] == [
        {
            "host": host_label(fake_ollama.url),
            "up": True,
            "models": ["qwen2.5vl:7b", "mistral"],
            "loaded": [],
        },
        {"host": host_label(second_ollama.url), "up": False, "models": [], "loaded": []},
    ]


@pytest.mark.django_db
def test_readyz_is_ready_when_the_models_are_spread_over_the_hosts(
    fake_ollama: Any, second_ollama: Any
) -> None:
    fake_ollama.models.discard("mistral")
    second_ollama.models.discard("qwen2.5vl:7b")
    response = Client().get("/readyz")
    assert response.status_code == 200, response.json()
    ollama = response.json()["checks"]["ollama"]
    assert [h["models"] for h in ollama["hosts"]] == [["qwen2.5vl:7b"], ["mistral"]]
    with fake_ollama.down(), second_ollama.down():
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["ollama"]["hint"] == "start Ollama: ollama serve"
