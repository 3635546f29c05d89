"""Fixtures for page tests: a signed-in browser-like client for each of two people."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def cook(client: Client, user: Any) -> Client:
    """The test client signed in as `user` (alice)."""
    client.force_login(user)
    return client


@pytest.fixture
def other_cook(other_user: Any) -> Client:
    """A second client signed in as `other_user` (bob)."""
    other = Client()
    other.force_login(other_user)
    return other


def text_of(response: Any) -> str:
    """The response body as text, for asserts on what a person reads."""
    return response.content.decode()
