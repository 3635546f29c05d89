"""What a prompt variant costs and how its replies read, case by case.

A case is the inputs of one request and a reply: a recorded one (the set in
tests/fixtures/model_replies/) or one a real Ollama gives now. Each reply is read as the site reads
it: validated against the reply schema, else unwrapped locally (integrations.ollama.salvage), else
it would need the repair round. Recipes are put through the safety check, recognised names are
compared with the photo's labels.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic import ValidationError

import safety
from core.models import PromptVariant
from core.prompt_variants import messages
from fake_ollama.tokens import count_tokens
from integrations.ollama.salvage import salvage
from recipes import prompts as recipe_prompts
from recipes.schemas import RecipesReply
from recipes.schemas import recipes_reply_schema
from recipes.variant_signals import name_key
from vision import prompts as vision_prompts
from vision.schemas import VisionReply

RECORDED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "model_replies"
# Which reply of a recorded case answers which shipped variant.
RECORDED_REPLY = {
    "recipes": "v1",
    "vision": "v1",
    "recipes-compact": "compact",
    "vision-compact": "compact",
}


@dataclass
class Tally:
    """One variant's totals over a set of cases."""

    label: str
    cases: int = 0
    prompt_tokens: int = 0  # the estimate, over what the variant sends
    reply_tokens: int = 0
    model_prompt_tokens: list[int] = field(default_factory=list)  # Ollama's own counts, live only
    model_reply_tokens: list[int] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)
    valid: int = 0
    salvaged: int = 0
    needs_repair: int = 0
    withheld: int = 0
    recipes: int = 0
    found: int = 0
    listed: int = 0
    labels: int = 0
    count_error: int = 0

    @property
    def readable(self) -> int:
        return self.valid + self.salvaged


def read_reply(schema: type[BaseModel], text: str) -> tuple[str, Any]:
    """("valid" | "salvaged" | "needs_repair", the reply or None), as the site would read it."""
    try:
        return "valid", schema.model_validate_json(text)
    except ValidationError:
        unwrapped = salvage(text)
        if unwrapped is None:
            return "needs_repair", None
        try:
            return "salvaged", schema.model_validate_json(unwrapped)
        except ValidationError:
            return "needs_repair", None


def recipe_messages(variant: PromptVariant, case: dict[str, Any]) -> list[dict[str, Any]]:
    ask = case["ask"]
    rules = safety.rules_for(
        allergies=ask["preferences"].get("allergies", []),
        diet=ask["preferences"].get("diet", ""),
    )
    groups = sorted(
        {f.family.label_en for r in rules.allergies for f in r.families}, key=str.casefold
    )
    facts = recipe_prompts.context(
        ingredients=ask["ingredients"],
        must_use=ask.get("must_use", []),
        count=ask["count"],
        max_minutes=ask.get("max_minutes"),
        cuisine=ask.get("cuisine", ""),
        language=case["language"],
        preferences=ask["preferences"],
        allergen_groups=groups,
    )
    return messages(variant, facts)


def vision_messages(variant: PromptVariant, language: str, image_b64: str) -> list[dict[str, Any]]:
    return messages(variant, vision_prompts.context(language), images=[image_b64])


def add_recipes(tally: Tally, case: dict[str, Any], reply_text: str) -> None:
    ask = case["ask"]
    tally.reply_tokens += count_tokens(reply_text)
    state, reply = read_reply(recipes_reply_schema(ask["count"]), reply_text)
    setattr(tally, state, getattr(tally, state) + 1)
    if isinstance(reply, RecipesReply):
        rules = safety.rules_for(
            allergies=ask["preferences"].get("allergies", []),
            diet=ask["preferences"].get("diet", ""),
        )
        for draft in reply.recipes:
            tally.recipes += 1
            tally.withheld += bool(safety.draft_conflicts(draft, rules))


def add_vision(tally: Tally, labels: list[str], reply_text: str) -> None:
    tally.reply_tokens += count_tokens(reply_text)
    state, reply = read_reply(VisionReply, reply_text)
    setattr(tally, state, getattr(tally, state) + 1)
    if isinstance(reply, VisionReply):
        seen = {name_key(i.name) for i in reply.ingredients}
        truth = {name_key(n) for n in labels}
        tally.found += len(seen & truth)
        tally.listed += len(seen)
        tally.labels += len(truth)
        tally.count_error += abs(len(seen) - len(truth))


def prompt_size(chat: list[dict[str, Any]]) -> int:
    """The estimate of what a conversation costs in prompt tokens (images not counted)."""
    return sum(count_tokens(m["content"]) for m in chat)


def recorded_cases(kind: str, folder: Path = RECORDED) -> list[dict[str, Any]]:
    path = folder / f"{kind}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def replay(variant: PromptVariant, cases: list[dict[str, Any]]) -> Tally:
    """A shipped variant over the recorded set: its prompts rendered now, the recorded replies."""
    reply_key = RECORDED_REPLY[variant.name]
    tally = Tally(label=variant.label)
    for case in cases:
        tally.cases += 1
        text = case["replies"][reply_key]
        if variant.kind == PromptVariant.Kind.RECIPES:
            tally.prompt_tokens += prompt_size(recipe_messages(variant, case))
            add_recipes(tally, case, text)
        else:
            tally.prompt_tokens += prompt_size(vision_messages(variant, case["language"], ""))
            add_vision(tally, case["labels"], text)
    return tally
