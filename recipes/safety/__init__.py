"""Hard checks on recipes: an allergen or a diet violation is never shown as something to cook.

Public entry points: `rules_for` (a profile's allergies and diet, resolved against the food
vocabulary), `draft_conflicts` (a reply from the model) and `recipe_conflicts` (a stored recipe,
checked again against the profile as it is now), `describe_allergies` (what each allergy is
checked against, for the profile page). How and with which data: docs/safety.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recipes.safety.check import (
    Conflict,
    Rule,
    SafetyRules,
    conflicts_in,
    recipe_fields,
    resolve_allergy,
    rules_for,
)
from recipes.safety.coverage import AllergyCoverage, DietCoverage, describe_allergies, describe_diet

if TYPE_CHECKING:
    from recipes.models import Recipe
    from recipes.schemas import RecipeDraft

__all__ = [
    "AllergyCoverage",
    "Conflict",
    "DietCoverage",
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


def draft_conflicts(draft: RecipeDraft, rules: SafetyRules) -> list[Conflict]:
    """What a recipe the model wrote breaks; empty when it may be shown."""
    return conflicts_in(
        recipe_fields(
            title=draft.title,
            description=draft.description,
            cuisine=draft.cuisine,
            ingredients=[i.model_dump() for i in draft.ingredients],
            steps=draft.steps,
            tips=draft.tips,
        ),
        rules,
    )


def recipe_conflicts(recipe: Recipe, rules: SafetyRules) -> list[Conflict]:
    """What a stored recipe breaks in the profile as it is now."""
    return conflicts_in(
        recipe_fields(
            title=recipe.title,
            description=recipe.description,
            cuisine=recipe.cuisine,
            ingredients=recipe.ingredients if isinstance(recipe.ingredients, list) else [],
            steps=recipe.steps if isinstance(recipe.steps, list) else [],
            tips=recipe.tips if isinstance(recipe.tips, list) else [],
        ),
        rules,
    )
