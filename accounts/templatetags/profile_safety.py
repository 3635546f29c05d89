"""`{% allergy_coverage allergies diet %}`: what each allergy and the diet are checked against."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation

import safety

register = template.Library()


@register.inclusion_tag("accounts/_allergy_coverage.html")
def allergy_coverage(allergies: list[str], diet: str) -> dict[str, Any]:
    """The profile page's plain account of what each allergy and the diet are checked against."""
    language = translation.get_language()
    items = safety.describe_allergies([str(a) for a in allergies or []], language=language)
    return {
        "items": items,
        "diet": safety.describe_diet(diet, language=language),
    }
