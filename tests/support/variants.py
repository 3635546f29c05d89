"""The prompt variants the site ships, taken from the migration that installs them."""

from __future__ import annotations

import importlib
from typing import Any

from core.models import PromptVariant

SHIPPED: list[dict[str, Any]] = importlib.import_module(
    "core.migrations.0008_shipped_prompt_variants"
).SHIPPED


def install_shipped_variants() -> None:
    """Put back the shipped variants when a flush removed them (a no-op otherwise)."""
    if PromptVariant.objects.exists():
        return
    PromptVariant.objects.bulk_create(PromptVariant(**fields) for fields in SHIPPED)


def shipped(name: str) -> PromptVariant:
    """The shipped variant called `name` ("recipes", "vision-compact")."""
    version = next(f["version"] for f in SHIPPED if f["name"] == name)
    return PromptVariant.objects.get(name=name, version=version)
