"""The reply the vision model must give (sent as the `format` JSON schema, then validated)."""

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field


class RecognisedIngredient(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=80)
    confidence: float = Field(ge=0, le=1)


class VisionReply(BaseModel):
    model_config = ConfigDict(extra="ignore")

    ingredients: list[RecognisedIngredient] = Field(max_length=60)
