"""Every paginated list refuses a `page` or `page_size` it cannot honour, in the one error body.

Before, `?page_size=abc` or `?page_size=0` quietly gave 20 results and `?page_size=500` gave 100,
so a client's mistake looked like a different page; `?page=abc` was a 404 "Not found.".
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories import ScanFactory
from tests.factories import ShoppingItemFactory
from tests.support.api import assert_error

LISTS = ["/api/v1/scans/", "/api/v1/generations/", "/api/v1/recipes/", "/api/v1/favorites/"]
GARBAGE_PAGES = ["abc", "0", "-1", "1.5", "", " 1", "last", "9" * 5000]
GARBAGE_PAGE_SIZES = ["abc", "0", "-5", "101", "2e1", "+5"]


@pytest.mark.parametrize("path", [*LISTS, "/api/v1/shopping-list/"])
@pytest.mark.parametrize(
    ("params", "field"),
    [({"page": value}, "page") for value in GARBAGE_PAGES]
    + [({"page_size": value}, "page_size") for value in GARBAGE_PAGE_SIZES],
)
def test_garbage_paging_is_a_400_that_names_the_parameter(
    api_client: APIClient, path: str, params: dict[str, str], field: str
) -> None:
    error = assert_error(api_client.get(path, params), 400, "invalid")

    assert error["message"] == "Some fields are invalid."
    assert list(error["details"]) == [field]
    assert "whole number" in error["details"][field][0]


def test_the_page_size_message_says_the_range(api_client: APIClient) -> None:
    error = assert_error(api_client.get("/api/v1/scans/", {"page_size": "500"}), 400, "invalid")
    message = "The page size must be a whole number from 1 to 100."
    assert error["details"] == {"page_size": [message]}


def test_valid_paging_still_works_at_both_ends_of_the_range(
    api_client: APIClient, user: Any
) -> None:
    for _ in range(3):
        ScanFactory(user=user)
        ShoppingItemFactory(user=user)

    one = api_client.get("/api/v1/scans/", {"page_size": "1", "page": "3"})
    hundred = api_client.get("/api/v1/shopping-list/", {"page_size": "100"})
    default = api_client.get("/api/v1/scans/")

    assert one.status_code == 200
    assert (one.json()["count"], len(one.json()["results"]), one.json()["next"]) == (3, 1, None)
    assert hundred.status_code == 200
    assert len(hundred.json()["results"]) == 3
    assert len(default.json()["results"]) == 3


def test_a_page_past_the_last_is_still_a_404(api_client: APIClient, user: Any) -> None:
    ScanFactory(user=user)
    assert_error(api_client.get("/api/v1/scans/", {"page": "2"}), 404, "not_found")
