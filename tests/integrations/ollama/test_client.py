"""The Ollama client (integrations/ollama/client.py): the health ping, of each host."""

from __future__ import annotations

from typing import Any

import pytest

from integrations.ollama.client import host_label
from integrations.ollama.client import ping
from integrations.ollama.client import ping_host

pytestmark = pytest.mark.django_db


def test_ping_lists_installed_models(fake_ollama: Any) -> None:
    ok, models, error = ping()
    assert ok and error == ""
    assert {"mistral", "qwen2.5vl:7b"} <= models


def test_ping_asks_every_host_and_names_those_that_are_down(
    fake_ollama: Any, second_ollama: Any
) -> None:
    second_ollama.models.discard("mistral")
    assert ping_host(second_ollama.url)[1] >= {"qwen2.5vl:7b"}
    assert "mistral" not in ping_host(second_ollama.url)[1]
    with second_ollama.down():
        ok, models, error = ping()
        assert ok and error == "", "one host answers: Ollama is reachable"
        assert {"mistral", "qwen2.5vl:7b"} <= models
        assert ping_host(second_ollama.url)[0] is False
    with fake_ollama.down(), second_ollama.down():
        ok, models, error = ping()
    assert not ok and models == set()
    assert error.startswith(f"{host_label(fake_ollama.url)}: ")
    assert f"; {host_label(second_ollama.url)}: " in error
