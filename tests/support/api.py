"""API helpers: a token client, and the check of the one error body."""

from __future__ import annotations

from typing import Any

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def token_client(user: Any) -> APIClient:
    """A client that signs in the way integrators do: `Authorization: Token <key>`."""
    token, _ = Token.objects.get_or_create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The response is an error with the one error body; returns its "error" object."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "details"}, error
    assert error["message"], "every error says what went wrong"
    if code is not None:
        assert error["code"] == code, error
    return error
