"""Warm models: a worker loads the models it serves when it starts, so the first person after a
deploy does not wait for the model to load; /readyz says which models are loaded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from integrations.ollama.client import loaded_models, warm_up
from tests.conftest import wait_for


@pytest.mark.django_db(transaction=True)
@pytest.mark.broker
@pytest.mark.slow
def test_a_starting_worker_loads_the_models_of_its_queues(worker: Any, fake_ollama: Any) -> None:
    def preloads() -> set[str]:
        return {
            str(r.model)
            for r in fake_ollama.requests_to("/api/generate")
            if r.json is not None and not r.json.get("prompt") and r.json.get("keep_alive")
        }

    assert wait_for(lambda: preloads() >= {"qwen2.5vl:7b", "mistral"}, timeout=20)
    assert {"qwen2.5vl:7b", "mistral:latest"} <= set(loaded_models() or [])
    body = Client().get("/readyz").json()
    assert {"qwen2.5vl:7b", "mistral:latest"} <= set(body["checks"]["ollama"]["loaded"])


def test_warming_up_with_ollama_down_reports_it_and_does_not_raise(fake_ollama: Any) -> None:
    with fake_ollama.down():
        outcome = warm_up(["mistral"])
        assert loaded_models() is None
    assert outcome["mistral"].startswith("not loaded")
    assert warm_up(["mistral"]) == {"mistral": "loaded"}
