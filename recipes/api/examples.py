"""Tags and example bodies of the recipe endpoints' OpenAPI documentation."""

from __future__ import annotations

from typing import Any

GENERATIONS = ["generations"]

RECIPES = ["recipes"]

RECIPE_EXAMPLE: dict[str, Any] = {
    "id": 314,
    "title": "Spinach and cheddar omelette",
    "description": "A soft omelette with wilted spinach, ready in fifteen minutes.",
    "cuisine": "french",
    "total_minutes": 15,
    "difficulty": "easy",
    "servings": 2,
    "ingredients": [
        {"name": "eggs", "quantity": 4, "unit": "", "have": True},
        {"name": "spinach", "quantity": 100, "unit": "g", "have": True},
        {"name": "butter", "quantity": 1, "unit": "tbsp", "have": False},
    ],
    "steps": ["Whisk the eggs.", "Wilt the spinach in butter.", "Cook the eggs and fold."],
    "nutrition": {"kcal": 320, "protein_g": 22.0, "fat_g": 24.0, "carbs_g": 3.0},
    "tips": ["Take it off the heat while the top is still soft."],
    "language": "en",
    "model": "mistral",
    "prompt_version": "recipes-v1",
    "created_at": "2025-01-10T18:31:00Z",
    "generation": 21,
    "is_favorite": False,
    "rating_avg": 4.5,
    "rating_count": 2,
    "my_rating": 5,
}

JOB_EXAMPLE: dict[str, Any] = {
    "id": 21,
    "status": "queued",
    "progress": 0,
    "eta_seconds": 45,
    "stage": "Queued",
    "stage_code": "queued",
    "error_code": "",
    "error_message": "",
    "created_at": "2025-01-10T18:30:30Z",
    "started_at": None,
    "finished_at": None,
    "model": "mistral",
    "ingredients": ["eggs", "spinach", "cheddar cheese"],
    "must_use": ["spinach"],
    "count": 3,
    "max_minutes": 30,
    "cuisine": "",
    "scan": 42,
}

GENERATION_EXAMPLE = {
    **JOB_EXAMPLE,
    "status": "succeeded",
    "progress": 100,
    "eta_seconds": None,
    "stage": "Done",
    "stage_code": "done",
    "started_at": "2025-01-10T18:30:31Z",
    "finished_at": "2025-01-10T18:31:00Z",
    "recipes": [RECIPE_EXAMPLE],
}

# The first recipe is there while the next ones are being written.
RUNNING_EXAMPLE = {
    **GENERATION_EXAMPLE,
    "status": "running",
    "progress": 38,
    "eta_seconds": 27,
    "stage": "Writing recipe 2 of 3",
    "stage_code": "writing_recipes",
    "finished_at": None,
}

CANCELLED_EXAMPLE = {
    **RUNNING_EXAMPLE,
    "status": "cancelled",
    "eta_seconds": None,
    "stage": "Cancelled",
    "stage_code": "cancelled",
    "finished_at": "2025-01-10T18:30:50Z",
}

REVIEW_EXAMPLE = {
    "id": 5,
    "recipe": 314,
    "author": "alice",
    "rating": 5,
    "comment": "Quick and the kids loved it.",
    "hidden": False,
    "created_at": "2025-01-11T19:00:00Z",
    "updated_at": "2025-01-11T19:00:00Z",
}

ITEM_EXAMPLE = {
    "id": 9,
    "name": "butter",
    "quantity": 1.0,
    "unit": "tbsp",
    "checked": False,
    "recipe": 314,
    "recipe_title": "Spinach and cheddar omelette",
    "aisle": "dairy",
    "created_at": "2025-01-11T19:05:00Z",
}
