"""The reply the text model must give (sent as the `format` JSON schema, then validated)."""

from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import create_model


class RecipeIngredient(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=80)
    # The same ingredient named in English whatever the recipe's language: a second net for
    # the allergen check (never the only one; the model's own labels are not trusted alone).
    name_en: str = Field(default="", max_length=80)
    quantity: float | None = Field(default=None, ge=0, le=100000)
    unit: str = Field(default="", max_length=30)
    note: str = Field(default="", max_length=120)
    have: bool = False


class Nutrition(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kcal: int = Field(ge=0, le=10000)
    protein_g: float = Field(ge=0, le=1000)
    fat_g: float = Field(ge=0, le=1000)
    carbs_g: float = Field(ge=0, le=1000)


class RecipeDraft(BaseModel):
    model_config = ConfigDict(extra="ignore")

    title: str = Field(min_length=1, max_length=200)
    description: str = Field(default="", max_length=2000)
    cuisine: str = Field(default="", max_length=60)
    total_minutes: int = Field(ge=1, le=1440)
    difficulty: Literal["easy", "medium", "hard"]
    servings: int = Field(ge=1, le=24)
    ingredients: list[RecipeIngredient] = Field(min_length=1, max_length=40)
    steps: list[str] = Field(min_length=1, max_length=30)
    nutrition: Nutrition
    tips: list[str] = Field(default_factory=list, max_length=10)


class RecipesReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    recipes: list[RecipeDraft]


def recipes_reply_schema(count: int) -> type[RecipesReply]:
    """A reply model that asks for exactly `count` recipes (minItems/maxItems in the schema)."""
    return create_model(
        f"RecipesReply{count}",
        __base__=RecipesReply,
        recipes=(list[RecipeDraft], Field(min_length=count, max_length=count)),
    )
