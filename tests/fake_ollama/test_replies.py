"""What the simulated models answer when nothing is scripted (`fake_ollama.replies` and the
canned recipes, schema fitting and token splitting behind it)."""

from __future__ import annotations

import json
from typing import Literal

import ollama
from pydantic import BaseModel
from pydantic import Field
from pydantic import create_model

from fake_ollama.schema_fit import fit_to_schema
from fake_ollama.tokens import split_tokens
from tests.fake_ollama.conftest import PHOTO
from tests.fake_ollama.conftest import ask
from tests.fake_ollama.conftest import recipe_prompt


class Ingredient(BaseModel):
    name: str = Field(min_length=1, max_length=80)
    quantity: float | None = Field(default=None, ge=0)
    unit: str = ""
    have: bool = False


class Nutrition(BaseModel):
    kcal: int = Field(ge=0)
    protein_g: float = Field(ge=0)
    fat_g: float = Field(ge=0)
    carbs_g: float = Field(ge=0)


class Recipe(BaseModel):
    title: str = Field(min_length=1, max_length=200)
    description: str = ""
    cuisine: str = ""
    total_minutes: int = Field(ge=1, le=1440)
    difficulty: Literal["easy", "medium", "hard"]
    servings: int = Field(ge=1, le=24)
    ingredients: list[Ingredient] = Field(min_length=1)
    steps: list[str] = Field(min_length=1)
    nutrition: Nutrition
    tips: list[str] = Field(default_factory=list)


def recipes_schema(count: int) -> type[BaseModel]:
    """The same construction the app uses: exactly `count` recipes via minItems/maxItems."""
    return create_model(
        f"Recipes{count}", recipes=(list[Recipe], Field(min_length=count, max_length=count))
    )


class Seen(BaseModel):
    name: str = Field(min_length=1)
    confidence: float = Field(ge=0, le=1)


class VisionReply(BaseModel):
    ingredients: list[Seen]


def test_default_recipes_validate_against_the_requested_schema(client: ollama.Client) -> None:
    schema = recipes_schema(4)
    prompt = recipe_prompt("tomato", "eggs", "cheddar cheese", max_minutes=25)
    reply = ask(client, prompt, format=schema.model_json_schema(), stream=False)
    recipes = schema.model_validate_json(reply.message.content or "").recipes  # type: ignore[attr-defined]
    assert len(recipes) == 4
    assert len({r.title for r in recipes}) == 4
    assert recipes[0].title == "Tomato and eggs skillet"
    for recipe in recipes:
        assert recipe.total_minutes <= 25
        assert recipe.servings == 3
        have = {i.name for i in recipe.ingredients if i.have}
        assert have <= {"tomato", "eggs", "cheddar cheese"}
        assert any(not i.have for i in recipe.ingredients)


def test_without_a_count_in_the_schema_three_recipes_come_back(client: ollama.Client) -> None:
    reply = json.loads(ask(client, recipe_prompt("rice"), format="json").message.content or "")
    assert len(reply["recipes"]) == 3


def test_the_recipes_are_of_the_cuisine_the_prompt_prefers(client: ollama.Client) -> None:
    prompt = recipe_prompt("rice") + "\nPreferred cuisine:\n<cuisine>\n- Thai\n</cuisine>"
    reply = json.loads(ask(client, prompt, format="json").message.content or "")
    assert {r["cuisine"] for r in reply["recipes"]} == {"Thai"}
    assert "Thai dish" in reply["recipes"][0]["description"]


def test_a_photo_gets_the_vision_reply(client: ollama.Client) -> None:
    reply = client.chat(
        model="qwen2.5vl:7b",
        messages=[{"role": "user", "content": "What is in this fridge?", "images": [PHOTO]}],
        format=VisionReply.model_json_schema(),
    )
    seen = VisionReply.model_validate_json(reply.message.content or "").ingredients
    assert [s.name for s in seen][:2] == ["tomato", "eggs"]
    assert all(0 <= s.confidence <= 1 for s in seen)
    assert (reply.prompt_eval_count or 0) > 700  # a photo costs hundreds of tokens


def test_schema_fitting_fills_required_fields_and_respects_bounds() -> None:
    schema = {
        "type": "object",
        "additionalProperties": False,
        "required": ["items", "label", "score"],
        "properties": {
            "items": {
                "type": "array",
                "minItems": 2,
                "maxItems": 2,
                "items": {"$ref": "#/$defs/I"},
            },
            "label": {"type": "string", "maxLength": 3},
            "score": {"anyOf": [{"type": "integer", "maximum": 5}, {"type": "null"}]},
        },
        "$defs": {
            "I": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"enum": ["a", "b"]}},
            }
        },
    }
    fitted = fit_to_schema(
        {"items": [{"kind": "z"}], "label": "longer", "score": 9, "x": 1}, schema
    )
    assert fitted == {"items": [{"kind": "a"}, {"kind": "a"}], "label": "lon", "score": 5}


def test_tokens_join_back_into_the_reply() -> None:
    text = '{"title": "Щи", "note": "日本語", "kcal": 12345}\n  '
    assert "".join(split_tokens(text)) == text
