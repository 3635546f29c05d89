"""The simulated Ollama is only useful if the official client cannot tell it from the real one.

Every test talks to it over a real socket, mostly through `ollama.Client`, and checks what the
app would see: parsed responses, the exceptions the client raises, and recovery after an outage.
"""

from __future__ import annotations

import itertools
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import httpx
import ollama
import pytest
from pydantic import BaseModel, Field, create_model

from fake_ollama import FakeOllama
from fake_ollama.schema_fit import fit_to_schema
from fake_ollama.tokens import split_tokens

ROOT = Path(__file__).resolve().parents[2]
PHOTO = b"\xff\xd8\xff\xe0 a small jpeg"


class Ingredient(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    quantity: float | None = Field(default=None, ge=0)
    unit: str = ""
    have: bool = False


class Nutrition(BaseModel):
    kcal: int = Field(ge=0)
    protein_g: float = Field(ge=0)
    fat_g: float = Field(ge=0)
    carbs_g: float = Field(ge=0)


class Recipe(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    cuisine: str = ""
    total_minutes: int = Field(ge=1, le=1440)
    difficulty: Literal["easy", "medium", "hard"]
    servings: int = Field(ge=1, le=24)
    ingredients: list[Ingredient] = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    nutrition: Nutrition
    tips: list[str] = Field(default_factory=list)


def recipes_schema(count: int) -> type[BaseModel]:
    """The same construction the app uses: exactly `count` recipes via minItems/maxItems."""
    return create_model(
        f"Recipes{count}", recipes=(list[Recipe], Field(min_length=count, max_length=count))
    )


class Seen(BaseModel):
    name: str = Field(min_length=1)
    confidence: float = Field(ge=0, le=1)


class VisionReply(BaseModel):
    ingredients: list[Seen]


def recipe_prompt(*names: str, max_minutes: int | None = None) -> str:
    lines = ["The person has these ingredients:", "<ingredients>"]
    lines += [f"- {n}" for n in names] + ["</ingredients>", "Every recipe must use these:"]
    lines += ["<must_use>", f"- {names[0]}", "</must_use>"]
    if max_minutes:
        lines.append(f"Maximum total time: {max_minutes} minutes")
    return "\n".join([*lines, "Servings: 3"])


@pytest.fixture(scope="module")
def _server() -> Iterator[FakeOllama]:
    with FakeOllama(models=("qwen2.5vl:7b", "mistral")) as server:
        yield server


@pytest.fixture
def fake(_server: FakeOllama) -> Iterator[FakeOllama]:
    _server.reset()
    yield _server
    _server.reset()


@pytest.fixture
def client(fake: FakeOllama) -> Iterator[ollama.Client]:
    with ollama.Client(host=fake.url, timeout=5) as c:
        yield c


def ask(client: ollama.Client, text: str = "hello", **kwargs: object) -> ollama.ChatResponse:
    return client.chat(model="mistral", messages=[{"role": "user", "content": text}], **kwargs)


# --- the model-management endpoints -----------------------------------------------------------


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


def test_show_of_a_missing_model_is_a_404(client: ollama.Client) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        client.show("llama3:70b")
    assert caught.value.status_code == 404
    assert caught.value.error == "model 'llama3:70b' not found"


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


# --- chat and generate --------------------------------------------------------------------------


def test_streamed_chat_reassembles_into_the_non_streamed_reply(client: ollama.Client) -> None:
    chunks = list(ask(client, recipe_prompt("tomato", "eggs"), stream=True))
    whole = ask(client, recipe_prompt("tomato", "eggs"), stream=False)
    assert len(chunks) > 10
    assert all(not c.done and c.message.role == "assistant" for c in chunks[:-1])
    assert "".join(c.message.content or "" for c in chunks) == whole.message.content
    last = chunks[-1]
    assert last.done
    assert last.done_reason == "stop"
    assert last.eval_count == len(chunks) - 1
    for reply in (last, whole):
        assert (reply.prompt_eval_count or 0) > 0
        assert (reply.eval_count or 0) > 0
        assert (reply.load_duration or 0) > 0
        assert (reply.total_duration or 0) > (reply.eval_duration or 0) > 0


def test_generate_streams_and_answers_plain_text(client: ollama.Client) -> None:
    parts = list(client.generate(model="mistral", prompt="An idea for dinner?", stream=True))
    text = "".join(p.response or "" for p in parts)
    whole = client.generate(model="mistral", prompt="An idea for dinner?")
    assert text == whole.response
    assert "eggs" in text
    assert parts[-1].done
    assert parts[-1].context
    assert (whole.eval_count or 0) > 0


def test_default_recipes_validate_against_the_requested_schema(client: ollama.Client) -> None:
    schema = recipes_schema(4)
    prompt = recipe_prompt("tomato", "eggs", "cheddar cheese", max_minutes=25)
    reply = ask(client, prompt, format=schema.model_json_schema(), stream=False)
    recipes = schema.model_validate_json(reply.message.content or "").recipes  # type: ignore[attr-defined]
    assert len(recipes) == 4
    assert len({r.title for r in recipes}) == 4
    assert recipes[0].title == "Tomato and eggs skillet"
    for recipe in recipes:
        assert recipe.total_minutes <= 25
        assert recipe.servings == 3
        have = {i.name for i in recipe.ingredients if i.have}
        assert have <= {"tomato", "eggs", "cheddar cheese"}
        assert any(not i.have for i in recipe.ingredients)


def test_without_a_count_in_the_schema_three_recipes_come_back(client: ollama.Client) -> None:
    reply = json.loads(ask(client, recipe_prompt("rice"), format="json").message.content or "")
    assert len(reply["recipes"]) == 3


def test_a_photo_gets_the_vision_reply(client: ollama.Client) -> None:
    reply = client.chat(
        model="qwen2.5vl:7b",
        messages=[{"role": "user", "content": "What is in this fridge?", "images": [PHOTO]}],
        format=VisionReply.model_json_schema(),
    )
    seen = VisionReply.model_validate_json(reply.message.content or "").ingredients
    assert [s.name for s in seen][:2] == ["tomato", "eggs"]
    assert all(0 <= s.confidence <= 1 for s in seen)
    assert (reply.prompt_eval_count or 0) > 700  # a photo costs hundreds of tokens


def test_a_photo_sent_to_a_text_model_fails_as_ollama_does(client: ollama.Client) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        client.chat(model="mistral", messages=[{"role": "user", "content": "?", "images": [PHOTO]}])
    assert caught.value.status_code == 500
    assert "missing data required for image input" in caught.value.error


def test_schema_fitting_fills_required_fields_and_respects_bounds() -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["items", "label", "score"],
        "properties": {
            "items": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {"$ref": "#/$defs/I"},
            },
            "label": {"type": "string", "maxLength": 3},
            "score": {"anyOf": [{"type": "integer", "maximum": 5}, {"type": "null"}]},
        },
        "$defs": {
            "I": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": ["a", "b"]}},
            }
        },
    }
    fitted = fit_to_schema(
        {"items": [{"kind": "z"}], "label": "longer", "score": 9, "x": 1}, schema
    )
    assert fitted == {"items": [{"kind": "a"}, {"kind": "a"}], "label": "lon", "score": 5}


def test_tokens_join_back_into_the_reply() -> None:
    text = '{"title": "Щи", "note": "日本語", "kcal": 12345}\n  '
    assert "".join(split_tokens(text)) == text


# --- errors -------------------------------------------------------------------------------------


def test_a_model_that_is_not_installed_is_a_404(client: ollama.Client) -> None:
    with pytest.raises(ollama.ResponseError) as caught:
        client.chat(model="llama3.1", messages=[{"role": "user", "content": "hi"}])
    assert caught.value.status_code == 404
    assert caught.value.error == "model 'llama3.1' not found"
    with pytest.raises(ollama.ResponseError) as streamed:
        list(
            client.chat(model="llama3.1", messages=[{"role": "user", "content": "hi"}], stream=True)
        )
    assert streamed.value.status_code == 404


@pytest.mark.parametrize("stream", [False, True])
def test_a_scripted_503_raises_with_its_status(
    fake: FakeOllama, client: ollama.Client, stream: bool
) -> None:
    fake.script(status=503)
    with pytest.raises(ollama.ResponseError) as caught:
        list(ask(client, stream=True)) if stream else ask(client)
    assert caught.value.status_code == 503
    assert caught.value.error.startswith("server busy")


def test_an_error_line_in_the_middle_of_a_stream_raises(
    fake: FakeOllama, client: ollama.Client
) -> None:
    fake.script(stream_error_after=3, error="llama runner process has terminated")
    received = []
    with pytest.raises(ollama.ResponseError, match="llama runner process has terminated"):
        received.extend(c.message.content for c in ask(client, stream=True))
    assert len(received) == 3


def test_a_dripping_stream_waits_between_chunks_yet_each_gap_is_short(
    fake: FakeOllama, client: ollama.Client
) -> None:
    fake.script(content='{"a": "one two three"}', chunk_delay=0.1)
    arrivals = []
    started = time.monotonic()
    for _ in ask(client, stream=True):
        arrivals.append(time.monotonic() - started)
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert len(arrivals) >= 5
    assert min(gaps[:-1]) >= 0.09
    assert max(gaps) < 1.0


def test_a_stream_that_fails_before_its_first_chunk_is_an_http_500(
    fake: FakeOllama, client: ollama.Client
) -> None:
    fake.script(stream_error_after=0)
    with pytest.raises(ollama.ResponseError) as caught:
        list(ask(client, stream=True))
    assert caught.value.status_code == 500


def test_a_dropped_connection_reaches_the_client_as_a_protocol_error(
    fake: FakeOllama, client: ollama.Client
) -> None:
    fake.script(drop_connection=True)
    with pytest.raises(httpx.RemoteProtocolError):
        ask(client)
    fake.script(drop_connection=True, stream_error_after=2)
    with pytest.raises(httpx.RemoteProtocolError):
        list(ask(client, stream=True))
    assert ask(client).done


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


# --- timing and outages -------------------------------------------------------------------------


def test_a_delay_holds_back_the_reply(fake: FakeOllama, client: ollama.Client) -> None:
    fake.script(delay=0.3)
    started = time.monotonic()
    ask(client)
    assert time.monotonic() - started >= 0.3


def test_a_delay_longer_than_the_client_timeout_times_out(fake: FakeOllama) -> None:
    fake.default_delay = 0.5
    with (
        ollama.Client(host=fake.url, timeout=0.1) as impatient,
        pytest.raises(httpx.ReadTimeout),
    ):
        ask(impatient)


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
