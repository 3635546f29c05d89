"""Recipe replies of the text model, as the tests and the first-recipe benchmark script them."""

from __future__ import annotations

import json
from typing import Any

from fake_ollama import FakeOllama
from fake_ollama.tokens import split_tokens


def recipe_json(
    title: str, ingredients: list[str], minutes: int = 20, steps: list[str] | None = None
) -> dict[str, Any]:
    return {
        "title": title,
        "description": "Good.",
        "cuisine": "italian",
        "total_minutes": minutes,
        "difficulty": "easy",
        "servings": 2,
        "ingredients": [{"name": n, "quantity": 2, "unit": "", "have": False} for n in ingredients],
        "steps": steps or ["Cook it.", "Eat it."],
        "nutrition": {"kcal": 400, "protein_g": 20, "fat_g": 10, "carbs_g": 50},
        "tips": ["Enjoy."],
    }


def recipes_reply(*titles: str) -> str:
    """A valid reply of the text model: one recipe of tomato and eggs per title."""
    return json.dumps({"recipes": [recipe_json(t, ["tomato", "eggs"]) for t in titles]})


def script_slow_recipes(fake: FakeOllama, *titles: str, seconds: float) -> str:
    """The text model's next reply: these recipes, streamed evenly over about `seconds`."""
    content = recipes_reply(*titles)
    fake.script("chat", content=content, chunk_delay=seconds / len(split_tokens(content)))
    return content
