"""Warm models: a worker loads the models it serves when it starts, so the first person after a
deploy does not wait for the model to load; /readyz says which models are loaded."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from integrations.ollama.client import loaded_models
from integrations.ollama.client import warm_up
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


def _preloads(fake_ollama: Any) -> list[str]:
    return [
        str(r.json.get("model"))
        for r in fake_ollama.requests_to("/api/generate")
        if r.json is not None and not r.json.get("prompt") and r.json.get("keep_alive")
    ]


@pytest.mark.django_db
def test_the_sweep_warms_the_models_again_when_ollama_comes_back(fake_ollama: Any) -> None:
    from core.tasks import jobs_sweep

    jobs_sweep()  # Ollama up: nothing to warm (the workers did at start)
    assert _preloads(fake_ollama) == []
    with fake_ollama.down():
        jobs_sweep()
    assert _preloads(fake_ollama) == []
    jobs_sweep()  # back: both models are asked to load
    assert wait_for(lambda: set(_preloads(fake_ollama)) >= {"qwen2.5vl:7b", "mistral"}, timeout=10)
    count = len(_preloads(fake_ollama))
    jobs_sweep()  # still up: no second warm-up
    assert len(_preloads(fake_ollama)) == count


@pytest.mark.django_db
def test_the_model_call_log_in_the_admin_says_which_models_are_loaded(
    fake_ollama: Any, admin_client: Any
) -> None:
    warm_up(["mistral"])
    page = admin_client.get("/admin/chef_site/modelcall/").content.decode()
    assert "Loaded in Ollama now:" in page and "mistral:latest" in page
    with fake_ollama.down():
        page = admin_client.get("/admin/chef_site/modelcall/").content.decode()
    assert "Ollama is not reachable" in page


@pytest.mark.django_db
def test_warm_up_loads_each_model_on_every_host_that_has_it(
    fake_ollama: Any, second_ollama: Any
) -> None:
    second_ollama.models.discard("mistral")
    assert warm_up(["qwen2.5vl:7b", "mistral"]) == {"qwen2.5vl:7b": "loaded", "mistral": "loaded"}
    assert sorted(_preloads(fake_ollama)) == ["mistral", "qwen2.5vl:7b"]
    assert _preloads(second_ollama) == ["qwen2.5vl:7b"], "not asked for a model it lacks"
    assert {"qwen2.5vl:7b", "mistral:latest"} <= set(loaded_models() or [])

    with second_ollama.down():
        outcome = warm_up(["qwen2.5vl:7b"])
    from integrations.ollama.client import host_label

    first, second = host_label(fake_ollama.url), host_label(second_ollama.url)
    assert outcome["qwen2.5vl:7b"].startswith(f"{first}: loaded; {second}: not loaded")
