"""`{% recipe_conflicts recipe as conflicts %}`: what a recipe breaks in the profile today.

The rules are read once per request (kept on the request), however many recipes a page shows.
"""

from __future__ import annotations

from typing import Any

from django import template

from recipes import safety
from recipes.models import Recipe
from recipes.selectors import safety_rules_for

register = template.Library()

_ATTR = "_chef_safety_rules"


@register.simple_tag(takes_context=True)
def recipe_conflicts(context: dict[str, Any], recipe: Recipe) -> list[safety.Conflict]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return []
    rules = getattr(request, _ATTR, None)
    if rules is None:
        rules = safety_rules_for(user=user)
        setattr(request, _ATTR, rules)
    return safety.recipe_conflicts(recipe, rules)


@register.inclusion_tag("recipes/_allergy_coverage.html")
def allergy_coverage(allergies: list[str], diet: str) -> dict[str, Any]:
    """The profile page's plain account of what each allergy and the diet are checked against."""
    items = safety.describe_allergies([str(a) for a in allergies or []], language="en")
    return {
        "items": items,
        "diet": safety.describe_diet(diet, language="en"),
    }
