"""The API's base view (core/api/base.py): oversize and unreadable bodies, unknown addresses."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.support.api import assert_error

pytestmark = pytest.mark.django_db


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
