"""Generation use cases: start a recipe-writing job, run it, retry it, delete it."""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q

import safety
from accounts.models import User
from accounts.services import clean_name_list, default_recipe_count, profile_get
from core import metrics
from core.job_flows import job_create_or_reuse
from core.jobs import (
    ErrorCode,
    JobStatus,
    job_fail,
    job_reset_for_retry,
    job_set_progress,
    job_succeed,
)
from core.model_calls import CallRecord
from core.single_flight import job_follow
from integrations.ollama.structured import chat_structured
from recipes import prompts
from recipes.drafts import recipe_from_draft
from recipes.models import Generation, Recipe
from recipes.schemas import RecipeDraft, recipes_reply_schema
from vision.models import Scan

logger = logging.getLogger(__name__)

# Characters a recipe of this many recipes usually takes; progress follows the stream.
_CHARS_PER_RECIPE = 1800


class GenerationInputError(ValueError):
    def __init__(self, message: str, field: str = "ingredients") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def clean_ingredients(values: list[str] | str) -> list[str]:
    """Trimmed, length-capped, de-duplicated, count-capped ingredient names."""
    if isinstance(values, str):
        values = [v for line in values.splitlines() for v in line.split(",")]
    cleaned = [
        " ".join(str(v).replace("<", " ").replace(">", " ").split())[
            : settings.MAX_INGREDIENT_LENGTH
        ].strip()
        for v in values
    ]
    return clean_name_list(
        [c for c in cleaned if c],
        limit=settings.MAX_INGREDIENTS,
        max_length=settings.MAX_INGREDIENT_LENGTH,
    )


def _preferences(user: User) -> dict[str, Any]:
    profile = profile_get(user=user)
    return {
        "diet": profile.diet,
        "allergies": sorted(profile.allergies, key=str.casefold),
        "disliked_ingredients": sorted(profile.disliked_ingredients, key=str.casefold),
        "favorite_cuisines": profile.favorite_cuisines,
        "skill_level": profile.skill_level,
        "servings": profile.servings,
        "max_minutes": profile.max_minutes,
        "language": profile.language,
    }


def _cache_key(**parts: Any) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def generation_create(
    *,
    user: User,
    ingredients: list[str] | str,
    must_use: list[str] | None = None,
    scan: Scan | None = None,
    count: int | None = None,
    max_minutes: int | None = None,
    cuisine: str = "",
    fresh: bool = False,
) -> Generation:
    names = clean_ingredients(ingredients)
    if not names:
        raise GenerationInputError("Add at least one ingredient.")
    must = [
        m
        for m in clean_ingredients(must_use or [])
        if m.casefold() in {n.casefold() for n in names}
    ]
    count = count or default_recipe_count()
    if not 1 <= count <= 5:
        raise GenerationInputError("Ask for 1 to 5 recipes.", field="count")
    prefs = _preferences(user)
    max_minutes = max_minutes or prefs["max_minutes"]
    if not 5 <= max_minutes <= 480:
        raise GenerationInputError("Maximum time must be 5 to 480 minutes.", field="max_minutes")
    cuisine = " ".join(cuisine.split())[:40]
    if scan is not None and scan.user_id != user.pk:
        raise GenerationInputError("That scan was not found.", field="scan")
    model = settings.OLLAMA_TEXT_MODEL
    key = _cache_key(
        ingredients=sorted(n.casefold() for n in names),
        must_use=sorted(m.casefold() for m in must),
        count=count,
        max_minutes=max_minutes,
        cuisine=cuisine.casefold(),
        prefs=prefs,
        prompt=prompts.VERSION,
        model=model,
    )
    earlier = None
    if not fresh:
        earlier = (
            Generation.objects.filter(
                cache_key=key, status=JobStatus.SUCCEEDED, recipes__isnull=False
            )
            .order_by("-created_at")
            .first()
        )
        if earlier is not None and _breaks_profile(earlier, prefs):
            earlier = None  # the vocabulary learnt a word since: write anew, never reuse

    def build(leader: Generation | None) -> Generation:
        return Generation(
            user=user,
            scan=scan,
            ingredients=names,
            must_use=must,
            count=count,
            max_minutes=max_minutes,
            cuisine=cuisine,
            language=prefs["language"],
            preferences=prefs,
            fresh=fresh,
            cache_key=key,
            prompt_version=prompts.VERSION,
            model_name=model,
            reused_from=leader,
        )

    def copy(generation: Generation, earlier: Generation) -> None:
        generation.save()
        _copy_result(generation=generation, earlier=earlier)

    return job_create_or_reuse(
        model=Generation,
        build=build,
        earlier=earlier,
        copy=copy,
        # "new ideas" means new, not the answer being written
        same=None if fresh else Q(cache_key=key),
    )


def _rules(prefs: dict[str, Any]) -> safety.SafetyRules:
    return safety.rules_for(allergies=prefs.get("allergies", []), diet=prefs.get("diet", ""))


def _breaks_profile(generation: Generation, prefs: dict[str, Any]) -> bool:
    rules = _rules(prefs)
    return bool(rules) and any(safety.recipe_conflicts(r, rules) for r in generation.recipes.all())


def _copy_result(*, generation: Generation, earlier: Generation) -> None:
    _copy_recipes(generation=generation, earlier=earlier)
    Generation.objects.filter(pk=generation.pk).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        stage="Done (same request as before)",
        reused_from=earlier,
        started_at=generation.created_at,
        finished_at=generation.created_at,
        model_name=earlier.model_name,
    )
    generation.refresh_from_db()


def _copy_recipes(*, generation: Generation, earlier: Generation) -> None:
    recipes = list(earlier.recipes.order_by("position"))
    Recipe.objects.bulk_create(
        Recipe(
            user=generation.user,
            generation=generation,
            position=r.position,
            title=r.title,
            description=r.description,
            cuisine=r.cuisine,
            total_minutes=r.total_minutes,
            difficulty=r.difficulty,
            servings=r.servings,
            ingredients=r.ingredients,
            steps=r.steps,
            nutrition=r.nutrition,
            tips=r.tips,
            language=r.language,
            model_name=r.model_name,
            prompt_version=r.prompt_version,
            search_text=r.search_text,
        )
        for r in recipes
    )


def _refresh_preferences(generation: Generation) -> dict[str, Any]:
    """The profile as it is now: a retry or re-run never uses an allergy list gone stale."""
    prefs = _preferences(generation.user)
    if prefs != generation.preferences or prefs["language"] != generation.language:
        Generation.objects.filter(pk=generation.pk).update(
            preferences=prefs, language=prefs["language"]
        )
        generation.preferences = prefs
        generation.language = prefs["language"]
    return prefs


def _rejection(draft: RecipeDraft, conflicts: list[safety.Conflict], too_long: bool) -> str:
    reasons = [f"{c.kind} {c.name}: {', '.join(c.words[:5])}" for c in conflicts]
    if too_long:
        reasons.append(f"took {draft.total_minutes} minutes")
    return f"{draft.title[:80]} ({'; '.join(reasons)})"


def _ask_model(
    *,
    generation: Generation,
    prefs: dict[str, Any],
    rules: safety.SafetyRules,
    count: int,
    rejected: list[str],
    kept: list[RecipeDraft],
    on_progress: Callable[[int], None],
) -> list[RecipeDraft]:
    groups = sorted(
        {f.family.label_en for r in rules.allergies for f in r.families}, key=str.casefold
    )
    prompt = prompts.build_user_prompt(
        ingredients=generation.ingredients,
        must_use=generation.must_use,
        count=count,
        max_minutes=generation.max_minutes,
        cuisine=generation.cuisine,
        language=generation.language,
        preferences=prefs,
        allergen_groups=groups,
        rejected=rejected,
        keep_apart=[k.title for k in kept],
    )
    reply = chat_structured(
        model=settings.OLLAMA_TEXT_MODEL,
        messages=[
            {"role": "system", "content": prompts.SYSTEM},
            {"role": "user", "content": prompt},
        ],
        schema=recipes_reply_schema(count),
        record=CallRecord(
            purpose="recipes",
            prompt_version=prompts.VERSION,
            generation_id=generation.pk,
            attempt=generation.attempts,
        ),
        options={"temperature": 0.7},
        on_progress=on_progress,
    )
    return list(reply.recipes)


def _report_progress(
    generation: Generation, received: int, *, low: int, high: int, expected: int, stage: str
) -> None:
    """Progress follows the characters streamed so far, within this round's share of the bar."""
    job_set_progress(
        job=generation,
        progress=min(high, low + int((high - low) * received / max(1, expected))),
        stage=stage,
    )


def generation_run(generation: Generation) -> None:
    """Ask the text model for recipes, withhold any that break the profile, store the rest.

    When the check withholds some, the model is asked again for the missing number (at most
    RECIPE_REPLACEMENT_ROUNDS times), told what was wrong; the person gets the count they
    asked for, or what passed with a plain note, or a plain failure when nothing did.
    """
    prefs = _refresh_preferences(generation)
    leader = job_follow(job=generation)
    if leader is not None and leader.recipes.exists() and not _breaks_profile(leader, prefs):

        def copy() -> None:
            _copy_recipes(generation=generation, earlier=leader)
            Generation.objects.filter(pk=generation.pk).update(
                model_name=leader.model_name, dropped_unsafe=leader.dropped_unsafe
            )

        job_succeed(job=generation, stage="Done (same request as a moment ago)", write=copy)
        return
    if leader is not None:
        Generation.objects.filter(pk=generation.pk).update(reused_from=None)
    rules = _rules(prefs)
    job_set_progress(job=generation, progress=5, stage="Writing your recipes")
    model = settings.OLLAMA_TEXT_MODEL
    kept: list[RecipeDraft] = []
    rejected: list[str] = []
    rounds = 1 + max(0, settings.RECIPE_REPLACEMENT_ROUNDS)
    for round_no in range(rounds):
        need = generation.count - len(kept)
        expected = _CHARS_PER_RECIPE * need
        low, high = (5, 90) if round_no == 0 else (90, 97)
        stage = (
            "Writing your recipes" if round_no == 0 else "Replacing recipes that broke your rules"
        )
        if round_no:
            job_set_progress(job=generation, progress=low, stage=stage)

        on_progress = functools.partial(
            _report_progress, generation, low=low, high=high, expected=expected, stage=stage
        )

        drafts = _ask_model(
            generation=generation,
            prefs=prefs,
            rules=rules,
            count=need,
            rejected=rejected,
            kept=kept,
            on_progress=on_progress,
        )
        for draft in drafts:
            conflicts = safety.draft_conflicts(draft, rules)
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
                rejected.append(_rejection(draft, conflicts, too_long))
                continue
            kept.append(draft)
        if len(kept) >= generation.count:
            break
    kept = kept[: generation.count]
    dropped = generation.count - len(kept)
    if not kept:
        job_fail(
            job=generation,
            code=ErrorCode.NO_SAFE_RECIPES,
            message=(
                "The recipes we got did not respect your allergies, diet or time limit, so we "
                "did not show them. Press Retry to ask again."
            ),
        )
        return

    def write() -> None:
        Generation.objects.filter(pk=generation.pk).update(dropped_unsafe=dropped, model_name=model)
        Recipe.objects.bulk_create(
            recipe_from_draft(generation=generation, draft=d, position=i, model=model)
            for i, d in enumerate(kept)
        )

    if job_succeed(job=generation, stage="Done", write=write):
        metrics.RECIPES_CREATED.inc(len(kept))


def generation_retry(*, generation: Generation) -> bool:
    return job_reset_for_retry(job=generation)


def generation_delete(*, generation: Generation) -> None:
    generation.delete()


def generations_purge(cutoff: datetime) -> dict[str, int]:
    """Retention: delete failed generations older than `cutoff`."""
    deleted, _ = Generation.objects.filter(created_at__lt=cutoff, status=JobStatus.FAILED).delete()
    return {"failed_generations": deleted}
