"""Another person's objects do not exist for you: 404 on every method, absent from every list."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.jobs import JobStatus
from recipes.models import Favorite
from recipes.models import Generation
from recipes.models import Recipe
from recipes.models import Review
from recipes.models import ShoppingItem
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.support.api import assert_error
from tests.support.api import token_client
from vision.models import Scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices(user: Any) -> dict[str, Any]:
    """One of everything of alice's, in states where each action would otherwise succeed."""
    scan = ScanFactory(user=user, status=JobStatus.FAILED, error_code="ai_unavailable")
    ScanIngredientFactory(scan=scan)
    generation = GenerationFactory(user=user, status=JobStatus.FAILED, scan=scan)
    recipe = RecipeFactory(user=user)
    FavoriteFactory(recipe=recipe, user=user)
    return {
        "scan": scan,
        "generation": generation,
        "recipe": recipe,
        "review": ReviewFactory(recipe=recipe, user=user, rating=4),
        "item": ShoppingItemFactory(user=user, name="milk", checked=True),
    }


MATRIX = [
    ("get", "scans/{scan}/", None),
    ("get", "scans/{scan}/image/", None),
    ("delete", "scans/{scan}/", None),
    ("post", "scans/{scan}/retry/", None),
    ("get", "generations/{generation}/", None),
    ("delete", "generations/{generation}/", None),
    ("post", "generations/{generation}/retry/", None),
    ("get", "recipes/{recipe}/", None),
    ("put", "recipes/{recipe}/favorite/", None),
    ("delete", "recipes/{recipe}/favorite/", None),
    ("get", "recipes/{recipe}/reviews/", None),
    ("post", "recipes/{recipe}/reviews/", {"rating": 1, "comment": "mine now"}),
    ("patch", "recipes/{recipe}/reviews/{review}/", {"rating": 1}),
    ("delete", "recipes/{recipe}/reviews/{review}/", None),
    ("post", "recipes/{recipe}/add-to-shopping-list/", None),
    ("patch", "shopping-list/{item}/", {"checked": False, "name": "stolen"}),
    ("delete", "shopping-list/{item}/", None),
]


@pytest.mark.parametrize(("method", "path", "payload"), MATRIX)
def test_someone_elses_object_is_not_found_on_every_method(
    alices: dict[str, Any], other_user: Any, method: str, path: str, payload: Any
) -> None:
    url = "/api/v1/" + path.format(**{name: obj.pk for name, obj in alices.items()})
    bob = token_client(other_user)

    response = getattr(bob, method)(url, payload, format="json")

    error = assert_error(response, 404, "not_found")
    assert error["message"] == "Not found."
    # Nothing of alice's changed.
    assert Scan.objects.get(pk=alices["scan"].pk).status == JobStatus.FAILED
    assert Generation.objects.get(pk=alices["generation"].pk).status == JobStatus.FAILED
    assert Recipe.objects.filter(pk=alices["recipe"].pk).exists()
    assert Favorite.objects.filter(recipe=alices["recipe"]).count() == 1
    assert list(Review.objects.values_list("user__username", "rating")) == [("alice", 4)]
    assert list(ShoppingItem.objects.values_list("user__username", "name", "checked")) == [
        ("alice", "milk", True)
    ]


@pytest.mark.parametrize(
    "path",
    ["scans/", "generations/", "recipes/", "favorites/", "history/", "shopping-list/"],
)
def test_lists_never_show_someone_elses_objects(
    alices: dict[str, Any], other_api_client: APIClient, api_client: APIClient, path: str
) -> None:
    assert api_client.get(f"/api/v1/{path}").json()["count"] >= 1, "alice sees her own"

    body = other_api_client.get(f"/api/v1/{path}").json()

    assert (body["count"], body["results"]) == (0, [])


def test_clearing_my_ticked_items_leaves_someone_elses_alone(
    alices: dict[str, Any], other_api_client: APIClient
) -> None:
    response = other_api_client.post("/api/v1/shopping-list/clear-checked/")

    assert response.json() == {"removed": 0}
    assert ShoppingItem.objects.filter(pk=alices["item"].pk).exists()


def test_someone_elses_ids_in_filters_and_searches_reveal_nothing(
    alices: dict[str, Any], other_api_client: APIClient
) -> None:
    for params in ({"favorite": "true"}, {"q": alices["recipe"].title}, {"min_rating": 1}):
        assert other_api_client.get("/api/v1/recipes/", params).json()["count"] == 0
