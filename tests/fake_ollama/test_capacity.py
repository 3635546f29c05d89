"""A simulated GPU under load (`fake_ollama.capacity`): N calls per model at once, paced replies."""

from __future__ import annotations

import json
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import ollama
import pytest

from fake_ollama import FakeOllama
from fake_ollama.__main__ import build
from fake_ollama.capacity import parse_reply_seconds
from tests.fake_ollama.conftest import ask
from tests.fake_ollama.conftest import recipe_prompt


def stats(fake: FakeOllama) -> dict[str, object]:
    """The counts once every call has let go of its slot (a reply is read before that)."""
    deadline = time.monotonic() + 5
    while True:
        with urllib.request.urlopen(f"{fake.url}/fake/stats", timeout=5) as response:
            found = json.loads(response.read())
        busy = any(m["in_flight"] for m in found["models"].values())
        if not busy or time.monotonic() > deadline:
            return found
        time.sleep(0.01)


def settle(fake: FakeOllama) -> None:
    stats(fake)


def test_a_call_beyond_num_parallel_gets_ollamas_503_and_a_freed_slot_serves_again() -> None:
    with FakeOllama(models=("mistral",), num_parallel=2) as fake:
        fake.default_delay = 0.6
        client = ollama.Client(host=fake.url)
        with ThreadPoolExecutor(3) as pool:
            slow = [pool.submit(ask, client) for _ in range(2)]
            time.sleep(0.3)  # both slots are taken now
            with pytest.raises(ollama.ResponseError) as caught:
                ask(client)
            assert all(f.result().done for f in slow)
        assert caught.value.status_code == 503
        assert "server busy" in caught.value.error
        fake.default_delay = 0
        assert ask(client).done  # the slots are free again
        model = stats(fake)["models"]["mistral:latest"]  # type: ignore[index]
        assert model == {
            "in_flight": 0,
            "peak_in_flight": 2,
            "served": 3,
            "refused_busy": 1,
            "reply_seconds": None,
        }


def test_slots_are_per_model_and_loading_a_model_takes_none() -> None:
    with FakeOllama(models=("mistral", "qwen2.5vl:7b"), num_parallel=1) as fake:
        fake.default_delay = 0.5
        client = ollama.Client(host=fake.url)
        with ThreadPoolExecutor(1) as pool:
            busy = pool.submit(ask, client)
            time.sleep(0.2)
            other = client.chat(model="qwen2.5vl:7b", messages=[{"role": "user", "content": "hi"}])
            warm = client.chat(model="mistral", messages=[], keep_alive="5m")
            assert busy.result().done
        assert other.done
        assert warm.done_reason == "load"


def test_a_paced_model_streams_its_reply_over_the_seconds_it_is_given() -> None:
    with FakeOllama(models=("mistral",), reply_seconds={"mistral": 1.0}) as fake:
        client = ollama.Client(host=fake.url)
        started = time.monotonic()
        arrivals = [
            time.monotonic() - started
            for _ in ask(client, recipe_prompt("tomato", "eggs"), stream=True)
        ]
    assert 0.9 <= arrivals[-1] < 2.5
    assert arrivals[len(arrivals) // 2] < 0.75 * arrivals[-1]  # spread out, not all at the end


def test_a_paced_reply_without_streaming_arrives_after_its_time() -> None:
    with FakeOllama(models=("mistral",), reply_seconds={"mistral:latest": 0.5}) as fake:
        started = time.monotonic()
        assert ask(ollama.Client(host=fake.url)).done
    assert time.monotonic() - started >= 0.5


def test_reset_clears_the_counts_but_keeps_the_capacity() -> None:
    with FakeOllama(models=("mistral",), num_parallel=3) as fake:
        ask(ollama.Client(host=fake.url))
        settle(fake)
        fake.reset()
        assert stats(fake) == {"num_parallel": 3, "models": {"mistral:latest": _idle()}}


def _idle() -> dict[str, object]:
    return {
        "in_flight": 0,
        "peak_in_flight": 0,
        "served": 0,
        "refused_busy": 0,
        "reply_seconds": None,
    }


def test_reply_seconds_are_read_from_the_command_line_form() -> None:
    assert parse_reply_seconds("qwen2.5vl:7b=4, mistral=20,") == {
        "qwen2.5vl:7b": 4.0,
        "mistral": 20.0,
    }
    with pytest.raises(ValueError, match="model=seconds"):
        parse_reply_seconds("mistral")


def test_the_command_line_server_takes_capacity_and_pace() -> None:
    fake = build(["--models=mistral", "--num-parallel=2", "--reply-seconds=mistral=20"])
    assert fake.capacity.num_parallel == 2
    assert fake.capacity.seconds_for("mistral:latest") == 20.0
    assert build([]).capacity.num_parallel is None
