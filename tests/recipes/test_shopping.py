"""The shopping list as a cook experiences it: merged lines, bounds, only their own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from recipes import shopping
from recipes.models import Recipe
from recipes.models import ShoppingItem
from tests.factories import RecipeFactory
from tests.factories import ShoppingItemFactory

pytestmark = pytest.mark.django_db


def recipe_with(user: Any, *ingredients: dict[str, Any], **kwargs: Any) -> Recipe:
    return RecipeFactory(user=user, ingredients=list(ingredients), **kwargs)


def to_buy(name: str, quantity: Any = None, unit: str = "") -> dict[str, Any]:
    return {"name": name, "quantity": quantity, "unit": unit, "have": False}


def lines(user: Any) -> list[tuple[str, Decimal | None, str, bool]]:
    return [
        (i.name, i.quantity, i.unit, i.checked)
        for i in ShoppingItem.objects.filter(user=user).order_by("checked", "name", "id")
    ]


def test_the_same_ingredient_from_a_recipe_tops_up_the_existing_line(user: Any) -> None:
    """ "2 eggs" on the list plus "3 eggs" from a recipe makes one line of 5 eggs."""
    ShoppingItemFactory(user=user, name="eggs", quantity=2, unit="")
    recipe = recipe_with(user, to_buy("Egg ", 3), to_buy("milk", 1, "l"))

    touched = shopping.shopping_add_from_recipe(user=user, recipe=recipe)

    assert sorted(i.name for i in touched) == ["eggs", "milk"]
    assert lines(user) == [
        ("eggs", Decimal("5.00"), "", False),
        ("milk", Decimal("1.00"), "l", False),
    ]


def test_only_missing_ingredients_go_on_the_list(user: Any) -> None:
    """What the cook already has is not bought again."""
    recipe = recipe_with(
        user,
        {"name": "tomato", "quantity": 3, "unit": "", "have": True},
        to_buy("feta", 100, "g"),
    )
    shopping.shopping_add_from_recipe(user=user, recipe=recipe)
    assert lines(user) == [("feta", Decimal("100.00"), "g", False)]
    assert ShoppingItem.objects.get(user=user).recipe_id == recipe.pk


def test_different_units_of_one_ingredient_stay_apart(user: Any) -> None:
    """2 cups and 100 g of flour do not add up, so they are two lines."""
    ShoppingItemFactory(user=user, name="flour", quantity=2, unit="cups")
    shopping.shopping_add_from_recipe(
        user=user, recipe=recipe_with(user, to_buy("flour", 100, "g"), to_buy("Flour", 1, "cup"))
    )
    assert lines(user) == [
        ("flour", Decimal("3.00"), "cups", False),
        ("flour", Decimal("100.00"), "g", False),
    ]


def test_an_unknown_amount_stays_unknown_when_merged(user: Any) -> None:
    """ "Some basil" plus 10 g of basil is still "some basil": no invented number."""
    ShoppingItemFactory(user=user, name="basil", quantity=None, unit="")
    shopping.shopping_add_from_recipe(
        user=user,
        recipe=recipe_with(user, to_buy("basil", 10), to_buy("salt", "a pinch"), to_buy("", 2)),
    )
    assert lines(user) == [
        ("basil", None, "", False),
        ("salt", None, "", False),
    ]


def test_ticked_lines_are_not_reopened_by_a_new_recipe(user: Any) -> None:
    """Eggs already bought (ticked) stay ticked; the new need is a fresh line."""
    ShoppingItemFactory(user=user, name="eggs", quantity=6, checked=True)
    shopping.shopping_add_from_recipe(user=user, recipe=recipe_with(user, to_buy("eggs", 2)))
    assert lines(user) == [
        ("eggs", Decimal("2.00"), "", False),
        ("eggs", Decimal("6.00"), "", True),
    ]


def test_adding_by_hand_merges_the_same_way(user: Any) -> None:
    shopping.shopping_item_create(user=user, name="Tomatoes", quantity="2", unit="")
    item = shopping.shopping_item_create(user=user, name=" tomato ", quantity=1)
    assert item.quantity == Decimal("3.00")
    assert lines(user) == [("Tomatoes", Decimal("3.00"), "", False)]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "milk", "quantity": -1}, "quantity"),
        ({"name": "milk", "quantity": "lots"}, "quantity"),
        ({"name": "milk", "quantity": "1e9"}, "quantity"),
        ({"name": "milk", "quantity": "NaN"}, "quantity"),
        ({"name": "milk", "quantity": "-Infinity"}, "quantity"),
        ({"name": "milk", "unit": "u" * 31}, "unit"),
    ],
)
def test_hand_written_lines_are_bounded(user: Any, fields: dict[str, Any], field: str) -> None:
    """A bad name, amount or unit is refused with the field named; nothing is stored."""
    with pytest.raises(ValidationError) as caught:
        shopping.shopping_item_create(user=user, **fields)
    assert field in caught.value.message_dict
    assert not ShoppingItem.objects.exists()


def test_a_full_list_refuses_more(user: Any, monkeypatch: Any) -> None:
    """The list has a ceiling so one account cannot grow it without end."""
    monkeypatch.setattr(shopping, "MAX_SHOPPING_ITEMS", 2)
    shopping.shopping_item_create(user=user, name="milk")
    shopping.shopping_item_create(user=user, name="bread")
    with pytest.raises(ValidationError) as caught:
        shopping.shopping_item_create(user=user, name="butter")
    assert caught.value.message_dict == {
        "__all__": ["The shopping list is full (2 items). Clear the ticked items first."]
    }
    # Topping up an existing line adds no line, so it is still allowed.
    shopping.shopping_item_create(user=user, name="milk")
    assert ShoppingItem.objects.filter(user=user).count() == 2


def test_editing_a_line_changes_only_what_was_asked(user: Any) -> None:
    item = ShoppingItemFactory(user=user, name="milk", quantity=1, unit="l")
    shopping.shopping_item_update(user=user, item=item, checked=True, quantity="1.5")
    assert lines(user) == [("milk", Decimal("1.50"), "l", True)]

    with pytest.raises(ValidationError):
        shopping.shopping_item_update(user=user, item=item, name="")
    with pytest.raises(TypeError):
        shopping.shopping_item_update(user=user, item=item, user_id=999)


def test_nobody_can_touch_someone_elses_list(user: Any, other_user: Any) -> None:
    """Their lines are reported as missing and left exactly as they were."""
    theirs = ShoppingItemFactory(user=other_user, name="cream", checked=True)
    with pytest.raises(ShoppingItem.DoesNotExist):
        shopping.shopping_item_update(user=user, item=theirs, name="mine now")
    with pytest.raises(ShoppingItem.DoesNotExist):
        shopping.shopping_item_delete(user=user, item=theirs)
    with pytest.raises(Recipe.DoesNotExist):
        shopping.shopping_add_from_recipe(user=user, recipe=RecipeFactory(user=other_user))
    assert shopping.shopping_clear_checked(user=user) == 0
    assert lines(other_user) == [("cream", Decimal("2.00"), "", True)]


def test_clearing_ticked_lines_keeps_the_rest(user: Any) -> None:
    ShoppingItemFactory(user=user, name="eggs", checked=True)
    ShoppingItemFactory(user=user, name="milk", checked=True)
    keep = ShoppingItemFactory(user=user, name="flour")
    assert shopping.shopping_clear_checked(user=user) == 2
    shopping.shopping_item_delete(user=user, item=keep)
    assert lines(user) == []


def test_adding_a_recipe_twice_adds_its_ingredients_once(user: Any) -> None:
    """Pressing "Add missing ingredients" again changes nothing (it used to double them)."""
    ShoppingItemFactory(user=user, name="feta", quantity=50, unit="g")
    recipe = recipe_with(user, to_buy("feta", 100, "g"), to_buy("olive oil", 2, "tbsp"))

    first = shopping.shopping_add_from_recipe(user=user, recipe=recipe)
    again = shopping.shopping_add_from_recipe(user=user, recipe=recipe)

    assert len(first) == 2
    assert again == []
    assert lines(user) == [
        ("feta", Decimal("150.00"), "g", False),
        ("olive oil", Decimal("2.00"), "tbsp", False),
    ]
    held = shopping.shopping_lines_holding(user=user, recipe=recipe)
    assert sorted(i.name for i in held) == ["feta", "olive oil"]


def test_another_recipe_needing_the_same_adds_its_own_amount(user: Any) -> None:
    soup = recipe_with(user, to_buy("feta", 100, "g"))
    salad = recipe_with(user, to_buy("Feta", 80, "g"))

    shopping.shopping_add_from_recipe(user=user, recipe=soup)
    shopping.shopping_add_from_recipe(user=user, recipe=salad)
    shopping.shopping_add_from_recipe(user=user, recipe=soup)

    assert lines(user) == [("feta", Decimal("180.00"), "g", False)]


def test_once_the_line_is_ticked_off_the_recipe_can_be_shopped_for_again(user: Any) -> None:
    recipe = recipe_with(user, to_buy("feta", 100, "g"))
    (line,) = shopping.shopping_add_from_recipe(user=user, recipe=recipe)
    shopping.shopping_item_update(user=user, item=line, checked=True)

    assert shopping.shopping_lines_holding(user=user, recipe=recipe) == []
    again = shopping.shopping_add_from_recipe(user=user, recipe=recipe)

    assert [i.name for i in again] == ["feta"]
    assert lines(user) == [
        ("feta", Decimal("100.00"), "g", False),
        ("feta", Decimal("100.00"), "g", True),
    ]
