"""Every failure is the one error body with the right status; nothing malformed gives a 500."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.api.throttles import JobIPThrottle, JobUserThrottle
from core.jobs import JobStatus
from recipes.models import Generation
from tests.factories import GenerationFactory, UserFactory
from tests.support.api import assert_error, token_client

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


def test_a_body_over_the_size_limit_is_413_in_the_error_shape(api_client: APIClient) -> None:
    body = json.dumps({"ingredients": ["eggs"], "cuisine": "x" * (1024 * 1024 + 1)})

    response = api_client.generic("POST", "/api/v1/generations/", body, "application/json")

    assert_error(response, 413, "too_large")


def test_a_form_with_too_many_fields_is_a_400_in_the_error_shape(
    api_client: APIClient, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    fields = "&".join(f"f{i}=1" for i in range(10))

    response = api_client.generic(
        "POST", "/api/v1/scans/", fields, "application/x-www-form-urlencoded"
    )

    assert_error(response, 400, "parse_error")


def test_a_broken_multipart_upload_is_a_400(api_client: APIClient) -> None:
    response = api_client.generic("POST", "/api/v1/scans/", b"garbage", "multipart/form-data")
    assert_error(response, 400, "parse_error")


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


# --- job throttles ------------------------------------------------------------------------------


def test_job_creation_is_limited_per_user_with_headers_and_retry_after(
    api_client: APIClient, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JobUserThrottle, "THROTTLE_RATES", {"jobs_user": "2/hour"})
    failed = GenerationFactory(user=user, status=JobStatus.FAILED)

    first = api_client.post("/api/v1/generations/", {"ingredients": ["eggs"]})
    second = api_client.post(f"/api/v1/generations/{failed.pk}/retry/")
    third = api_client.post("/api/v1/generations/", {"ingredients": ["leeks"]})

    assert (first.status_code, second.status_code) == (202, 202)
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("2", "1")
    assert second["X-RateLimit-Remaining"] == "0"
    error = assert_error(third, 429, "throttled")
    assert error["message"].startswith("Too many requests. Try again in")
    assert 0 < int(third["Retry-After"]) <= 3600
    assert int(third["X-RateLimit-Reset"]) > 0
    assert Generation.objects.count() == 2, "the refused request created nothing"
    assert api_client.get("/api/v1/generations/").status_code == 200, "reading is not limited"


def test_job_creation_is_limited_per_address_across_accounts(
    user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JobIPThrottle, "THROTTLE_RATES", {"jobs_ip": "2/hour"})
    clients = [token_client(user), token_client(UserFactory()), token_client(UserFactory())]

    statuses = [
        c.post("/api/v1/generations/", {"ingredients": ["eggs"]}).status_code for c in clients
    ]

    assert statuses == [202, 202, 429]


@pytest.mark.parametrize(
    "path", ["/api/v1/scans/abc/", "/api/v1/recipes/-1/", "/api/v2/recipes/", "/api/v1/nothing/"]
)
def test_unknown_api_addresses_are_json_404s(api_client: APIClient, path: str) -> None:
    error = assert_error(api_client.get(path), 404, "not_found")
    assert error["message"] == "Not found."


def test_a_missing_trailing_slash_is_a_404_that_says_so_instead_of_a_redirect(
    anon_client: APIClient,
) -> None:
    """A redirect would make clients re-send a POST as a GET and lose the body."""
    response = anon_client.post("/api/v1/auth/token", {"username": "a", "password": "b"})

    error = assert_error(response, 404, "not_found")
    assert error["message"] == "Not found. Did you mean /api/v1/auth/token/ (with the slash)?"
