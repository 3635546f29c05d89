"""Recipe pages warn on every page that shows a recipe written before the profile changed
(list, detail, favourites, print)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from recipes.models import Favorite
from recipes.models import ShoppingItem
from tests.factories import RecipeFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


def test_a_recipe_that_conflicts_with_the_profile_now_is_flagged_on_every_page(
    cook: Client, user: Any
) -> None:
    """Feta was fine when the recipe was written; after "молоко" is added it is not."""
    recipe = RecipeFactory(user=user, title="Tomato and feta bake")
    safe = RecipeFactory(
        user=user,
        title="Plain tomato salad",
        ingredients=[{"name": "tomato", "quantity": 3, "unit": "", "have": True}],
        steps=["Slice the tomatoes."],
        tips=[],
    )
    Favorite.objects.create(user=user, recipe=recipe)
    for url in (
        "/recipes/",
        "/favorites/",
        f"/recipes/{recipe.pk}/",
        f"/recipes/{recipe.pk}/print/",
    ):
        assert "Not safe for you as written" not in text_of(cook.get(url)), url

    user.profile.allergies = ["молоко"]
    user.profile.save()
    for url in (
        "/recipes/",
        "/favorites/",
        f"/recipes/{recipe.pk}/",
        f"/recipes/{recipe.pk}/print/",
    ):
        page = text_of(cook.get(url))
        assert "Not safe for you as written" in page, url
        assert "allergy “молоко” — feta" in page, url
    assert "Not safe for you as written" not in text_of(cook.get(f"/recipes/{safe.pk}/"))

    detail = text_of(cook.get(f"/recipes/{recipe.pk}/"))
    assert "Add missing ingredients to my shopping list" not in detail
    assert "is not offered to cook" in detail
    response = cook.post(f"/recipes/{recipe.pk}/shopping/", follow=True)
    assert "does not fit your profile any more" in text_of(response)
    assert not ShoppingItem.objects.exists()
