"""The prompt-variant signals only what people do shows (core.variant_report adds the rest).

- Recognition: a scan that led to recipes is a scan the person confirmed; what they removed from
  the recognised list was a false positive, what they added was missed. Precision is the share
  of recognised names they kept, recall the share of their final list the model had found
  (names compared by name_key).
- Recipes: the share favourited, the stars with a 95 % confidence interval, and the share the
  safety check withheld. Whether a recipe was edited or cooked is not recorded yet (None).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Count
from django.db.models import Q
from django.db.models import Sum

from core.models import PromptVariant
from core.variant_report import mean_ci95
from core.variant_report import ratio
from recipes.models import Generation
from recipes.models import Recipe
from recipes.models import Review
from safety.text import tokenize
from vision.models import ScanIngredient


def name_key(name: str) -> str:
    """A name as a person compares it: without case, and a plural meets its singular (the
    safety check's Snowball stems: "Tomatoes" is "tomato", "яйца" is "яйцо")."""
    return " ".join(token.stem for token in tokenize(str(name)))


def _names(names: list[str]) -> set[str]:
    return {key for key in map(name_key, names) if key}


def vision_signals(variants: list[PromptVariant]) -> dict[int, dict[str, Any]]:
    ids = [v.pk for v in variants if v.kind == PromptVariant.Kind.VISION]
    recognised: dict[int, set[str]] = defaultdict(set)
    variant_of: dict[int, int] = {}
    for scan_id, variant_id, name in ScanIngredient.objects.filter(
        scan__prompt_variant__in=ids, scan__reused_from__isnull=True
    ).values_list("scan_id", "scan__prompt_variant", "name"):
        recognised[scan_id] |= _names([name])
        variant_of[scan_id] = variant_id
    # The first generation of each scan holds the list as the person confirmed it.
    confirmed: dict[int, set[str]] = {}
    for scan_id, ingredients in (
        Generation.objects.filter(scan__in=list(recognised))
        .order_by("scan_id", "created_at", "id")
        .values_list("scan_id", "ingredients")
    ):
        confirmed.setdefault(scan_id, _names(ingredients))
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for scan_id, final in confirmed.items():
        seen = recognised[scan_id]
        t = totals[variant_of[scan_id]]
        t["scans_confirmed"] += 1
        t["ingredients_recognised"] += len(seen)
        t["ingredients_kept"] += len(seen & final)
        t["ingredients_confirmed"] += len(final)
        t["ingredients_found"] += len(seen & final)
    out = {}
    for variant_id in ids:
        t = totals.get(variant_id, defaultdict(int))
        precision = ratio(t["ingredients_kept"], t["ingredients_recognised"])
        recall = ratio(t["ingredients_found"], t["ingredients_confirmed"])
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and precision + recall
            else None
        )
        out[variant_id] = {
            "scans_confirmed": t["scans_confirmed"],
            "ingredients_recognised": t["ingredients_recognised"],
            "ingredients_kept": t["ingredients_kept"],
            "ingredients_confirmed": t["ingredients_confirmed"],
            "ingredients_found": t["ingredients_found"],
            "precision": precision,
            "recall": recall,
            "f1": f1,
        }
    return out


def recipe_signals(variants: list[PromptVariant]) -> dict[int, dict[str, Any]]:
    ids = [v.pk for v in variants if v.kind == PromptVariant.Kind.RECIPES]
    written: dict[int, dict[str, int]] = {
        r["prompt_variant"]: {"n": r["n"], "favourited": r["favourited"]}
        for r in Recipe.objects.filter(prompt_variant__in=ids, generation__reused_from=None)
        .values("prompt_variant")
        .annotate(
            n=Count("id", distinct=True),
            favourited=Count("id", filter=Q(favorites__isnull=False), distinct=True),
        )
    }
    dropped = {
        r["prompt_variant"]: r["dropped"] or 0
        for r in Generation.objects.filter(prompt_variant__in=ids, reused_from=None)
        .values("prompt_variant")
        .annotate(dropped=Sum("dropped_unsafe"))
    }
    stars: dict[int, list[float]] = defaultdict(list)
    for variant_id, rating in Review.objects.filter(
        recipe__prompt_variant__in=ids, hidden=False
    ).values_list("recipe__prompt_variant", "rating"):
        stars[variant_id].append(float(rating))
    out = {}
    for variant_id in ids:
        n = written.get(variant_id, {}).get("n", 0)
        favourited = written.get(variant_id, {}).get("favourited", 0)
        withheld = dropped.get(variant_id, 0)
        mean, ci = mean_ci95(stars[variant_id])
        out[variant_id] = {
            "recipes": n,
            "favourited_recipes": favourited,
            "favourite_rate": ratio(favourited, n),
            "ratings": len(stars[variant_id]),
            "rating_mean": mean,
            "rating_ci95": ci,
            "recipes_withheld": withheld,
            "withheld_rate": ratio(withheld, n + withheld),
            "edited_rate": None,
            "cooked_rate": None,
        }
    return out
