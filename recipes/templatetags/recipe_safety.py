"""`{% recipe_conflicts recipe as conflicts %}`: what a recipe breaks in the profile today.

The rules are read once per request (kept on the request), however many recipes a page shows.
"""

from __future__ import annotations

from typing import Any

from django import template

import safety
from accounts.models import Diet
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


@register.filter
def diet_label(code: str) -> str:
    """A diet's name in the reader's language ("vegan" → "Vegan" / "Веганское")."""
    try:
        return str(Diet(code).label)
    except ValueError:
        return code
