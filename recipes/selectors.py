"""Reads that pages, the API and tasks share: recipes, favourites, history, reviews, shopping.

Every selector is scoped to one user, bounds its inputs, and runs a fixed number of queries
whatever the number of rows, so a cook with ten thousand recipes gets the same page speed as a
new one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from typing import Literal

from django.db.models import CharField
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Value

import safety
from accounts.models import Profile
from accounts.models import User
from core.ids import parse_id
from recipes.models import Difficulty
from recipes.models import Favorite
from recipes.models import Generation
from recipes.models import Recipe
from recipes.models import Review
from recipes.models import ShoppingItem
from vision.models import Scan
from vision.selectors import scan_get_for
from vision.selectors import scan_list_for

__all__ = [
    "MAX_HISTORY_PAGE",
    "MAX_HISTORY_PAGE_SIZE",
    "MAX_QUERY_LENGTH",
    "ORDERINGS",
    "HistoryItem",
    "favorite_list_for",
    "generation_get_for",
    "generation_list_for",
    "history_for",
    "history_page",
    "recipe_get_for",
    "recipe_list_for",
    "recipe_safety_conflicts",
    "review_list_for",
    "safety_rules_for",
    "scan_get_for",
    "scan_list_for",
    "shopping_list_for",
]

MAX_QUERY_LENGTH = 100
MAX_QUERY_WORDS = 8
MAX_CUISINE_LENGTH = 60
MAX_MINUTES_LIMIT = 24 * 60
MAX_HISTORY_PAGE_SIZE = 100
# A deeper page than this is never a person browsing; refusing it keeps OFFSET cheap.
MAX_HISTORY_PAGE = 1000
HISTORY_ALL_LIMIT = 500

ORDERINGS: dict[str, tuple[Any, ...]] = {
    "newest": ("-created_at", "-id"),
    "rating": (F("rating_avg").desc(nulls_last=True), "-rating_count", "-created_at", "-id"),
    "time": ("total_minutes", "-created_at", "-id"),
}
_TRUE_WORDS = {"1", "true", "yes", "on"}


# --- recipes ------------------------------------------------------------------------------------


def _with_user_marks(queryset: QuerySet[Recipe], *, user: User) -> QuerySet[Recipe]:
    """Add `is_favorite` and `my_rating` as subqueries: two columns, not two queries per row."""
    return queryset.annotate(
        is_favorite=Exists(Favorite.objects.filter(user=user, recipe=OuterRef("pk"))),
        my_rating=Subquery(
            Review.objects.filter(user=user, recipe=OuterRef("pk")).order_by().values("rating")[:1]
        ),
    )


def _text(value: object, limit: int) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())[:limit]


def _number(value: object, *, low: float, high: float) -> float | None:
    """A bounded number from a filter, or None when it is missing or not a number at all."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(str(value))
    except (TypeError, ValueError):
        return None
    if math.isnan(number):  # NaN would match nothing and read as an empty list.
        return None
    return max(low, min(high, number))


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().casefold() in _TRUE_WORDS if value is not None else False


def search_terms(q: object) -> list[str]:
    """Casefolded words of a search, bounded in length and count (search_text is casefolded)."""
    return _text(q, MAX_QUERY_LENGTH).casefold().split()[:MAX_QUERY_WORDS]


def recipe_list_for(*, user: User, filters: Mapping[str, Any] | None = None) -> QuerySet[Recipe]:
    """The user's recipes, filtered and ordered, each marked `is_favorite` and `my_rating`.

    Filters (all optional, unknown or malformed values are ignored rather than failing a page):
    `q` (every word must appear in the title or an ingredient name), `cuisine` (exact, any case),
    `max_minutes`, `difficulty`, `min_rating` (average of visible reviews), `favorite` and
    `ordering` ("newest", "rating" or "time").
    """
    filters = filters or {}
    queryset = _with_user_marks(Recipe.objects.filter(user=user), user=user)

    for term in search_terms(filters.get("q")):
        queryset = queryset.filter(search_text__icontains=term)

    cuisine = _text(filters.get("cuisine"), MAX_CUISINE_LENGTH)
    if cuisine:
        queryset = queryset.filter(cuisine__iexact=cuisine)

    max_minutes = _number(filters.get("max_minutes"), low=0, high=MAX_MINUTES_LIMIT)
    if max_minutes is not None:
        queryset = queryset.filter(total_minutes__lte=int(max_minutes))

    difficulty = _text(filters.get("difficulty"), 10).casefold()
    if difficulty in Difficulty.values:
        queryset = queryset.filter(difficulty=difficulty)

    min_rating = _number(filters.get("min_rating"), low=1, high=5)
    if min_rating is not None:
        queryset = queryset.filter(rating_avg__gte=min_rating)

    if _flag(filters.get("favorite")):
        queryset = queryset.filter(
            Exists(Favorite.objects.filter(user=user, recipe=OuterRef("pk")))
        )

    ordering = str(filters.get("ordering") or "newest")
    return queryset.order_by(*ORDERINGS.get(ordering, ORDERINGS["newest"]))


def recipe_get_for(*, user: User, pk: object) -> Recipe:
    """One of the user's recipes with its marks; Recipe.DoesNotExist for anyone else's."""
    recipe_id = parse_id(pk)
    if recipe_id is None:
        raise Recipe.DoesNotExist
    return _with_user_marks(Recipe.objects.filter(user=user), user=user).get(pk=recipe_id)


def favorite_list_for(*, user: User, q: str = "") -> QuerySet[Recipe]:
    """The user's favourite recipes, most recently kept first, optionally searched."""
    queryset = _with_user_marks(
        Recipe.objects.filter(user=user, favorites__user=user), user=user
    ).annotate(favorited_at=F("favorites__created_at"))
    for term in search_terms(q):
        queryset = queryset.filter(search_text__icontains=term)
    return queryset.order_by("-favorited_at", "-id")


# --- generations and history -----------------------------------------------------------------


def _recipe_titles() -> Prefetch[Any]:
    """Recipes of a generation as a history list needs them: small columns only."""
    return Prefetch(
        "recipes",
        queryset=Recipe.objects.only(
            "id", "title", "generation_id", "position", "cuisine", "total_minutes", "created_at"
        ).order_by("position", "id"),
    )


def generation_list_for(*, user: User) -> QuerySet[Generation]:
    """The user's generations, newest first, with recipe titles in one extra query."""
    return (
        Generation.objects.filter(user=user)
        .prefetch_related(_recipe_titles())
        .order_by("-created_at", "-id")
    )


def generation_get_for(*, user: User, pk: object) -> Generation:
    """One of the user's generations with its recipe titles; DoesNotExist for anyone else's."""
    generation_id = parse_id(pk)
    if generation_id is None:
        raise Generation.DoesNotExist
    return generation_list_for(user=user).get(pk=generation_id)


@dataclass(frozen=True)
class HistoryItem:
    """One row of the history timeline: a scan or a generation."""

    type: Literal["scan", "generation"]
    obj: Scan | Generation
    created_at: datetime


def history_page(
    *, user: User, page: int | str = 1, page_size: int | str = 20
) -> tuple[list[HistoryItem], int]:
    """One page of the user's scans and generations together, newest first, and the total.

    The order is decided by one UNION over (type, id, created_at) only, so the cost does not grow
    with the user's history; the page's rows are then loaded with their ingredients and recipe
    titles prefetched: six queries at most, whatever the number of rows.
    """
    page_size = int(_number(page_size, low=1, high=MAX_HISTORY_PAGE_SIZE) or 20)
    page = int(_number(page, low=1, high=MAX_HISTORY_PAGE) or 1)
    offset = (page - 1) * page_size

    label = CharField(max_length=10)
    scans = (
        Scan.objects.filter(user=user)
        .order_by()
        .annotate(entry_type=Value("scan", output_field=label))
        .values_list("entry_type", "id", "created_at")
    )
    generations = (
        Generation.objects.filter(user=user)
        .order_by()
        .annotate(entry_type=Value("generation", output_field=label))
        .values_list("entry_type", "id", "created_at")
    )
    timeline = scans.union(generations, all=True)
    keys = list(timeline.order_by("-created_at", "-id")[offset : offset + page_size])
    total = timeline.count()

    scan_ids = [pk for kind_, pk, _ in keys if kind_ == "scan"]
    generation_ids = [pk for kind_, pk, _ in keys if kind_ == "generation"]
    loaded: dict[tuple[str, int], Scan | Generation] = {}
    if scan_ids:
        for scan in scan_list_for(user=user).filter(pk__in=scan_ids):
            loaded["scan", scan.pk] = scan
    if generation_ids:
        for generation in generation_list_for(user=user).filter(pk__in=generation_ids):
            loaded["generation", generation.pk] = generation

    items = [
        HistoryItem(type=kind_, obj=loaded[kind_, pk], created_at=created_at)
        for kind_, pk, created_at in keys
        if (kind_, pk) in loaded  # deleted between the two reads: skip, do not fail the page
    ]
    return items, total


def history_for(*, user: User, limit: int = HISTORY_ALL_LIMIT) -> list[HistoryItem]:
    """The newest part of the history (bounded), for callers that do not paginate."""
    items, _ = history_page(user=user, page=1, page_size=min(limit, MAX_HISTORY_PAGE_SIZE))
    return items


# --- reviews and shopping ----------------------------------------------------------------------


def review_list_for(*, user: User, recipe: Recipe) -> QuerySet[Review]:
    """Reviews of one of the user's recipes; another person's recipe is reported as missing.

    A review hidden by moderation is still shown to its author (it is theirs), never to others.
    """
    if recipe.user_id != user.pk:
        raise Recipe.DoesNotExist
    return (
        Review.objects.filter(recipe=recipe)
        .filter(Q(hidden=False) | Q(user=user))
        .select_related("user")
        .order_by("-created_at", "-id")
    )


def shopping_list_for(*, user: User) -> QuerySet[ShoppingItem]:
    """The user's shopping list: still to buy first, then ticked, each alphabetically."""
    return (
        ShoppingItem.objects.filter(user=user)
        .select_related("recipe")
        .only(
            "id",
            "user_id",
            "name",
            "quantity",
            "unit",
            "checked",
            "created_at",
            "recipe_id",
            "recipe__id",
            "recipe__title",
        )
        .order_by("checked", "name", "id")
    )


def safety_rules_for(*, user: User | int) -> safety.SafetyRules:
    """The allergen and diet rules of the user's profile as it is now (one query at most).

    A page's user has its profile loaded already, for the page's language, in the same request
    (accounts.middleware): that one is used rather than read again.
    """
    cached = user._state.fields_cache.get("profile") if isinstance(user, User) else None
    profile = (
        cached
        if isinstance(cached, Profile)
        else Profile.objects.filter(user=user).only("allergies", "diet").first()
    )
    if profile is None:
        return safety.SafetyRules(rules=())
    allergies = profile.allergies if isinstance(profile.allergies, list) else []
    return safety.rules_for(allergies=[str(a) for a in allergies], diet=profile.diet)


def recipe_safety_conflicts(*, user: User, recipe: Recipe) -> list[safety.Conflict]:
    """What a stored recipe breaks in the user's profile today (empty when it is fine)."""
    return safety.recipe_conflicts(recipe, safety_rules_for(user=user))
