"""Favourites as a cook experiences them: keep, drop, only their own."""

from __future__ import annotations

from typing import Any

import pytest

from recipes import favorites
from recipes.models import Favorite
from recipes.models import Recipe
from tests.factories import RecipeFactory
from tests.support.metrics import sample

pytestmark = pytest.mark.django_db


def test_keeping_a_recipe_twice_keeps_it_once_and_counts_once(
    user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A double tap on the heart gives one favourite and one tick of the metric."""
    recipe = RecipeFactory(user=user)
    before = sample("chef_favorites_added_total")

    with django_capture_on_commit_callbacks(execute=True):
        _, first = favorites.favorite_set(user=user, recipe_id=recipe.pk)
    with django_capture_on_commit_callbacks(execute=True):
        favorite, second = favorites.favorite_set(user=user, recipe_id=recipe.pk)

    assert (first, second) == (True, False)
    assert list(Favorite.objects.filter(user=user).values_list("recipe_id", flat=True)) == [
        recipe.pk
    ]
    assert favorite.recipe_id == recipe.pk
    assert sample("chef_favorites_added_total") == before + 1


def test_removing_a_favourite_twice_reports_whether_something_went(user: Any) -> None:
    """Unsetting is idempotent: True the first time, False once it is gone."""
    favorite = favorites.favorite_set(user=user, recipe_id=RecipeFactory(user=user).pk)[0]

    assert favorites.favorite_unset(user=user, recipe_id=favorite.recipe_id) is True
    assert favorites.favorite_unset(user=user, recipe_id=favorite.recipe_id) is False
    assert not Favorite.objects.filter(user=user).exists()


@pytest.mark.parametrize("bad_id", ["nope", "", None, -1, 2**70])
def test_favourites_refuse_ids_that_are_not_recipes(user: Any, bad_id: Any) -> None:
    """Malformed or out-of-range ids read as a missing recipe, not as a server error."""
    with pytest.raises(Recipe.DoesNotExist):
        favorites.favorite_set(user=user, recipe_id=bad_id)


def test_nobody_can_keep_or_drop_someone_elses_recipe(user: Any, other_user: Any) -> None:
    """Another person's recipe is reported as missing and their favourite stays."""
    theirs = RecipeFactory(user=other_user)
    favorites.favorite_set(user=other_user, recipe_id=theirs.pk)

    with pytest.raises(Recipe.DoesNotExist):
        favorites.favorite_set(user=user, recipe_id=theirs.pk)
    with pytest.raises(Recipe.DoesNotExist):
        favorites.favorite_unset(user=user, recipe_id=theirs.pk)
    assert Favorite.objects.filter(user=other_user, recipe=theirs).exists()
    assert not Favorite.objects.filter(user=user).exists()
