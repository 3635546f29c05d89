"""A recipe the model wrote (a RecipeDraft) becomes a Recipe row of the person who asked."""

from __future__ import annotations

from recipes.models import Generation
from recipes.models import Recipe
from recipes.schemas import RecipeDraft

PANTRY_STAPLES = {"salt", "pepper", "black pepper", "water", "oil", "olive oil", "sugar"}


def _norm(name: str) -> str:
    word = " ".join(name.casefold().split())
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _matches(name: str, have: set[str]) -> bool:
    key = _norm(name)
    return any(key == h or key in h or h in key for h in have if len(h) > 2)


def recipe_from_draft(
    *, generation: Generation, draft: RecipeDraft, position: int, model: str
) -> Recipe:
    have = {_norm(n) for n in generation.ingredients}
    ingredients = [
        {
            "name": i.name,
            "name_en": i.name_en,
            "quantity": i.quantity,
            "unit": i.unit,
            "note": i.note,
            "have": _matches(i.name, have) or (i.have and _norm(i.name) in PANTRY_STAPLES),
        }
        for i in draft.ingredients
    ]
    steps = [" ".join(s.split()) for s in draft.steps if s.strip()]
    return Recipe(
        user=generation.user,
        generation=generation,
        position=position,
        title=draft.title.strip(),
        description=draft.description.strip(),
        cuisine=draft.cuisine.strip()[:60],
        total_minutes=draft.total_minutes,
        difficulty=draft.difficulty,
        servings=draft.servings,
        ingredients=ingredients,
        steps=steps,
        nutrition=draft.nutrition.model_dump(),
        tips=[t.strip() for t in draft.tips if t.strip()],
        language=generation.language,
        model_name=model,
        prompt_version=generation.prompt_version,
        prompt_variant_id=generation.prompt_variant_id,
        search_text=" ".join([draft.title, *(i.name for i in draft.ingredients)]).casefold(),
    )
