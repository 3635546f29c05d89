"""Shopping lines add up across units of one kind (recipes/units.py), in English and Russian."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from recipes import shopping
from recipes.shopping import line_key
from recipes.units import convert
from recipes.units import tidy
from tests.factories import ShoppingItemFactory
from tests.recipes.test_shopping import lines
from tests.recipes.test_shopping import recipe_with
from tests.recipes.test_shopping import to_buy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [("g", "kg"), ("г", "кг"), ("ml", "l"), ("tsp", "tbsp"), ("ч. л.", "ст. л."), ("cup", "мл")],
)
def test_units_of_one_kind_share_a_key(a: str, b: str) -> None:
    assert line_key("flour", a) == line_key("flour", b)


def test_a_unit_outside_the_table_still_meets_its_plural() -> None:
    assert line_key("garlic", "cloves") == line_key("Garlic", "clove")


@pytest.mark.parametrize(("a", "b"), [("g", "ml"), ("pcs", "g"), ("cloves", "шт."), ("", "g")])
def test_units_of_different_kinds_do_not(a: str, b: str) -> None:
    assert line_key("flour", a) != line_key("flour", b)


@pytest.mark.parametrize(
    ("quantity", "source", "target", "expected"),
    [
        ("1", "kg", "g", "1000.00"),
        ("250", "г", "кг", "0.25"),
        ("3", "tsp", "tbsp", "1.00"),
        ("2", "ст. л.", "мл", "30.00"),
        ("1", "стакан", "мл", "250.00"),
        ("2", "pcs", "g", "2"),  # not of one kind: left as it is
    ],
)
def test_a_quantity_converts_within_its_kind(
    quantity: str, source: str, target: str, expected: str
) -> None:
    assert convert(Decimal(quantity), source, target) == Decimal(expected)


def test_an_unknown_amount_stays_unknown() -> None:
    assert convert(None, "kg", "g") is None


@pytest.mark.parametrize(
    ("quantity", "unit", "expected"),
    [
        ("1500", "g", (Decimal("1.50"), "kg")),
        ("1200", "мл", (Decimal("1.20"), "л")),
        ("999", "g", (Decimal("999"), "g")),
        ("2000", "tbsp", (Decimal("2000"), "tbsp")),
    ],
)
def test_a_large_amount_reads_in_the_larger_unit(
    quantity: str, unit: str, expected: tuple[Decimal, str]
) -> None:
    assert tidy(Decimal(quantity), unit) == expected


def test_grams_and_kilograms_of_one_ingredient_are_one_line(user: Any) -> None:
    ShoppingItemFactory(user=user, name="flour", quantity=500, unit="g")
    shopping.shopping_add_from_recipe(user=user, recipe=recipe_with(user, to_buy("Flour", 1, "kg")))

    assert lines(user) == [("flour", Decimal("1.50"), "kg", False)]


def test_russian_spoons_add_up_in_the_line_s_own_unit(user: Any) -> None:
    ShoppingItemFactory(user=user, name="оливковое масло", quantity=2, unit="ст. л.")
    shopping.shopping_add_from_recipe(
        user=user, recipe=recipe_with(user, to_buy("оливковое масло", 3, "ч. л."))
    )

    assert lines(user) == [("оливковое масло", Decimal("3.00"), "ст. л.", False)]


def test_a_recipe_in_kilograms_is_on_the_list_once_its_grams_line_holds_it(user: Any) -> None:
    recipe = recipe_with(user, to_buy("flour", 1, "kg"))
    shopping.shopping_add_from_recipe(user=user, recipe=recipe)
    (line,) = shopping.shopping_lines_holding(user=user, recipe=recipe)
    shopping.shopping_item_update(user=user, item=line, unit="g", quantity=1000)

    assert shopping.shopping_still_to_add(user=user, recipe=recipe) == []
