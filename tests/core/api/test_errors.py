"""Every failure is the one error body with the right status (core/api/errors.py).

Nothing malformed gives a 500.
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from recipes.models import Generation
from tests.support.api import assert_error

pytestmark = pytest.mark.django_db

PROTECTED = [
    ("get", "/api/v1/profile/"),
    ("patch", "/api/v1/profile/"),
    ("get", "/api/v1/scans/"),
    ("post", "/api/v1/scans/"),
    ("get", "/api/v1/scans/1/"),
    ("get", "/api/v1/scans/1/image/"),
    ("delete", "/api/v1/scans/1/"),
    ("post", "/api/v1/scans/1/retry/"),
    ("get", "/api/v1/generations/"),
    ("post", "/api/v1/generations/"),
    ("get", "/api/v1/generations/1/"),
    ("delete", "/api/v1/generations/1/"),
    ("post", "/api/v1/generations/1/retry/"),
    ("get", "/api/v1/recipes/"),
    ("get", "/api/v1/recipes/1/"),
    ("put", "/api/v1/recipes/1/favorite/"),
    ("delete", "/api/v1/recipes/1/favorite/"),
    ("get", "/api/v1/recipes/1/reviews/"),
    ("post", "/api/v1/recipes/1/reviews/"),
    ("patch", "/api/v1/recipes/1/reviews/1/"),
    ("delete", "/api/v1/recipes/1/reviews/1/"),
    ("post", "/api/v1/recipes/1/add-to-shopping-list/"),
    ("get", "/api/v1/favorites/"),
    ("get", "/api/v1/history/"),
    ("get", "/api/v1/shopping-list/"),
    ("post", "/api/v1/shopping-list/"),
    ("patch", "/api/v1/shopping-list/1/"),
    ("delete", "/api/v1/shopping-list/1/"),
    ("post", "/api/v1/shopping-list/clear-checked/"),
]


@pytest.mark.parametrize(("method", "path"), PROTECTED)
def test_every_endpoint_but_sign_up_and_sign_in_needs_credentials(
    anon_client: APIClient, method: str, path: str
) -> None:
    response = getattr(anon_client, method)(path)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_token_is_refused(anon_client: APIClient) -> None:
    anon_client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    error = assert_error(anon_client.get("/api/v1/recipes/"), 401, "authentication_failed")
    assert error["message"] == "Invalid token."


def test_a_method_an_endpoint_does_not_have_is_405(api_client: APIClient) -> None:
    error = assert_error(api_client.put("/api/v1/scans/"), 405, "method_not_allowed")
    assert error["message"] == 'Method "PUT" not allowed.'


@pytest.mark.parametrize(
    "body",
    [b'{"ingredients": [', b"\xff\xfe\x00", b'{"ingredients": ["eggs"], "count": NaN}'],
)
def test_unreadable_json_is_a_400_parse_error(api_client: APIClient, body: bytes) -> None:
    response = api_client.generic(
        "POST", "/api/v1/generations/", body, content_type="application/json"
    )
    assert_error(response, 400, "parse_error")
    assert not Generation.objects.exists()


@pytest.mark.parametrize(
    ("method", "path", "payload", "field"),
    [
        ("post", "/api/v1/generations/", {"ingredients": ["eg\x00gs"]}, "ingredients"),
        ("get", "/api/v1/recipes/", {"q": "soup\x00"}, "q"),
        ("post", "/api/v1/shopping-list/", {"name": "mi\x00lk"}, "name"),
        ("patch", "/api/v1/profile/", {"allergies": ["pea\x00nuts"]}, "allergies"),
        ("post", "/api/v1/auth/token/", {"username": "a\x00", "password": "x"}, "username"),
    ],
)
def test_null_characters_are_field_errors_not_database_errors(
    api_client: APIClient, method: str, path: str, payload: dict[str, Any], field: str
) -> None:
    kwargs: dict[str, Any] = {} if method == "get" else {"format": "json"}
    response = getattr(api_client, method)(path, payload, **kwargs)
    assert field in assert_error(response, 400, "invalid")["details"]
