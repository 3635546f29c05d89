"""What a recipe prompt is made of: the context a prompt variant's templates are rendered over.

The words are the variant's (core.prompt_variants, edited in the admin); this module only
gathers the facts. Everything a person typed (ingredients, allergies, dislikes, the cuisine) is
data, never instructions: the variant puts it inside delimited blocks and the rendering strips
the characters that could close them. So does what the check found wrong in an earlier reply,
since it quotes the model's own words back.

The variables (docs/prompt-lab.md): ingredients, must_use, diet ("" for none), allergies,
allergen_groups, dislikes, max_minutes, skill_level, servings, cuisine, favorite_cuisines,
rejected, keep_apart, count, language (its English name: "Russian") and language_code ("ru").
"""

from __future__ import annotations

from typing import Any

from core.languages import english_name


def context(
    *,
    ingredients: list[str],
    must_use: list[str],
    count: int,
    max_minutes: int | None,
    cuisine: str,
    language: str,
    preferences: dict[str, Any],
    allergen_groups: list[str] | None = None,
    rejected: list[str] | None = None,
    keep_apart: list[str] | None = None,
) -> dict[str, Any]:
    """The facts of one request. `allergen_groups` names what the allergies stand for in English
    ("Peanuts", "Milk"); `rejected` says what was wrong with recipes already discarded, and
    `keep_apart` lists the titles already kept, so that replacements differ from them."""
    diet = preferences.get("diet") or "none"
    return {
        "ingredients": list(ingredients),
        "must_use": list(must_use),
        "diet": "" if diet == "none" else diet,
        "allergies": list(preferences.get("allergies") or []),
        "allergen_groups": list(allergen_groups or []),
        "dislikes": list(preferences.get("disliked_ingredients") or []),
        "max_minutes": max_minutes or None,
        "skill_level": preferences.get("skill_level", "beginner"),
        "servings": int(preferences.get("servings", 2) or 2),
        "cuisine": cuisine,
        "favorite_cuisines": list(preferences.get("favorite_cuisines") or [])
        if not cuisine
        else [],
        "rejected": list(rejected or []),
        "keep_apart": list(keep_apart or []),
        "count": count,
        "language": english_name(language),
        "language_code": language,
    }
