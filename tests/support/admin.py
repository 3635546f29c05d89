"""Admin helpers: rows that have no factory of their own, and submitting a changelist action."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from core.jobs import ErrorCode
from core.models import ModelCall
from tests.factories import FavoriteFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.factories import UserFactory


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


def failed_scan(**kwargs: Any) -> Any:
    return ScanFactory(
        failed=True,
        progress=0,
        error_code=ErrorCode.AI_BUSY,
        error_params={"fault": "busy", "service": "photo"},
        **kwargs,
    )


def every_kind_of_row() -> dict[str, tuple[Any, str]]:
    """One row per admin screen, with a text the screen must show for it."""
    cook = UserFactory(username="marta", email="marta@example.com")
    scan = failed_scan(user=cook)
    ScanIngredientFactory(scan=scan, name="aubergine")
    recipe = RecipeFactory(user=cook, title="Baba ganoush")
    review = ReviewFactory(user=cook, recipe=recipe, rating=4, comment="Smoky and good")
    call = model_call(scan=scan, purpose=ModelCall.Purpose.VISION, model="qwen2.5vl:7b")
    return {
        "accounts_user": (cook, "marta@example.com"),
        "vision_scan": (scan, "The photo service is busy right now"),
        "recipes_generation": (recipe.generation, "recipes-v1"),
        "recipes_recipe": (recipe, "Baba ganoush"),
        "recipes_review": (review, "Smoky and good"),
        "recipes_favorite": (FavoriteFactory(recipe=recipe), "Baba ganoush"),
        "recipes_shoppingitem": (ShoppingItemFactory(user=cook, name="tahini"), "tahini"),
        "chef_site_modelcall": (call, "qwen2.5vl:7b"),
    }


def run_action(client: Client, name: str, action: str, objects: list[Any]) -> list[str]:
    """Submit the changelist's action form as a browser would; returns the messages shown."""
    response = client.post(
        reverse(f"admin:{name}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]
