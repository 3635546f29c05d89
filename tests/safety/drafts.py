"""The recipe a case is checked in, validated as the model's reply is."""

from __future__ import annotations

from recipes.schemas import RecipeDraft
from safety.cases import recipe_with


def draft_with(field: str, text: str, language: str) -> RecipeDraft:
    """A valid recipe in `language` with `text` in exactly one `field`, neutral text elsewhere."""
    return RecipeDraft.model_validate(recipe_with(field, text, language))
