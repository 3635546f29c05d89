"""What a recognition prompt is made of: the context a prompt variant's templates are rendered
over, and the photo.

The names come back in the language the scan was made in (the profile's), so that they read
as the person's own words on the scan page and in the recipes written from them. The words are
the variant's (core.prompt_variants); the variables are language (its English name) and
language_code.
"""

import base64
from typing import Any

from core.languages import english_name
from core.models import PromptVariant
from core.prompt_variants import messages as variant_messages


def context(language: str) -> dict[str, Any]:
    return {"language": english_name(language), "language_code": language}


def messages(variant: PromptVariant, image: bytes, *, language: str) -> list[dict[str, Any]]:
    """The conversation that asks the vision model what is in `image` (already sized for it),
    with the names in `language` (a code of settings.LANGUAGES)."""
    return variant_messages(
        variant, context(language), images=[base64.b64encode(image).decode("ascii")]
    )
