"""The Ollama client (integrations/ollama/client.py): the health ping."""

from __future__ import annotations

from typing import Any

import pytest

from integrations.ollama.client import ping

pytestmark = pytest.mark.django_db


def test_ping_lists_installed_models(fake_ollama: Any) -> None:
    ok, models, error = ping()
    assert ok and error == ""
    assert {"mistral", "qwen2.5vl:7b"} <= models
