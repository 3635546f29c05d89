"""History, favourites and reviews over the API (recipes/api/library_views.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from recipes.models import Favorite
from recipes.models import Recipe
from recipes.models import Review
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import UserFactory
from tests.support.api import assert_error

pytestmark = pytest.mark.django_db

HISTORY = "/api/v1/history/"
FAVORITES = "/api/v1/favorites/"


def recipe_url(recipe: Recipe, rest: str = "") -> str:
    return f"/api/v1/recipes/{recipe.pk}/{rest}"


# --- history ------------------------------------------------------------------------------------


def test_history_mixes_scans_and_generations_newest_first(
    api_client: APIClient, user: Any, other_user: Any
) -> None:
    now = timezone.now()
    scan = ScanFactory(user=user, created_at=now - timedelta(minutes=10))
    ScanIngredientFactory(scan=scan, name="leeks", position=0)
    generation = GenerationFactory(
        user=user, ingredients=["leeks", "eggs"], created_at=now - timedelta(minutes=5)
    )
    recipe = RecipeFactory(user=user, generation=generation, title="Leek omelette")
    ScanFactory(user=other_user)

    body = api_client.get(HISTORY).json()

    assert body["count"] == 2
    assert body["results"] == [
        {
            "type": "generation",
            "id": generation.pk,
            "status": "succeeded",
            "created_at": body["results"][0]["created_at"],
            "thumbnail_url": None,
            "ingredients": ["leeks", "eggs"],
            "recipes": [{"id": recipe.pk, "title": "Leek omelette"}],
        },
        {
            "type": "scan",
            "id": scan.pk,
            "status": "succeeded",
            "created_at": body["results"][1]["created_at"],
            "thumbnail_url": f"/api/v1/scans/{scan.pk}/image/",
            "ingredients": ["leeks"],
            "recipes": [],
        },
    ]


def test_history_pages_link_to_each_other(api_client: APIClient, user: Any) -> None:
    for _ in range(3):
        ScanFactory(user=user)

    first = api_client.get(HISTORY, {"page_size": 2}).json()
    second = api_client.get(first["next"]).json()

    assert (first["count"], len(first["results"]), first["previous"]) == (3, 2, None)
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert "page=" not in second["previous"]


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"page": "two"}, {"page_size": "101"}, {"page_size": "-1"}]
)
def test_history_refuses_malformed_paging(api_client: APIClient, params: dict[str, str]) -> None:
    error = assert_error(api_client.get(HISTORY, params), 400, "invalid")
    assert set(error["details"]) <= {"page", "page_size"}


# --- favourites ---------------------------------------------------------------------------------


def test_keeping_a_recipe_is_201_then_200_and_it_is_listed(
    api_client: APIClient, user: Any
) -> None:
    recipe = RecipeFactory(user=user, title="Pea risotto")

    first = api_client.put(recipe_url(recipe, "favorite/"))
    again = api_client.put(recipe_url(recipe, "favorite/"))

    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["recipe"] == recipe.pk
    assert first.json()["is_favorite"] is True
    assert Favorite.objects.filter(user=user, recipe=recipe).count() == 1
    listed = api_client.get(FAVORITES).json()["results"]
    assert [(r["title"], r["is_favorite"]) for r in listed] == [("Pea risotto", True)]


def test_unkeeping_is_204_whether_or_not_it_was_kept(api_client: APIClient, user: Any) -> None:
    favorite = FavoriteFactory(recipe__user=user)

    assert api_client.delete(recipe_url(favorite.recipe, "favorite/")).status_code == 204
    assert api_client.delete(recipe_url(favorite.recipe, "favorite/")).status_code == 204
    assert not Favorite.objects.exists()


def test_favourites_can_be_searched(api_client: APIClient, user: Any) -> None:
    FavoriteFactory(recipe=RecipeFactory(user=user, title="Pea risotto"), user=user)
    FavoriteFactory(recipe=RecipeFactory(user=user, title="Onion tart"), user=user)
    RecipeFactory(user=user, title="Pea soup")

    listed = api_client.get(FAVORITES, {"q": "pea"}).json()["results"]

    assert [r["title"] for r in listed] == ["Pea risotto"]
    assert_error(api_client.get(FAVORITES, {"q": "x" * 101}), 400, "invalid")


# --- reviews ------------------------------------------------------------------------------------


def test_posting_a_review_creates_it_then_replaces_it(api_client: APIClient, user: Any) -> None:
    recipe = RecipeFactory(user=user)

    created = api_client.post(recipe_url(recipe, "reviews/"), {"rating": 4, "comment": " Good "})
    replaced = api_client.post(recipe_url(recipe, "reviews/"), {"rating": 2})

    assert created.status_code == 201
    assert created.json()["comment"] == "Good"
    assert created.json()["author"] == "alice"
    assert replaced.status_code == 200
    assert replaced.json()["id"] == created.json()["id"]
    assert (replaced.json()["rating"], replaced.json()["comment"]) == (2, "")
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (2.0, 1)


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "five"}, "rating"),
        ({}, "rating"),
        ({"rating": 3, "comment": "x" * 2001}, "comment"),
    ],
)
def test_a_review_outside_the_rules_is_a_field_error(
    api_client: APIClient, user: Any, payload: dict[str, Any], field: str
) -> None:
    recipe = RecipeFactory(user=user)

    response = api_client.post(recipe_url(recipe, "reviews/"), payload, format="json")

    assert field in assert_error(response, 400, "invalid")["details"]
    assert not Review.objects.exists()


def test_reviews_list_hides_others_hidden_reviews_but_shows_my_own(
    api_client: APIClient, user: Any, other_user: Any
) -> None:
    recipe = RecipeFactory(user=user)
    mine = ReviewFactory(recipe=recipe, user=user, hidden=True, comment="My hidden note")
    ReviewFactory(recipe=recipe, user=other_user, hidden=True, comment="Spam")
    visible = ReviewFactory(recipe=recipe, user=UserFactory(username="carol"), comment="Nice")

    listed = api_client.get(recipe_url(recipe, "reviews/")).json()["results"]

    assert {(r["id"], r["author"], r["comment"], r["hidden"]) for r in listed} == {
        (mine.pk, "alice", "My hidden note", True),
        (visible.pk, "carol", "Nice", False),
    }


def test_patching_my_review_changes_only_what_is_sent(api_client: APIClient, user: Any) -> None:
    review = ReviewFactory(recipe=RecipeFactory(user=user), user=user, rating=3, comment="Fine")

    response = api_client.patch(recipe_url(review.recipe, f"reviews/{review.pk}/"), {"rating": 5})

    assert response.status_code == 200
    assert (response.json()["rating"], response.json()["comment"]) == (5, "Fine")
    assert_error(
        api_client.patch(recipe_url(review.recipe, f"reviews/{review.pk}/"), {"rating": 9}),
        400,
        "invalid",
    )


def test_deleting_my_review_updates_the_average(api_client: APIClient, user: Any) -> None:
    recipe = RecipeFactory(user=user)
    review_id = api_client.post(recipe_url(recipe, "reviews/"), {"rating": 5}).json()["id"]

    response = api_client.delete(recipe_url(recipe, f"reviews/{review_id}/"))

    assert response.status_code == 204
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (None, 0)


def test_someone_elses_review_on_my_recipe_cannot_be_changed_by_me(
    api_client: APIClient, user: Any, other_user: Any
) -> None:
    recipe = RecipeFactory(user=user)
    theirs = ReviewFactory(recipe=recipe, user=other_user, rating=4)
    url = recipe_url(recipe, f"reviews/{theirs.pk}/")

    assert_error(api_client.patch(url, {"rating": 1}), 404, "not_found")
    assert_error(api_client.delete(url), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.rating == 4
