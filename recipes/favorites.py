"""Favourites: the recipes a cook keeps.

Every function takes the acting `user` and refuses anything that is not theirs with the model's
DoesNotExist, so callers answer 404 and never reveal that someone else's row exists.
"""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from core import metrics
from core.ids import parse_id
from recipes.models import Favorite
from recipes.models import Recipe


def _own_recipe(*, user: User, recipe_id: object) -> Recipe:
    pk = parse_id(recipe_id)
    if pk is None:
        raise Recipe.DoesNotExist
    return Recipe.objects.only("id", "user_id").get(pk=pk, user=user)


def favorite_set(*, user: User, recipe_id: object) -> tuple[Favorite, bool]:
    """Keep a recipe; keeping it twice changes nothing and reports created=False."""
    recipe = _own_recipe(user=user, recipe_id=recipe_id)
    with transaction.atomic():
        favorite, created = Favorite.objects.get_or_create(user=user, recipe=recipe)
        if created:
            transaction.on_commit(metrics.FAVORITES_ADDED.inc)
    return favorite, created


def favorite_unset(*, user: User, recipe_id: object) -> bool:
    """Stop keeping a recipe; True when a favourite was removed, False when there was none."""
    recipe = _own_recipe(user=user, recipe_id=recipe_id)
    deleted, _ = Favorite.objects.filter(user=user, recipe=recipe).delete()
    return deleted > 0
