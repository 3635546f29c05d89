"""History, favourites, reviews and the shopping list over the API."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from recipes.models import Favorite, Recipe, Review, ShoppingItem
from tests.factories import (
    FavoriteFactory,
    GenerationFactory,
    RecipeFactory,
    ReviewFactory,
    ScanFactory,
    ScanIngredientFactory,
    ShoppingItemFactory,
    UserFactory,
)
from tests.support.api import assert_error

pytestmark = pytest.mark.django_db

HISTORY = "/api/v1/history/"
FAVORITES = "/api/v1/favorites/"
SHOPPING = "/api/v1/shopping-list/"


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
    favorite = FavoriteFactory(recipe=RecipeFactory(user=user), user=user)

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


# --- shopping list ------------------------------------------------------------------------------


def test_adding_a_recipes_missing_ingredients_lists_only_what_to_buy(
    api_client: APIClient, user: Any
) -> None:
    recipe = RecipeFactory(user=user, title="Shakshuka")

    response = api_client.post(recipe_url(recipe, "add-to-shopping-list/"))

    assert response.status_code == 201
    items = {i["name"]: i for i in response.json()}
    assert set(items) == {"olive oil", "feta"}, "tomatoes and eggs are already at home"
    assert items["feta"]["quantity"] == 100
    assert items["feta"]["unit"] == "g"
    assert items["feta"]["recipe"] == recipe.pk
    assert items["feta"]["recipe_title"] == "Shakshuka"
    listed = api_client.get(SHOPPING).json()["results"]
    assert sorted(i["name"] for i in listed) == ["feta", "olive oil"]


def test_adding_a_recipe_with_nothing_to_buy_is_200_and_empty(
    api_client: APIClient, user: Any
) -> None:
    recipe = RecipeFactory(user=user, ingredients=[{"name": "eggs", "quantity": 2, "have": True}])

    response = api_client.post(recipe_url(recipe, "add-to-shopping-list/"))

    assert (response.status_code, response.json()) == (200, [])


def test_adding_an_item_by_hand_and_ticking_it_off(api_client: APIClient, user: Any) -> None:
    created = api_client.post(SHOPPING, {"name": " Butter ", "quantity": "1.5", "unit": "tbsp"})

    assert created.status_code == 201
    item = created.json()
    assert (item["name"], item["quantity"], item["unit"], item["checked"]) == (
        "Butter",
        1.5,
        "tbsp",
        False,
    )
    assert (item["recipe"], item["recipe_title"]) == (None, None)

    ticked = api_client.patch(f"{SHOPPING}{item['id']}/", {"checked": True})

    assert ticked.status_code == 200
    assert ticked.json()["checked"] is True
    assert ShoppingItem.objects.get(pk=item["id"]).checked is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "n" * 81}, "name"),
        ({"name": "milk", "quantity": "-1"}, "quantity"),
        ({"name": "milk", "quantity": "lots"}, "quantity"),
        ({"name": "milk", "quantity": "1e400"}, "quantity"),
        ({"name": "milk", "unit": "u" * 31}, "unit"),
    ],
)
def test_a_shopping_item_outside_the_rules_is_a_field_error(
    api_client: APIClient, payload: dict[str, Any], field: str
) -> None:
    response = api_client.post(SHOPPING, payload, format="json")

    assert field in assert_error(response, 400, "invalid")["details"]
    assert not ShoppingItem.objects.exists()


def test_editing_and_removing_an_item(api_client: APIClient, user: Any) -> None:
    item = ShoppingItemFactory(user=user, name="milk", quantity=1)

    edited = api_client.patch(f"{SHOPPING}{item.pk}/", {"quantity": None, "name": "oat milk"})
    assert_error(api_client.patch(f"{SHOPPING}{item.pk}/", {"checked": "nope"}), 400, "invalid")
    removed = api_client.delete(f"{SHOPPING}{item.pk}/")

    assert (edited.json()["name"], edited.json()["quantity"]) == ("oat milk", None)
    assert removed.status_code == 204
    assert not ShoppingItem.objects.exists()


def test_clearing_ticked_items_keeps_the_rest(api_client: APIClient, user: Any) -> None:
    ShoppingItemFactory(user=user, name="milk", checked=True)
    ShoppingItemFactory(user=user, name="flour", checked=True)
    keep = ShoppingItemFactory(user=user, name="eggs", checked=False)

    response = api_client.post(f"{SHOPPING}clear-checked/")

    assert (response.status_code, response.json()) == (200, {"removed": 2})
    assert list(ShoppingItem.objects.values_list("pk", flat=True)) == [keep.pk]
    assert ShoppingItem.objects.get().quantity == Decimal("2.00")
