"""Generation use cases: start a recipe-writing job, retry it, cancel it, delete it.

Running it (the model writing, each recipe saved as it comes) is recipes/writing.py.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

import safety
from accounts.models import User
from accounts.services import clean_name_list
from accounts.services import default_recipe_count
from accounts.services import profile_get
from core.job_flows import job_create_or_reuse
from core.jobs import RETRYABLE
from core.jobs import JobStatus
from core.jobs import Stage
from core.jobs import job_cancel
from core.jobs import job_reset_for_retry
from core.prompt_variants import variant_set_label
from recipes.models import Generation
from recipes.models import Recipe
from vision.models import Scan


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
        raise GenerationInputError(_("Add at least one ingredient."))
    must = [
        m
        for m in clean_ingredients(must_use or [])
        if m.casefold() in {n.casefold() for n in names}
    ]
    count = count or default_recipe_count()
    if not 1 <= count <= 5:
        raise GenerationInputError(_("Ask for 1 to 5 recipes."), field="count")
    prefs = _preferences(user)
    max_minutes = max_minutes or prefs["max_minutes"]
    if not 5 <= max_minutes <= 480:
        raise GenerationInputError(_("Maximum time must be 5 to 480 minutes."), field="max_minutes")
    cuisine = " ".join(cuisine.split())[:40]
    if scan is not None and scan.user_id != user.pk:
        raise GenerationInputError(_("That scan was not found."), field="scan")
    model = settings.OLLAMA_TEXT_MODEL
    key = _cache_key(
        ingredients=sorted(n.casefold() for n in names),
        must_use=sorted(m.casefold() for m in must),
        count=count,
        max_minutes=max_minutes,
        cuisine=cuisine.casefold(),
        prefs=prefs,
        prompt=variant_set_label("recipes"),
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
        if earlier is not None and breaks_profile(earlier, prefs):
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


def profile_rules(prefs: dict[str, Any]) -> safety.SafetyRules:
    return safety.rules_for(allergies=prefs.get("allergies", []), diet=prefs.get("diet", ""))


def breaks_profile(generation: Generation, prefs: dict[str, Any]) -> bool:
    rules = profile_rules(prefs)
    return bool(rules) and any(safety.recipe_conflicts(r, rules) for r in generation.recipes.all())


def _copy_result(*, generation: Generation, earlier: Generation) -> None:
    copy_recipes(generation=generation, earlier=earlier)
    Generation.objects.filter(pk=generation.pk).update(
        status=JobStatus.SUCCEEDED,
        progress=100,
        stage=Stage.DONE_REUSED,
        reused_from=earlier,
        started_at=generation.created_at,
        finished_at=generation.created_at,
        model_name=earlier.model_name,
        prompt_variant=earlier.prompt_variant_id,
        prompt_version=earlier.prompt_version,
    )
    generation.refresh_from_db()


# A copy of an earlier recipe is the same recipe in another generation: every column but those
# of the row itself (its owner and generation, the average of its reviews, when it was made).
_NOT_COPIED = {"id", "user", "generation", "rating_avg", "rating_count", "created_at"}


def copy_recipes(*, generation: Generation, earlier: Generation) -> None:
    recipes = list(earlier.recipes.order_by("position"))
    copied = [f.attname for f in Recipe._meta.concrete_fields if f.name not in _NOT_COPIED]
    Recipe.objects.bulk_create(
        Recipe(user=generation.user, generation=generation, **{f: getattr(r, f) for f in copied})
        for r in recipes
    )


def refresh_preferences(generation: Generation) -> dict[str, Any]:
    """The profile as it is now: a retry or re-run never uses an allergy list gone stale."""
    prefs = _preferences(generation.user)
    if prefs != generation.preferences or prefs["language"] != generation.language:
        Generation.objects.filter(pk=generation.pk).update(
            preferences=prefs, language=prefs["language"]
        )
        generation.preferences = prefs
        generation.language = prefs["language"]
    return prefs


def generation_retry(*, generation: Generation) -> bool:
    """Queue a failed or cancelled generation again; the recipes it already saved are kept and
    only the missing ones are asked for."""
    return job_reset_for_retry(job=generation)


def generation_cancel(*, generation: Generation) -> bool:
    """Stop a queued or running generation; the recipes saved before the cancel stay."""
    return job_cancel(job=generation)


def generation_delete(*, generation: Generation) -> None:
    generation.delete()


def generations_purge(cutoff: datetime) -> dict[str, int]:
    """Retention: delete failed and cancelled generations older than `cutoff` (their recipes
    stay in the person's list)."""
    deleted, _ = Generation.objects.filter(created_at__lt=cutoff, status__in=RETRYABLE).delete()
    return {"failed_generations": deleted}
