"""`FakeOllama` itself (`fake_ollama.server`, `python -m fake_ollama`): outages and recovery,
the script queue, what was asked, reset, and the command line."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import ollama
import pytest

from fake_ollama import FakeOllama
from tests.fake_ollama.conftest import PHOTO
from tests.fake_ollama.conftest import ask

ROOT = Path(__file__).resolve().parents[2]


def test_going_down_refuses_connections_and_coming_back_uses_the_same_port(
    fake: FakeOllama, client: ollama.Client
) -> None:
    url = fake.url
    with httpx.Client(base_url=url) as http:
        assert http.get("/api/tags").status_code == 200  # a kept-alive connection now exists
        fake.go_down()
        with pytest.raises(httpx.ConnectError):
            http.get("/api/tags")
        with pytest.raises(httpx.ConnectError):
            list(ask(client, stream=True))
        with pytest.raises(ConnectionError):  # the client's own translation, non-streaming
            ask(client)
        fake.come_back()
        assert fake.url == url
        assert http.get("/api/tags").status_code == 200
    assert ask(client).done


def test_down_is_a_context_manager(fake: FakeOllama) -> None:
    with fake.down(), pytest.raises(httpx.ConnectError):
        httpx.get(fake.url)
    assert httpx.get(fake.url).status_code == 200


# --- scripting and recording --------------------------------------------------------------------


def test_scripts_are_used_once_in_order(fake: FakeOllama, client: ollama.Client) -> None:
    fake.script(content='{"n": 1}')
    fake.script(content='{"n": 2}', done_reason="length")
    first, second, third = ask(client), ask(client), ask(client)
    assert (first.message.content, second.message.content) == ('{"n": 1}', '{"n": 2}')
    assert second.done_reason == "length"
    assert "recipes" in (third.message.content or "")
    assert fake.pending_scripts == 0


def test_a_script_for_one_model_waits_for_that_model(
    fake: FakeOllama, client: ollama.Client
) -> None:
    fake.script(content="vision says hi", model="qwen2.5vl:7b")
    assert ask(client).message.content != "vision says hi"
    assert fake.pending_scripts == 1
    reply = client.chat(model="qwen2.5vl:7b", messages=[{"role": "user", "content": "hi"}])
    assert reply.message.content == "vision says hi"
    assert client.generate(model="mistral", prompt="x").response  # generate has its own queue


def test_requests_are_recorded_with_their_bodies(fake: FakeOllama, client: ollama.Client) -> None:
    client.chat(
        model="qwen2.5vl:7b",
        messages=[{"role": "user", "content": "?", "images": [PHOTO]}],
        format={"type": "object"},
        options={"temperature": 0.1},
        keep_alive="2m",
    )
    [chat] = fake.requests_to("/api/chat")
    assert chat.method == "POST"
    assert chat.model == "qwen2.5vl:7b"
    assert chat.json is not None
    assert chat.json["keep_alive"] == "2m"
    assert chat.json["options"] == {"temperature": 0.1}
    assert chat.json["format"] == {"type": "object"}
    assert chat.json["messages"][0]["images"]
    assert chat.headers["user-agent"].startswith("ollama-python/")


def test_wait_for_requests_returns_once_they_arrive(fake: FakeOllama) -> None:
    threading.Timer(0.1, lambda: httpx.get(f"{fake.url}/api/tags")).start()
    [seen] = fake.wait_for_requests("/api/tags", timeout=2)
    assert seen.method == "GET"
    with pytest.raises(TimeoutError):
        fake.wait_for_requests("/api/ps", timeout=0.05)


def test_reset_restores_models_and_forgets_scripts(fake: FakeOllama) -> None:
    fake.models.discard("mistral")
    fake.script(status=500)
    fake.default_delay = 3
    fake.go_down()
    fake.reset()
    assert fake.models == {"qwen2.5vl:7b", "mistral"}
    assert (fake.pending_scripts, fake.requests, fake.default_delay) == (0, [], 0)
    assert httpx.get(fake.url).status_code == 200


def test_script_rejects_an_unknown_endpoint(fake: FakeOllama) -> None:
    with pytest.raises(ValueError, match="endpoint"):
        fake.script("embed")


def test_the_command_line_server_announces_itself_and_stops_on_sigterm() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "fake_ollama", "--port", "0", "--models", "simulated-vision"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert "Simulated Ollama" in line
        url = line.split("listening on ")[1].split()[0]
        with ollama.Client(host=url, timeout=5) as cli:
            assert cli.show("simulated-vision").capabilities == ["completion", "vision"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=5) == 0
    finally:
        proc.kill()
        proc.wait()
