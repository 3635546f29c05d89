"""Gateway helpers: a small reply schema and one structured call of the text model with it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from core.model_calls import CallRecord
from integrations.ollama.structured import chat_structured


class Pair(BaseModel):
    name: str
    count: int


def ask(record: CallRecord | None = None, **kwargs: Any) -> Pair:
    return chat_structured(
        model="mistral",
        messages=[{"role": "user", "content": "two apples"}],
        schema=Pair,
        record=record or CallRecord(purpose="recipes", prompt_version="t-1"),
        **kwargs,
    )
