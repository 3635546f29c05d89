"""Prompt text for ingredient recognition. Bump VERSION whenever the wording changes."""

import base64
from typing import Any

VERSION = "vision-v1"

SYSTEM = (
    "You identify food ingredients in photos of fridges, shelves and tables of groceries. "
    "List each distinct edible ingredient you can see, with a short generic name in English "
    "(for example 'eggs', 'red bell pepper', 'cheddar cheese') and your confidence from 0 to 1. "
    "Do not list containers, appliances or non-food items. Do not guess what is hidden. "
    "Reply with JSON only."
)

USER = "What food ingredients are in this photo?"


def messages(image: bytes) -> list[dict[str, Any]]:
    """The conversation that asks the vision model what is in `image` (already sized for it)."""
    return [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": USER, "images": [base64.b64encode(image).decode("ascii")]},
    ]
