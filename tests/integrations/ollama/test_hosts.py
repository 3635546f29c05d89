"""Several Ollama hosts (integrations/ollama/hosts.py): each call goes to the least busy host that
has the model, a host that fails is skipped by its own breaker, and the calls in flight are
counted across processes in the shared cache."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from prometheus_client import REGISTRY

from core.model_calls import CallRecord
from core.models import ModelCall
from fake_ollama import FakeOllama
from integrations.ollama import hosts
from integrations.ollama.breaker import breaker_record_failure
from integrations.ollama.breaker import breaker_state
from integrations.ollama.client import configured_hosts
from integrations.ollama.client import host_label
from integrations.ollama.errors import BreakerOpen
from integrations.ollama.errors import ModelMissing
from integrations.ollama.hosts import choose_host
from integrations.ollama.hosts import in_flight
from integrations.ollama.hosts import in_flight_counts
from tests.conftest import wait_for
from tests.support.ollama import Pair
from tests.support.ollama import ask

pytestmark = pytest.mark.django_db

DEFAULT = Pair(name="example", count=1)  # the fake's reply when nothing is scripted


def _chats(server: FakeOllama, model: str | None = None) -> int:
    return sum(1 for r in server.requests_to("/api/chat") if model in (None, r.model))


def _in_threads(count: int, work: Callable[[], Any], *, apart: float) -> list[Any]:
    """`work()` in `count` threads started `apart` seconds after one another; their results
    (or exceptions)."""
    results: list[Any] = []

    def run() -> None:
        try:
            results.append(work())
        except Exception as exc:  # collected for the test to assert on
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
        time.sleep(apart)
    for thread in threads:
        thread.join(timeout=30)
    return results


# --- the host list ------------------------------------------------------------------------------


def test_without_ollama_hosts_the_one_host_is_ollama_host(settings: Any) -> None:
    settings.OLLAMA_HOST = "http://ollama:11434/"
    settings.OLLAMA_HOSTS = []
    assert configured_hosts() == ["http://ollama:11434"]
    settings.OLLAMA_HOSTS = ["http://gpu1:11434/", " http://gpu2:11434", "http://gpu1:11434", ""]
    assert configured_hosts() == ["http://gpu1:11434", "http://gpu2:11434"]
    assert host_label("http://gpu2:11434") == "gpu2:11434"


def test_with_one_host_nothing_is_asked_before_the_call(fake_ollama: FakeOllama) -> None:
    """The one-host form costs what it did: no /api/tags, no slot in the cache."""
    fake_ollama.script("chat", content=json.dumps({"name": "apple", "count": 2}))
    assert ask() == Pair(name="apple", count=2)
    assert [r.path for r in fake_ollama.requests] == ["/api/chat"]
    assert in_flight_counts([fake_ollama.url]) == {fake_ollama.url: 0}


# --- the choice ---------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_calls_are_spread_over_both_hosts(
    fake_ollama: FakeOllama, second_ollama: FakeOllama
) -> None:
    """Six calls, each started while the earlier ones still run: three on each host."""
    fake_ollama.default_delay = second_ollama.default_delay = 2.0
    results = _in_threads(6, ask, apart=0.25)
    assert all(isinstance(r, Pair) for r in results), results
    assert (_chats(fake_ollama), _chats(second_ollama)) == (3, 3)
    assert in_flight_counts(configured_hosts()) == {fake_ollama.url: 0, second_ollama.url: 0}


@pytest.mark.django_db(transaction=True)
def test_while_one_host_holds_a_call_the_next_calls_go_to_the_other(
    fake_ollama: FakeOllama, second_ollama: FakeOllama
) -> None:
    """The held call uses the vision model (each host delays it); the next use the text model."""
    for server in (fake_ollama, second_ollama):
        server.script("chat", content=json.dumps({"name": "x", "count": 1}), delay=2.0,
                      model="qwen2.5vl:7b")  # fmt: skip
    held = threading.Thread(target=lambda: (ask_vision(), connection.close()))
    held.start()
    busy = wait_for(
        lambda: next((s for s in (fake_ollama, second_ollama) if _chats(s, "qwen2.5vl:7b")), None)
    )
    idle = second_ollama if busy is fake_ollama else fake_ollama
    assert in_flight_counts([busy.url, idle.url]) == {busy.url: 1, idle.url: 0}

    started = time.monotonic()
    try:
        for _ in range(4):
            assert ask() == DEFAULT
        assert time.monotonic() - started < 1.5, "none waited behind the held call"
    finally:
        held.join(timeout=10)
    assert _chats(idle, "mistral") == 4
    assert _chats(busy, "mistral") == 0, "the busy host got none of them"
    assert in_flight_counts([busy.url, idle.url]) == {busy.url: 0, idle.url: 0}


def ask_vision() -> Pair:
    from integrations.ollama.structured import chat_structured

    return chat_structured(
        model="qwen2.5vl:7b",
        messages=[{"role": "user", "content": "what is in the fridge"}],
        schema=Pair,
        record=CallRecord(purpose="vision", prompt_version="t-1"),
    )


def test_a_host_without_the_model_is_never_chosen(
    fake_ollama: FakeOllama, second_ollama: FakeOllama
) -> None:
    second_ollama.models.discard("mistral")
    for _ in range(10):
        assert ask() == DEFAULT
    assert _chats(fake_ollama) == 10
    assert _chats(second_ollama) == 0
    assert second_ollama.requests_to("/api/tags"), "it was asked which models it has"


def test_a_model_no_host_has_is_reported_missing(
    fake_ollama: FakeOllama, second_ollama: FakeOllama
) -> None:
    fake_ollama.models.discard("mistral")
    second_ollama.models.discard("mistral")
    with pytest.raises(ModelMissing):
        ask()
    assert ModelCall.objects.get().outcome == ModelCall.Outcome.MODEL_MISSING


def test_the_breaker_is_open_only_when_every_host_with_the_model_is_open(
    fake_ollama: FakeOllama, second_ollama: FakeOllama, settings: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 1
    breaker_record_failure(fake_ollama.url)
    for _ in range(4):
        assert ask() == DEFAULT
    assert _chats(second_ollama) == 4 and _chats(fake_ollama) == 0
    assert breaker_state(fake_ollama.url)["open"] and not breaker_state()["open"]

    second_ollama.models.discard("mistral")  # now only the open host has it
    hosts.forget_models()
    with pytest.raises(BreakerOpen):
        ask()
    assert _chats(fake_ollama) == 0, "the open host was not called"


# --- a host that fails ------------------------------------------------------------------------


def test_a_dead_host_is_skipped_by_its_own_breaker_and_no_call_fails(
    fake_ollama: FakeOllama, second_ollama: FakeOllama, settings: Any
) -> None:
    """A call refused by the dead host is made again at once on the other (two records); after
    BREAKER_FAILURE_THRESHOLD refusals the dead host is not tried any more."""
    settings.BREAKER_FAILURE_THRESHOLD = 2
    settings.BREAKER_RESET_SECONDS = 60
    second_ollama.go_down()
    asked = 0
    while not breaker_state(second_ollama.url)["open"]:
        asked += 1
        assert asked <= 40, "the dead host was never chosen"
        assert ask() == DEFAULT
    for _ in range(5):
        assert ask() == DEFAULT

    assert _chats(fake_ollama) == asked + 5
    assert not breaker_state(fake_ollama.url)["open"]
    assert not breaker_state()["open"], "the service as a whole carries on"
    outcomes = list(ModelCall.objects.order_by("id").values_list("outcome", flat=True))
    assert outcomes.count(ModelCall.Outcome.UNAVAILABLE) == 2, "refused twice, then skipped"
    assert outcomes.count(ModelCall.Outcome.OK) == asked + 5
    for index, outcome in enumerate(outcomes):
        if outcome == ModelCall.Outcome.UNAVAILABLE:
            assert outcomes[index + 1] == ModelCall.Outcome.OK, "retried at once elsewhere"


def test_a_host_that_came_back_rejoins_through_its_breakers_probe(
    fake_ollama: FakeOllama, second_ollama: FakeOllama, settings: Any, monkeypatch: Any
) -> None:
    from integrations.ollama import breaker

    settings.BREAKER_FAILURE_THRESHOLD = 1
    settings.BREAKER_RESET_SECONDS = 30
    breaker_record_failure(second_ollama.url)
    clock = breaker.time.time() + 31
    monkeypatch.setattr(breaker.time, "time", lambda: clock)
    assert ask() == DEFAULT
    assert _chats(second_ollama) == 1, "the half-open host got the probe at once"
    assert breaker_state(second_ollama.url) == {"open": False, "retry_in": 0, "failures": 0}


def test_a_host_dropping_a_started_call_is_not_asked_twice_in_the_same_call(
    fake_ollama: FakeOllama, second_ollama: FakeOllama, settings: Any
) -> None:
    """Only a host that could not be connected to is left at once: a reply cut off mid-way
    is the job's to retry (it may already have shown part of it)."""
    from integrations.ollama.errors import AIUnavailable

    for server in (fake_ollama, second_ollama):
        server.script("chat", content=json.dumps({"name": "x", "count": 1}),
                      stream_error_after=1, drop_connection=True)  # fmt: skip
    with pytest.raises(AIUnavailable):
        ask()
    assert _chats(fake_ollama) + _chats(second_ollama) == 1
    assert in_flight_counts(configured_hosts()) == {fake_ollama.url: 0, second_ollama.url: 0}


# --- calls in flight ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_calls_in_flight_started_at_the_same_moment_are_all_counted(
    fake_ollama: FakeOllama, second_ollama: FakeOllama
) -> None:
    inside = threading.Barrier(9)

    def hold() -> None:
        with in_flight(second_ollama.url):
            inside.wait(timeout=10)
            inside.wait(timeout=10)

    threads = [threading.Thread(target=lambda: (hold(), connection.close())) for _ in range(8)]
    for thread in threads:
        thread.start()
    inside.wait(timeout=10)
    assert in_flight_counts([second_ollama.url]) == {second_ollama.url: 8}
    assert choose_host("mistral") == fake_ollama.url
    inside.wait(timeout=10)
    for thread in threads:
        thread.join(timeout=10)
    assert in_flight_counts([second_ollama.url]) == {second_ollama.url: 0}


def test_a_slot_left_by_a_killed_worker_expires(
    fake_ollama: FakeOllama, second_ollama: FakeOllama, settings: Any, monkeypatch: Any
) -> None:
    assert hosts.slot_seconds() > settings.OLLAMA_CALL_DEADLINE_SECONDS
    monkeypatch.setattr(hosts, "slot_seconds", lambda: 1.0)
    killed = in_flight(fake_ollama.url)
    killed.__enter__()  # and never left: the process died inside the call
    assert in_flight_counts([fake_ollama.url]) == {fake_ollama.url: 1}
    wait_for(lambda: in_flight_counts([fake_ollama.url]) == {fake_ollama.url: 0}, timeout=5)


# --- what the operator sees -----------------------------------------------------------------------


def test_metrics_carry_the_host(
    fake_ollama: FakeOllama, second_ollama: FakeOllama, settings: Any
) -> None:
    settings.BREAKER_FAILURE_THRESHOLD = 1
    second_ollama.go_down()
    while not breaker_state(second_ollama.url)["open"]:
        ask()
    up, down = host_label(fake_ollama.url), host_label(second_ollama.url)
    ok = {"model": "mistral", "purpose": "recipes", "outcome": "ok", "host": up}
    assert (REGISTRY.get_sample_value("chef_model_call_seconds_count", ok) or 0) >= 1
    refused = {**ok, "outcome": "unavailable", "host": down}
    assert (REGISTRY.get_sample_value("chef_model_call_seconds_count", refused) or 0) >= 1
    assert REGISTRY.get_sample_value("chef_circuit_breaker_open", {"host": down}) == 1
    assert REGISTRY.get_sample_value("chef_circuit_breaker_open", {"host": up}) == 0
    assert REGISTRY.get_sample_value("chef_ollama_up", {"host": down}) == 0
    assert REGISTRY.get_sample_value("chef_ollama_up", {"host": up}) == 1
