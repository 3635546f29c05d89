"""Page helpers."""

from __future__ import annotations

from typing import Any


def text_of(response: Any) -> str:
    """The response body as text, for asserts on what a person reads."""
    return response.content.decode()
