"""One fake Ollama for the module, reset around every test, and the official client talking to it.

The simulated Ollama is only useful if the official client cannot tell it from the real one:
every test talks to it over a real socket, mostly through `ollama.Client`, and checks what the
app would see: parsed responses, the exceptions the client raises, and recovery after an outage.
"""

from __future__ import annotations

from collections.abc import Iterator

import ollama
import pytest

from fake_ollama import FakeOllama

PHOTO = b"\xff\xd8\xff\xe0 a small jpeg"


def ask(client: ollama.Client, text: str = "hello", **kwargs: object) -> ollama.ChatResponse:
    return client.chat(model="mistral", messages=[{"role": "user", "content": text}], **kwargs)


def recipe_prompt(*names: str, max_minutes: int | None = None, ask_for: str = "") -> str:
    """A recipe request shaped like the app's; `ask_for` names the language of the answer."""
    lines = ["The person has these ingredients:", "<ingredients>"]
    lines += [f"- {n}" for n in names] + ["</ingredients>", "Every recipe must use these:"]
    lines += ["<must_use>", f"- {names[0]}", "</must_use>"]
    if max_minutes:
        lines.append(f"Maximum total time: {max_minutes} minutes")
    lines.append("Servings: 3")
    if ask_for:
        lines.append(f"Write every text field in {ask_for}, except `name_en`, which is in English.")
    return "\n".join(lines)


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
