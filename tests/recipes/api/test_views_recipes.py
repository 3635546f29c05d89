"""The recipe list (search, filters, ordering) and one recipe."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from recipes.reviews import recipe_rating_refresh
from tests.factories import FavoriteFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.support.api import assert_error

pytestmark = pytest.mark.django_db

RECIPES = "/api/v1/recipes/"


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [r["title"] for r in response.json()["results"]]


@pytest.fixture
def cookbook(user: Any) -> dict[str, Any]:
    """Three recipes of alice's with different cuisines, times, difficulties and ratings."""
    soup = RecipeFactory(
        user=user, title="Tomato soup", cuisine="italian", total_minutes=30, difficulty="easy"
    )
    curry = RecipeFactory(
        user=user, title="Chickpea curry", cuisine="Indian", total_minutes=50, difficulty="medium"
    )
    tart = RecipeFactory(
        user=user, title="Onion tart", cuisine="french", total_minutes=90, difficulty="hard"
    )
    ReviewFactory(recipe=curry, user=user, rating=5)
    ReviewFactory(recipe=soup, user=user, rating=3)
    for recipe in (soup, curry):
        recipe_rating_refresh(recipe_id=recipe.pk)
    FavoriteFactory(recipe=tart, user=user)
    return {"soup": soup, "curry": curry, "tart": tart}


def test_recipe_list_is_mine_newest_first(
    api_client: APIClient, cookbook: dict[str, Any], other_user: Any
) -> None:
    RecipeFactory(user=other_user, title="Someone else's stew")

    assert titles(api_client.get(RECIPES)) == ["Onion tart", "Chickpea curry", "Tomato soup"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "soup"}, ["Tomato soup"]),
        ({"q": "  ONION   tart "}, ["Onion tart"]),
        ({"q": "feta"}, ["Onion tart", "Chickpea curry", "Tomato soup"]),
        ({"cuisine": "indian"}, ["Chickpea curry"]),
        ({"max_minutes": 50}, ["Chickpea curry", "Tomato soup"]),
        ({"difficulty": "hard"}, ["Onion tart"]),
        ({"min_rating": 4}, ["Chickpea curry"]),
        ({"min_rating": "2.5"}, ["Chickpea curry", "Tomato soup"]),
        ({"favorite": "true"}, ["Onion tart"]),
        ({"favorite": "false"}, ["Onion tart", "Chickpea curry", "Tomato soup"]),
        ({"ordering": "time"}, ["Tomato soup", "Chickpea curry", "Onion tart"]),
        ({"ordering": "rating"}, ["Chickpea curry", "Tomato soup", "Onion tart"]),
        ({"q": "", "cuisine": ""}, ["Onion tart", "Chickpea curry", "Tomato soup"]),
        ({"unknown": "ignored"}, ["Onion tart", "Chickpea curry", "Tomato soup"]),
    ],
)
def test_recipe_list_filters(
    api_client: APIClient, cookbook: dict[str, Any], params: dict[str, Any], expected: list[str]
) -> None:
    assert titles(api_client.get(RECIPES, params)) == expected


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"max_minutes": "soon"}, "max_minutes"),
        ({"max_minutes": "0"}, "max_minutes"),
        ({"max_minutes": "99999999999999999999"}, "max_minutes"),
        ({"difficulty": "impossible"}, "difficulty"),
        ({"min_rating": "6"}, "min_rating"),
        ({"min_rating": "nan"}, "min_rating"),
        ({"favorite": "perhaps"}, "favorite"),
        ({"ordering": "-created_at"}, "ordering"),
        ({"q": "x" * 101}, "q"),
        ({"cuisine": "c" * 61}, "cuisine"),
    ],
)
def test_recipe_list_refuses_malformed_filters_with_a_field_error(
    api_client: APIClient, params: dict[str, str], field: str
) -> None:
    error = assert_error(api_client.get(RECIPES, params), 400, "invalid")
    assert field in error["details"]


def test_recipe_list_marks_my_favourites_and_ratings(
    api_client: APIClient, cookbook: dict[str, Any]
) -> None:
    results = {r["title"]: r for r in api_client.get(RECIPES).json()["results"]}

    assert results["Onion tart"]["is_favorite"] is True
    assert results["Chickpea curry"]["is_favorite"] is False
    assert results["Chickpea curry"]["my_rating"] == 5
    assert results["Chickpea curry"]["rating_avg"] == 5.0
    assert results["Chickpea curry"]["rating_count"] == 1
    assert results["Onion tart"]["my_rating"] is None


def test_recipe_list_runs_a_fixed_number_of_queries(
    api_client: APIClient, user: Any, django_assert_max_num_queries: Any
) -> None:
    FavoriteFactory.create_batch(8, recipe__user=user)

    with django_assert_max_num_queries(3):
        response = api_client.get(RECIPES)

    assert response.json()["count"] == 8


def test_recipe_detail_is_the_whole_recipe(api_client: APIClient, cookbook: dict[str, Any]) -> None:
    curry = cookbook["curry"]

    body = api_client.get(f"{RECIPES}{curry.pk}/").json()

    assert body["title"] == "Chickpea curry"
    assert body["steps"] == ["Chop the tomatoes.", "Fry them.", "Add the eggs."]
    assert body["tips"] == ["Serve with bread."]
    assert (body["my_rating"], body["is_favorite"], body["generation"]) == (
        5,
        False,
        curry.generation_id,
    )
    assert (body["model"], body["prompt_version"], body["language"]) == (
        "mistral",
        "recipes-v1",
        "en",
    )


def test_an_unknown_recipe_is_a_404(api_client: APIClient) -> None:
    assert_error(api_client.get(f"{RECIPES}424242/"), 404, "not_found")
