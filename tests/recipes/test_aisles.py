"""The shopping list reads in shop order: each line under its aisle, in English and Russian."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from recipes.aisles import aisle_of
from tests.factories import ShoppingItemFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "aisle"),
    [
        ("tomatoes", "produce"),
        ("Bell pepper", "produce"),
        ("eggplant", "produce"),
        ("помидоры", "produce"),
        ("болгарский перец", "produce"),
        ("feta", "dairy"),
        ("eggs", "dairy"),
        ("яйца", "dairy"),
        ("сливочное масло", "dairy"),
        ("chicken thighs", "meat_fish"),
        ("salmon fillet", "meat_fish"),
        ("курица", "meat_fish"),
        ("sourdough bread", "bakery"),
        ("лаваш", "bakery"),
        ("rice", "pantry"),
        ("гречка", "pantry"),
        ("olive oil", "spices_oils"),
        ("black pepper", "spices_oils"),
        ("оливковое масло", "spices_oils"),
        ("чёрный перец", "spices_oils"),
        ("мёд", "spices_oils"),
        ("toilet paper", "other"),
        ("", "other"),
    ],
)
def test_a_line_goes_to_the_aisle_its_name_says(name: str, aisle: str) -> None:
    assert aisle_of(name).code == aisle


def test_the_list_shows_each_aisle_once_in_shop_order(cook: Client, user: Any) -> None:
    for name in ["olive oil", "tomatoes", "feta", "toilet paper", "шпинат", "лук"]:
        ShoppingItemFactory(user=user, name=name)

    page = text_of(cook.get("/shopping-list/"))

    headings = [
        "Fruit and vegetables",
        "Dairy and eggs",
        "Oils, sauces and spices",
        "Everything else",
    ]
    positions = [page.index(f'<h2 class="aisle-title">{h}</h2>') for h in headings]
    assert positions == sorted(positions)
    assert page.count('<h2 class="aisle-title">') == 4
    produce = page[positions[0] : positions[1]]
    assert "tomatoes" in produce and "лук" in produce and "feta" not in produce


def test_a_russian_list_names_its_aisles_in_russian(cook: Client, user: Any) -> None:
    user.profile.language = "ru"
    user.profile.save()
    ShoppingItemFactory(user=user, name="молоко")

    page = text_of(cook.get("/shopping-list/"))

    assert '<h2 class="aisle-title">Молочное и яйца</h2>' in page
