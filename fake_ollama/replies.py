"""What the simulated models say when a test has not scripted a reply.

The defaults must pass the app's own validation, so that happy-path tests and the offline demo
work with no scripting at all: a reply is built from the prompt (the user's ingredients, the time
limit, the servings, the language it asks for) and then fitted to the JSON schema the request
sends in `format`. Fitting, rather than trusting a hand-written reply, keeps the simulator honest
when the app's reply schemas change: a new required field gets a plausible value instead of a
confusing failure.
"""

from __future__ import annotations

import json
from typing import Any

from . import russian
from .canned_recipes import recipes_reply
from .languages import RUSSIAN
from .languages import asked_language
from .schema_fit import fit_to_schema
from .wire import JSON

VISION_INGREDIENTS: tuple[tuple[str, float], ...] = (
    ("tomato", 0.94),
    ("eggs", 0.91),
    ("cheddar cheese", 0.82),
    ("spinach", 0.77),
    ("milk", 0.7),
)

GENERATE_TEXT = (
    "Whisk the eggs with a splash of milk, wilt the spinach in a hot pan, then fold everything "
    "together with grated cheese for a soft, quick omelette."
)


def default_reply(endpoint: str, body: JSON) -> str:
    """The content the simulated model answers with when no reply was scripted.

    A request carrying images gets the vision reply (a list of ingredients); any other chat
    request, or a generate request with a `format`, gets recipes built from the prompt; a plain
    generate request gets a short text. All of it in the language the conversation asks for.
    """
    text, images = last_user_turn(endpoint, body)
    language = asked_language(conversation(endpoint, body))
    fmt = body.get("format")
    if images:
        reply: Any = vision_reply(language)
    elif endpoint == "generate" and not fmt:
        return russian.GENERATE_TEXT if language == RUSSIAN else GENERATE_TEXT
    else:
        reply = recipes_reply(text, count=recipe_count(fmt), language=language)
    if isinstance(fmt, dict):
        reply = fit_to_schema(reply, fmt)
    return json.dumps(reply, ensure_ascii=False)


def last_user_turn(endpoint: str, body: JSON) -> tuple[str, list[str]]:
    """The text and images of what the user said last: the prompt a model answers."""
    if endpoint == "generate":
        return str(body.get("prompt") or ""), list(body.get("images") or [])
    for message in reversed(body.get("messages") or []):
        if isinstance(message, dict) and message.get("role") == "user":
            return str(message.get("content") or ""), list(message.get("images") or [])
    return "", []


def conversation(endpoint: str, body: JSON) -> list[str]:
    """Every text the model reads: the system prompt and all the turns, not only the last."""
    if endpoint == "generate":
        return [str(body.get("system") or ""), str(body.get("prompt") or "")]
    return [str(m.get("content") or "") for m in body.get("messages") or [] if isinstance(m, dict)]


def vision_reply(language: str = "en") -> JSON:
    seen = russian.VISION_INGREDIENTS if language == RUSSIAN else VISION_INGREDIENTS
    return {"ingredients": [{"name": n, "confidence": c} for n, c in seen]}


def recipe_count(fmt: object) -> int:
    """As many recipes as the schema asks for (minItems on `recipes`), else three."""
    if isinstance(fmt, dict):
        recipes = (fmt.get("properties") or {}).get("recipes") or {}
        if isinstance(recipes.get("minItems"), int) and recipes["minItems"] > 0:
            return int(recipes["minItems"])
    return 3
