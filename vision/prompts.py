"""Prompt text for ingredient recognition. Bump VERSION whenever the wording changes.

The names come back in the language the scan was made in (the profile's), so that they read
as the person's own words on the scan page and in the recipes written from them.
"""

import base64
from typing import Any

from core.languages import english_name

VERSION = "vision-v2"

# Examples in the language asked for: a model copies their form (short, generic, lower case).
EXAMPLES = {
    "en": "'eggs', 'red bell pepper', 'cheddar cheese'",
    "ru": "'яйца', 'красный болгарский перец', 'сыр чеддер'",
}


def system(language: str) -> str:
    lang = english_name(language)
    examples = EXAMPLES.get(language, EXAMPLES["en"])
    return (
        "You identify food ingredients in photos of fridges, shelves and tables of groceries. "
        f"List each distinct edible ingredient you can see, with a short generic name in {lang} "
        f"(for example {examples}) and your confidence from 0 to 1. "
        "Do not list containers, appliances or non-food items. Do not guess what is hidden. "
        f"Write every name in {lang}. Reply with JSON only."
    )


def user(language: str) -> str:
    return f"What food ingredients are in this photo? Name them in {english_name(language)}."


def messages(image: bytes, *, language: str) -> list[dict[str, Any]]:
    """The conversation that asks the vision model what is in `image` (already sized for it),
    with the names in `language` (a code of settings.LANGUAGES)."""
    return [
        {"role": "system", "content": system(language)},
        {
            "role": "user",
            "content": user(language),
            "images": [base64.b64encode(image).decode("ascii")],
        },
    ]
