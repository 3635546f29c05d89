"""The route table and the model-management routes (`fake_ollama.endpoints`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import ollama
import pytest

from fake_ollama import FakeOllama
from tests.fake_ollama.conftest import ask


def test_root_says_ollama_is_running_for_get_and_head(fake: FakeOllama) -> None:
    assert httpx.get(fake.url).text == "Ollama is running"
    head = httpx.head(fake.url)
    assert head.status_code == 200
    assert head.content == b""


def test_version_is_reported(fake: FakeOllama) -> None:
    assert httpx.get(f"{fake.url}/api/version").json() == {"version": "0.12.0"}


def test_list_shows_installed_models_with_their_full_names(client: ollama.Client) -> None:
    models = {m.model: m for m in client.list().models}
    assert set(models) == {"qwen2.5vl:7b", "mistral:latest"}
    details = models["qwen2.5vl:7b"].details
    assert details is not None
    assert details.format == "gguf"
    assert details.parameter_size == "7.0B"
    assert models["mistral:latest"].size
    assert models["mistral:latest"].digest


def test_show_reports_vision_capability_only_for_vision_models(client: ollama.Client) -> None:
    assert client.show("qwen2.5vl:7b").capabilities == ["completion", "vision"]
    shown = client.show("mistral")
    assert "vision" not in (shown.capabilities or [])
    assert shown.modelinfo is not None
    assert shown.modelinfo["general.architecture"] == "llama"


def _chat(client: ollama.Client, model: str, *, stream: bool) -> Any:
    reply = client.chat(model=model, messages=[{"role": "user", "content": "hi"}], stream=stream)
    return list(reply) if stream else reply


@pytest.mark.parametrize(
    ("model", "call"),
    [
        pytest.param("llama3:70b", lambda c, m: c.show(m), id="show"),
        pytest.param("llama3.1", lambda c, m: _chat(c, m, stream=False), id="chat"),
        pytest.param("llama3.1", lambda c, m: _chat(c, m, stream=True), id="chat-streamed"),
    ],
)
def test_a_model_that_is_not_installed_is_a_404(
    client: ollama.Client, model: str, call: Callable[[ollama.Client, str], Any]
) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        call(client, model)
    assert caught.value.status_code == 404
    assert caught.value.error == f"model '{model}' not found"


def test_ps_lists_models_once_used_and_keep_alive_zero_unloads(client: ollama.Client) -> None:
    assert client.ps().models == []
    ask(client, keep_alive="10m")
    [loaded] = client.ps().models
    assert loaded.model == "mistral:latest"
    assert loaded.expires_at is not None
    assert loaded.expires_at.timestamp() > time.time() + 500
    ask(client, keep_alive=0)
    assert client.ps().models == []


def test_pull_streams_progress_then_installs_the_model(client: ollama.Client) -> None:
    progress = list(client.pull("llava:13b", stream=True))
    statuses = [p.status for p in progress]
    assert statuses[0] == "pulling manifest"
    assert statuses[-1] == "success"
    layer = [p for p in progress if p.digest]
    assert layer[-1].completed == layer[-1].total
    assert "llava:13b" in {m.model for m in client.list().models}
    assert client.show("llava:13b").capabilities == ["completion", "vision"]
    assert client.pull("phi3", stream=False).status == "success"
    assert "phi3:latest" in {m.model for m in client.list().models}


def test_a_pull_that_fails_midway_raises_and_installs_nothing(
    fake: FakeOllama, client: ollama.Client
) -> None:
    fake.script("pull", stream_error_after=2, error="max retries exceeded: connection reset")
    with pytest.raises(ollama.ResponseError, match="max retries exceeded"):
        list(client.pull("gemma3:4b", stream=True))
    assert "gemma3:4b" not in {m.model for m in client.list().models}


def test_delete_uninstalls(fake: FakeOllama, client: ollama.Client) -> None:
    assert client.delete("mistral").status == "success"
    assert fake.models == {"qwen2.5vl:7b"}
    with pytest.raises(ollama.ResponseError) as caught:
        client.delete("mistral")
    assert caught.value.status_code == 404


def test_bad_requests_get_ollamas_400_errors(fake: FakeOllama) -> None:
    not_json = httpx.post(f"{fake.url}/api/chat", content=b"{oops")
    assert not_json.status_code == 400
    assert "invalid character" in not_json.json()["error"]
    no_model = httpx.post(f"{fake.url}/api/chat", json={"messages": []})
    assert (no_model.status_code, no_model.json()) == (400, {"error": "model is required"})
    empty = httpx.post(f"{fake.url}/api/generate")
    assert empty.json() == {"error": "missing request body"}
    assert httpx.get(f"{fake.url}/api/chat").status_code == 405
    assert httpx.get(f"{fake.url}/api/nothing").status_code == 404
