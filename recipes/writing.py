"""Writing recipes: ask the text model, and save each recipe the moment it is written.

The reply (`{"recipes": [...]}`, recipes/schemas.py) is read while it streams with pydantic's
own partial JSON (`pydantic_core.from_json(..., allow_partial=True)`). A recipe is complete
when the next one has begun or the array has closed; it is then validated (RecipeDraft),
checked against the profile (safety) and, if it passes, saved at once as a Recipe of the
running generation, so the page and the API show it while the next one is being written.

When the reply has ended the gateway validates it whole and asks once for a repair; recipes
already handled from a valid beginning of the first reply are not handled again from the
repaired one, so nothing is saved twice. Every save is conditional on the job still running:
after a cancel nothing more is written, and the save that finds the job cancelled stops the
stream.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from pydantic import ValidationError
from pydantic_core import from_json

import safety
from core import metrics
from core.job_progress import ModelProgress
from core.jobs import ErrorCode
from core.jobs import Stage
from core.jobs import job_check_cancelled
from core.jobs import job_fail
from core.jobs import job_succeed
from core.jobs import job_write_while_running
from core.model_calls import CallRecord
from core.prompt_variants import job_variant
from core.prompt_variants import messages
from core.single_flight import job_follow
from integrations.ollama.streaming import StreamProgress
from integrations.ollama.structured import chat_structured
from recipes import prompts
from recipes.drafts import recipe_from_draft
from recipes.models import Generation
from recipes.schemas import RecipeDraft
from recipes.schemas import recipes_reply_schema
from recipes.services import breaks_profile
from recipes.services import copy_recipes
from recipes.services import profile_rules
from recipes.services import refresh_preferences

logger = logging.getLogger(__name__)

# Characters a recipe usually takes, for progress while the model-call log is still empty.
CHARS_PER_RECIPE = 1800


def _closed(text: str) -> bool:
    """Has the reply closed its array of recipes? (The whole object, or all but its brace.)"""
    for tail in ("", "}"):
        try:
            from_json(text + tail)
        except ValueError:
            continue
        return True
    return False


class RecipeStream:
    """The recipes of one round's replies, each handed to `take` once, in order.

    `need` bounds how many one reply may hand on (a reply with one too many is repaired by the
    gateway, not saved in full). A recipe that fails validation ends what this reply hands on:
    the gateway will ask for the reply again, and its repair continues from there.
    """

    def __init__(self, *, need: int, take: Callable[[RecipeDraft], None]) -> None:
        self.need = need
        self.take = take
        self.handled = 0
        self._attempt = 0
        self._broken = False

    def on_progress(self, progress: StreamProgress) -> None:
        if progress.attempt != self._attempt:  # a repair's stream starts from its beginning
            self._attempt, self._broken = progress.attempt, False
        piece = progress.piece
        # Only a new item ("{") or a closing array ("]") can complete a recipe.
        if self._broken or ("{" not in piece and "]" not in piece):
            return
        # A model that opens with a code fence or a sentence still streams its recipes: read
        # from the object's first brace (the gateway salvages the whole reply at its end).
        text = progress.text[max(0, progress.text.find("{")) :]
        try:
            data = from_json(text, allow_partial=True)
        except ValueError:
            return  # not JSON: the gateway says so when the reply ends
        items = data.get("recipes") if isinstance(data, dict) else None
        if not isinstance(items, list):
            return
        complete = len(items) if "]" in piece and _closed(text) else len(items) - 1
        self._hand(items[:complete])

    def finish(self, drafts: list[RecipeDraft]) -> None:
        """The validated reply: hand on what its stream had not."""
        self._hand(drafts)

    def _hand(self, items: list[Any]) -> None:
        while self.handled < min(len(items), self.need):
            item = items[self.handled]
            try:
                draft = item if isinstance(item, RecipeDraft) else RecipeDraft.model_validate(item)
            except ValidationError:
                self._broken = True
                return
            self.handled += 1
            self.take(draft)


def _rejection(draft: RecipeDraft, conflicts: list[safety.Conflict], too_long: bool) -> str:
    reasons = [f"{c.kind} {c.name}: {', '.join(c.words[:5])}" for c in conflicts]
    if too_long:
        reasons.append(f"took {draft.total_minutes} minutes")
    return f"{draft.title[:80]} ({'; '.join(reasons)})"


class Writer:
    """What one run of a generation has kept and withheld, and how each recipe is judged."""

    def __init__(self, generation: Generation, prefs: dict[str, Any]) -> None:
        self.generation = generation
        self.prefs = prefs
        self.rules = profile_rules(prefs)
        self.variant = job_variant(generation, kind="recipes")
        self.model = self.variant.model or settings.OLLAMA_TEXT_MODEL
        if generation.prompt_version != self.variant.label:
            generation.prompt_version = self.variant.label
            Generation.objects.filter(pk=generation.pk).update(prompt_version=self.variant.label)
        # Recipes saved by an earlier run (before a retry or a cancel) count: none is written
        # twice, and only the missing ones are asked for.
        self.kept: list[str] = list(
            generation.recipes.order_by("position", "id").values_list("title", flat=True)
        )
        self.rejected: list[str] = []

    def take(self, draft: RecipeDraft) -> None:
        """Withhold a recipe that breaks the profile; save any other at once."""
        generation = self.generation
        conflicts = safety.draft_conflicts(draft, self.rules)
        too_long = bool(generation.max_minutes and draft.total_minutes > generation.max_minutes)
        if conflicts or too_long:
            logger.warning(
                "recipe withheld",
                extra={
                    "job_id": generation.pk,
                    "violations": [c.as_dict() for c in conflicts],
                    "too_long": too_long,
                },
            )
            metrics.RECIPES_WITHHELD.inc()
            self.rejected.append(_rejection(draft, conflicts, too_long))
            return
        if len(self.kept) >= generation.count:
            return
        recipe = recipe_from_draft(
            generation=generation, draft=draft, position=len(self.kept), model=self.model
        )
        if not job_write_while_running(job=generation, write=recipe.save):
            job_check_cancelled(generation)  # cancelled: JobStopped closes the stream
            return
        self.kept.append(recipe.title)
        metrics.RECIPES_CREATED.inc()

    def ask(self, *, need: int, progress: ModelProgress) -> None:
        """One round: ask for `need` recipes and take each as it is written."""
        generation = self.generation
        groups = sorted(
            {f.family.label_en for r in self.rules.allergies for f in r.families},
            key=str.casefold,
        )
        facts = prompts.context(
            ingredients=generation.ingredients,
            must_use=generation.must_use,
            count=need,
            max_minutes=generation.max_minutes,
            cuisine=generation.cuisine,
            language=generation.language,
            preferences=self.prefs,
            allergen_groups=groups,
            rejected=self.rejected,
            keep_apart=list(self.kept),
        )
        stream = RecipeStream(need=need, take=self.take)

        def on_progress(update: StreamProgress) -> None:
            stream.on_progress(update)
            progress(update)

        progress.start()
        reply = chat_structured(
            model=self.model,
            messages=messages(self.variant, facts),
            schema=recipes_reply_schema(need),
            record=CallRecord(
                purpose="recipes",
                prompt_version=self.variant.label,
                prompt_variant_id=self.variant.pk,
                generation_id=generation.pk,
                attempt=generation.attempts,
            ),
            options=self.variant.options or None,
            on_progress=on_progress,
        )
        stream.finish(list(reply.recipes))


def _round_progress(
    generation: Generation, writer: Writer, *, first: bool, need: int
) -> ModelProgress:
    """The progress of one round: the first writes the recipes and says which one it is at
    ("recipe 2 of 3"), a later one replaces those that broke the person's rules."""
    if not first:
        return ModelProgress(
            generation,
            low=90,
            high=97,
            stage=Stage.REPLACING_RECIPES,
            units=need,
            default_chars_per_unit=CHARS_PER_RECIPE,
        )
    return ModelProgress(
        generation,
        low=5,
        high=90,
        stage=Stage.WRITING_RECIPES,
        params=lambda: {"done": len(writer.kept), "total": generation.count},
        units=need,
        default_chars_per_unit=CHARS_PER_RECIPE,
    )


def generation_run(generation: Generation) -> None:
    """Ask the text model for recipes, withhold any that break the profile, save the rest as
    they are written.

    When the check withholds some, the model is asked again for the missing number (at most
    RECIPE_REPLACEMENT_ROUNDS times), told what was wrong; the person gets the count they
    asked for, or what passed with a plain note, or a plain failure when nothing did.
    """
    prefs = refresh_preferences(generation)
    leader = job_follow(job=generation)
    if leader is not None and leader.recipes.exists() and not breaks_profile(leader, prefs):

        def copy() -> None:
            copy_recipes(generation=generation, earlier=leader)
            Generation.objects.filter(pk=generation.pk).update(
                model_name=leader.model_name,
                dropped_unsafe=leader.dropped_unsafe,
                prompt_variant=leader.prompt_variant_id,
                prompt_version=leader.prompt_version,
            )

        job_succeed(job=generation, stage=Stage.DONE_JOINED, write=copy)
        return
    if leader is not None:
        Generation.objects.filter(pk=generation.pk).update(reused_from=None)
    writer = Writer(generation, prefs)
    rounds = 1 + max(0, settings.RECIPE_REPLACEMENT_ROUNDS)
    for round_no in range(rounds):
        need = generation.count - len(writer.kept)
        if need <= 0:
            break
        progress = _round_progress(generation, writer, first=round_no == 0, need=need)
        writer.ask(need=need, progress=progress)
    kept = len(writer.kept)
    if not kept:
        job_fail(job=generation, code=ErrorCode.NO_SAFE_RECIPES)
        return

    def write() -> None:
        Generation.objects.filter(pk=generation.pk).update(
            dropped_unsafe=generation.count - kept, model_name=writer.model
        )

    job_succeed(job=generation, write=write)
