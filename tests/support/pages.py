"""Page helpers."""

from __future__ import annotations

from typing import Any

from django.test import Client


def signed_in(user: Any, client: Client | None = None) -> Client:
    """`client` (a new one by default) signed in as `user`."""
    client = Client() if client is None else client
    client.force_login(user)
    return client


def text_of(response: Any) -> str:
    """The response body as text, for asserts on what a person reads."""
    return response.content.decode()


def missing(text: str, expected: list[str]) -> list[str]:
    """What of `expected` the text does not say: `assert not missing(page, [...])` names every
    phrase that is absent at once, not only the first."""
    return [phrase for phrase in expected if phrase not in text]
