"""Journey helpers: sign up over the API, start jobs, and poll them until they are finished."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.conftest import wait_for
from tests.factories import jpeg_bytes

PASSWORD = "a long kitchen passphrase"


def sign_up(username: str = "carol") -> APIClient:
    """Register and sign in the way an integrator does, returning a token-authenticated client."""
    anon = APIClient()
    assert (
        anon.post(
            "/api/v1/auth/register/", {"username": username, "password": PASSWORD}
        ).status_code
        == 201
    )
    token = anon.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    return client


def finished(client: APIClient, url: str, *, timeout: float = 30.0) -> dict[str, Any]:
    """Poll a job the way a client should, until it has succeeded or failed."""

    def done() -> dict[str, Any] | None:
        body: dict[str, Any] = client.get(url).json()
        return body if body["status"] in {"succeeded", "failed"} else None

    result: dict[str, Any] = wait_for(done, timeout=timeout)
    return result


def upload(client: APIClient) -> str:
    photo = SimpleUploadedFile("fridge.jpg", jpeg_bytes(), "image/jpeg")
    response = client.post("/api/v1/scans/", {"image": photo}, format="multipart")
    assert response.status_code == 202, response.content
    return str(response["Location"])


def ask(client: APIClient, **payload: Any) -> str:
    response = client.post("/api/v1/generations/", payload, format="json")
    assert response.status_code == 202, response.content
    return str(response["Location"])
