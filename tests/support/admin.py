"""Rows the admin tests need that have no factory of their own."""

from __future__ import annotations

from typing import Any

from core.models import ModelCall


def model_call(**fields: Any) -> ModelCall:
    values: dict[str, Any] = {
        "purpose": ModelCall.Purpose.RECIPES,
        "model": "mistral",
        "prompt_version": "recipes-v1",
        "outcome": ModelCall.Outcome.OK,
        "prompt_eval_count": 400,
        "eval_count": 600,
        "wall_ms": 5200,
        "total_duration_ms": 5100,
        "load_duration_ms": 300,
        **fields,
    }
    return ModelCall.objects.create(**values)
