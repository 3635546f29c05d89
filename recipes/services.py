"""Generation use cases: start a recipe-writing job, run it, retry it, delete it."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from accounts.models import User
from accounts.services import clean_name_list, default_recipe_count, profile_get
from chef_site import metrics
from chef_site.jobs import (
    ErrorCode,
    JobStatus,
    job_fail,
    job_publish_on_commit,
    job_reset_for_retry,
    job_set_progress,
    job_succeed,
)
from chef_site.ollama import CallRecord, chat_structured
from recipes import prompts, safety
from recipes.models import Generation, Recipe
from recipes.schemas import RecipeDraft, recipes_reply_schema
from vision.models import Scan

logger = logging.getLogger(__name__)

PANTRY_STAPLES = {"salt", "pepper", "black pepper", "water", "oil", "olive oil", "sugar"}
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
    with transaction.atomic():
        generation = Generation.objects.create(
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
        )
        if earlier is not None:
            _copy_result(generation=generation, earlier=earlier)
        else:
            job_publish_on_commit(job=generation)
    metrics.job_created(Generation.kind)
    metrics.CACHE_LOOKUPS.labels(kind=Generation.kind, result="hit" if earlier else "miss").inc()
    return generation


def _copy_result(*, generation: Generation, earlier: Generation) -> None:
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


def generation_run(generation: Generation) -> None:
    """Ask the text model for recipes, drop any that break the profile, store the rest."""
    prefs = generation.preferences
    job_set_progress(job=generation, progress=5, stage="Writing your recipes")
    expected = _CHARS_PER_RECIPE * generation.count

    def on_progress(received: int) -> None:
        job_set_progress(
            job=generation,
            progress=min(95, 5 + int(90 * received / expected)),
            stage="Writing your recipes",
        )

    model = settings.OLLAMA_TEXT_MODEL
    prompt = prompts.build_user_prompt(
        ingredients=generation.ingredients,
        must_use=generation.must_use,
        count=generation.count,
        max_minutes=generation.max_minutes,
        cuisine=generation.cuisine,
        language=generation.language,
        preferences=prefs,
    )
    reply = chat_structured(
        model=model,
        messages=[
            {"role": "system", "content": prompts.SYSTEM},
            {"role": "user", "content": prompt},
        ],
        schema=recipes_reply_schema(generation.count),
        record=CallRecord(
            purpose="recipes",
            prompt_version=prompts.VERSION,
            generation_id=generation.pk,
            attempt=generation.attempts,
        ),
        options={"temperature": 0.7},
        on_progress=on_progress,
    )
    terms = safety.forbidden_terms(allergies=prefs.get("allergies", []), diet=prefs.get("diet", ""))
    safe: list[RecipeDraft] = []
    for draft in reply.recipes:
        found = safety.violations(draft, terms)
        too_long = bool(generation.max_minutes and draft.total_minutes > generation.max_minutes)
        if found or too_long:
            logger.warning(
                "recipe dropped",
                extra={
                    "job_id": generation.pk,
                    "violations": found,
                    "too_long": too_long,
                },
            )
            continue
        safe.append(draft)
    dropped = len(reply.recipes) - len(safe)
    if not safe:
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
            for i, d in enumerate(safe)
        )

    if job_succeed(job=generation, stage="Done", write=write):
        metrics.RECIPES_CREATED.inc(len(safe))


def _matches(name: str, have: set[str]) -> bool:
    key = safety._norm(name)
    return any(key == h or key in h or h in key for h in have if len(h) > 2)


def recipe_from_draft(
    *, generation: Generation, draft: RecipeDraft, position: int, model: str
) -> Recipe:
    have = {safety._norm(n) for n in generation.ingredients}
    ingredients = [
        {
            "name": i.name,
            "quantity": i.quantity,
            "unit": i.unit,
            "have": _matches(i.name, have) or (i.have and safety._norm(i.name) in PANTRY_STAPLES),
        }
        for i in draft.ingredients
    ]
    steps = [" ".join(s.split()) for s in draft.steps if s.strip()]
    return Recipe(
        user=generation.user,
        generation=generation,
        position=position,
        title=draft.title.strip(),
        description=draft.description.strip(),
        cuisine=draft.cuisine.strip()[:60],
        total_minutes=draft.total_minutes,
        difficulty=draft.difficulty,
        servings=draft.servings,
        ingredients=ingredients,
        steps=steps,
        nutrition=draft.nutrition.model_dump(),
        tips=[t.strip() for t in draft.tips if t.strip()],
        language=generation.language,
        model_name=model,
        prompt_version=generation.prompt_version,
        search_text=" ".join([draft.title, *(i.name for i in draft.ingredients)]).casefold(),
    )


def generation_retry(*, generation: Generation) -> bool:
    return job_reset_for_retry(job=generation)


def generation_delete(*, generation: Generation) -> None:
    generation.delete()
