"""The shopping list over the API (recipes/api/shopping_views.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from recipes.models import Recipe
from recipes.models import ShoppingItem
from tests.factories import RecipeFactory
from tests.factories import ShoppingItemFactory
from tests.support.api import assert_error

pytestmark = pytest.mark.django_db

SHOPPING = "/api/v1/shopping-list/"


def recipe_url(recipe: Recipe, rest: str = "") -> str:
    return f"/api/v1/recipes/{recipe.pk}/{rest}"


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
    assert (items["feta"]["aisle"], items["olive oil"]["aisle"]) == ("dairy", "spices_oils")
    listed = api_client.get(SHOPPING).json()["results"]
    assert sorted(i["name"] for i in listed) == ["feta", "olive oil"]


def test_adding_a_recipe_twice_is_200_and_empty_the_second_time(
    api_client: APIClient, user: Any
) -> None:
    recipe = RecipeFactory(user=user)
    assert api_client.post(recipe_url(recipe, "add-to-shopping-list/")).status_code == 201

    again = api_client.post(recipe_url(recipe, "add-to-shopping-list/"))

    assert (again.status_code, again.json()) == (200, [])
    listed = api_client.get(SHOPPING).json()["results"]
    assert sorted((i["name"], i["quantity"]) for i in listed) == [("feta", 100), ("olive oil", 2)]


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
