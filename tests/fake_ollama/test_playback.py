"""Scripted faults and timing as the client meets them (`fake_ollama.playback`): HTTP errors,
broken and dripping streams, hang-ups, slow replies."""

from __future__ import annotations

import itertools
import time
from typing import Any

import httpx
import ollama
import pytest

from fake_ollama import FakeOllama
from tests.fake_ollama.conftest import ask


@pytest.mark.parametrize(
    ("script", "stream", "expected"),
    [
        pytest.param({"status": 503}, False, (503, "server busy"), id="503"),
        pytest.param({"status": 503}, True, (503, "server busy"), id="503-streamed"),
        pytest.param(
            {"stream_error_after": 0},
            True,
            (500, "an error was encountered while running the model"),
            id="stream-fails-before-its-first-chunk",
        ),
    ],
)
def test_a_failure_before_any_reply_is_an_http_error_with_its_status(
    fake: FakeOllama,
    client: ollama.Client,
    script: dict[str, Any],
    stream: bool,
    expected: tuple[int, str],
) -> None:
    status, error = expected
    fake.script(**script)
    with pytest.raises(ollama.ResponseError) as caught:
        list(ask(client, stream=True)) if stream else ask(client)
    assert caught.value.status_code == status
    assert caught.value.error.startswith(error)


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
    # Paced, not sent at once: the chunks span their delays (a late arrival shortens only the
    # gap after it) and none comes on the heels of the one before.
    assert arrivals[-2] - arrivals[0] >= 0.09 * (len(arrivals) - 2)
    assert min(gaps[:-1]) >= 0.05
    assert max(gaps) < 1.0


@pytest.mark.parametrize(
    ("script", "stream"),
    [
        pytest.param({"drop_connection": True}, False, id="before-the-reply"),
        pytest.param(
            {"drop_connection": True, "stream_error_after": 2}, True, id="after-two-chunks"
        ),
    ],
)
def test_a_dropped_connection_reaches_the_client_as_a_protocol_error(
    fake: FakeOllama, client: ollama.Client, script: dict[str, Any], stream: bool
) -> None:
    fake.script(**script)
    with pytest.raises(httpx.RemoteProtocolError):
        list(ask(client, stream=True)) if stream else ask(client)
    assert ask(client).done


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
