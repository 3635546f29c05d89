"""Hard checks on recipes: an allergen or a diet violation is never shown as something to cook.

A package of its own, below the apps: recipes checks with it, the profile page describes it.

Public entry points: `rules_for` (a profile's allergies and diet, resolved against the food
vocabulary), `draft_conflicts` (a reply from the model) and `recipe_conflicts` (a stored recipe,
checked again against the profile as it is now), `describe_allergies` (what each allergy is
checked against, for the profile page). How and with which data: docs/safety.md.
"""

from __future__ import annotations

from typing import Any
from typing import Protocol

from safety.check import Conflict
from safety.check import Rule
from safety.check import SafetyRules
from safety.check import conflicts_in
from safety.check import recipe_fields
from safety.check import resolve_allergy
from safety.check import rules_for
from safety.coverage import AllergyCoverage
from safety.coverage import DietCoverage
from safety.coverage import describe_allergies
from safety.coverage import describe_diet

__all__ = [
    "AllergyCoverage",
    "Conflict",
    "DietCoverage",
    "RecipeLike",
    "Rule",
    "SafetyRules",
    "conflicts_in",
    "describe_allergies",
    "describe_diet",
    "draft_conflicts",
    "recipe_conflicts",
    "resolve_allergy",
    "rules_for",
]


class RecipeLike(Protocol):
    """A reply of the model (a RecipeDraft) or a stored Recipe: what the check reads of either."""

    title: str
    description: str
    cuisine: str
    ingredients: Any
    steps: Any
    tips: Any


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def recipe_conflicts(recipe: RecipeLike, rules: SafetyRules) -> list[Conflict]:
    """What a recipe breaks in the profile (as it is now); empty when it may be shown."""
    ingredients = [
        item.model_dump() if hasattr(item, "model_dump") else item
        for item in _as_list(recipe.ingredients)
    ]
    return conflicts_in(
        recipe_fields(
            title=recipe.title,
            description=recipe.description,
            cuisine=recipe.cuisine,
            ingredients=ingredients,
            steps=_as_list(recipe.steps),
            tips=_as_list(recipe.tips),
        ),
        rules,
    )


# A reply of the model is checked exactly like a stored recipe.
draft_conflicts = recipe_conflicts
