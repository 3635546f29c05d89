"""Generations, recipes, review moderation and shopping lists in the admin.

Review changes made here go through the same averaging as the site, so a hidden review stops
counting at once and the stored recipe averages never drift from the reviews.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from typing import TypeVar

from django.contrib import admin
from django.db import transaction
from django.db.models import Avg
from django.db.models import Count
from django.db.models import Model
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import GenerationModelCallInline
from core.admin import JobAdmin
from core.admin import ReadOnlyInline
from core.admin import StatisticsRow
from core.admin import add_prompt_statistics
from core.admin import job_fieldset
from recipes.models import Favorite
from recipes.models import Generation
from recipes.models import Recipe
from recipes.models import Review
from recipes.models import ShoppingItem
from recipes.reviews import recipe_rating_refresh
from recipes.reviews import reviews_set_hidden

RECIPE_TEXT_FIELDS = tuple(
    f"recipe__{name}"
    for name in ("ingredients", "steps", "nutrition", "tips", "search_text", "description")
)

M = TypeVar("M", bound=Model)


class PointsAtRecipeAdmin(admin.ModelAdmin[M]):
    """Rows that point at a recipe: their lists show its title only and leave the recipe's long
    texts (ingredients, steps, …) in the database."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[M]:
        return super().get_queryset(request).defer(*RECIPE_TEXT_FIELDS)


class GenerationRecipeInline(ReadOnlyInline):
    """The recipes a generation wrote (read-only here; open one to see it whole)."""

    model = Recipe
    fields = ("position", "title", "cuisine", "total_minutes", "difficulty", "rating_avg")
    ordering = ("position", "id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Generation)
class GenerationAdmin(JobAdmin):
    list_display = ("id", "user", *JobAdmin.job_columns, "prompt_version", "count")
    list_display_links = ("id",)
    list_filter = ["status", "error_code", "model_name", "prompt_version"]
    raw_id_fields = ("user", "scan", "reused_from")
    readonly_fields = (
        *JobAdmin.job_readonly,
        "ingredients",
        "must_use",
        "count",
        "max_minutes",
        "cuisine",
        "language",
        "preferences",
        "fresh",
        "cache_key",
        "prompt_version",
        "dropped_unsafe",
    )
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("user", "scan"),
                    "ingredients",
                    "must_use",
                    ("count", "max_minutes", "cuisine", "language", "fresh"),
                    "preferences",
                )
            },
        ),
        job_fieldset(
            ("model_name", "prompt_version", "attempts"),
            ("reused_from", "cache_key", "dropped_unsafe"),
        ),
    )
    inlines = (GenerationRecipeInline, GenerationModelCallInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        """Generations carry a snapshot of the profile; they are only made by the site."""
        return False


class RecipeReviewInline(ReadOnlyInline):
    """Reviews of the recipe; moderation happens in the review list, where averages follow."""

    model = Review
    fields = ("user", "rating", "hidden", "comment", "prompt_version", "created_at")
    ordering = ("-created_at",)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return super().get_queryset(request).select_related("user")


@admin.register(Recipe)
class RecipeAdmin(admin.ModelAdmin[Recipe]):
    list_display = (
        "title",
        "user",
        "cuisine",
        "difficulty",
        "total_minutes",
        "rating_avg",
        "rating_count",
        "model_name",
        "prompt_version",
        "created_at",
    )
    list_filter = ("difficulty", "prompt_version", "model_name", "language", "cuisine")
    search_fields = ("title", "=id")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    show_full_result_count = False
    list_per_page = 50
    raw_id_fields = ("user", "generation")
    readonly_fields = (
        "rating_avg",
        "rating_count",
        "model_name",
        "prompt_version",
        "search_text",
        "created_at",
    )
    inlines = (RecipeReviewInline,)
    ordering = ("-created_at", "-id")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Recipe]:
        """The list skips the bulky JSON columns; the change page loads the whole row."""
        queryset = super().get_queryset(request)
        match = request.resolver_match
        if match is not None and match.url_name == "recipes_recipe_changelist":
            queryset = queryset.defer("ingredients", "steps", "nutrition", "tips", "search_text")
        return queryset

    def save_model(
        self, request: HttpRequest, obj: Recipe, form: ModelForm[Recipe], change: bool
    ) -> None:
        """Keep search working after an edit: search_text follows the title and ingredients."""
        names = [str(i.get("name", "")) for i in obj.ingredients if isinstance(i, dict)]
        obj.search_text = " ".join([obj.title, *names]).casefold()
        super().save_model(request, obj, form, change)


@admin.action(description=_("Hide selected reviews (they stop counting in averages)"))
def hide_reviews(modeladmin: ReviewAdmin, request: HttpRequest, queryset: QuerySet[Review]) -> None:
    changed = reviews_set_hidden(reviews=queryset, hidden=True)
    modeladmin.message_user(
        request,
        ngettext("Hid %(count)d review.", "Hid %(count)d reviews.", changed) % {"count": changed},
    )


@admin.action(description=_("Show selected reviews again"))
def unhide_reviews(
    modeladmin: ReviewAdmin, request: HttpRequest, queryset: QuerySet[Review]
) -> None:
    changed = reviews_set_hidden(reviews=queryset, hidden=False)
    modeladmin.message_user(
        request,
        ngettext("Showed %(count)d review.", "Showed %(count)d reviews.", changed)
        % {"count": changed},
    )


@admin.register(Review)
class ReviewAdmin(PointsAtRecipeAdmin[Review]):
    """Moderation: read the comments, hide the abusive ones, see ratings per prompt version."""

    list_display = (
        "id",
        "recipe",
        "user",
        "rating",
        "hidden",
        "short_comment",
        "prompt_version",
        "model_name",
        "created_at",
    )
    list_display_links = ("id",)
    list_filter = ("hidden", "rating", "prompt_version", "model_name")
    search_fields = ("recipe__title", "user__username", "comment")
    date_hierarchy = "created_at"
    list_select_related = ("recipe", "user")
    show_full_result_count = False
    list_per_page = 50
    raw_id_fields = ("user", "recipe")
    readonly_fields = ("model_name", "prompt_version", "created_at", "updated_at")
    actions = (hide_reviews, unhide_reviews)
    ordering = ("-created_at", "-id")

    @admin.display(description=_("Comment"))
    def short_comment(self, obj: Review) -> str:
        return obj.comment if len(obj.comment) <= 80 else obj.comment[:79] + "…"

    def save_model(
        self, request: HttpRequest, obj: Review, form: ModelForm[Review], change: bool
    ) -> None:
        """An edited rating or visibility moves the recipe's average in the same transaction."""
        with transaction.atomic():
            previous = (
                Review.objects.filter(pk=obj.pk).values_list("recipe_id", flat=True).first()
                if change
                else None
            )
            if not change:
                obj.model_name = obj.recipe.model_name
                obj.prompt_version = obj.recipe.prompt_version
            super().save_model(request, obj, form, change)
            recipe_rating_refresh(recipe_id=obj.recipe_id)
            if previous and previous != obj.recipe_id:
                recipe_rating_refresh(recipe_id=previous)

    def delete_model(self, request: HttpRequest, obj: Review) -> None:
        with transaction.atomic():
            super().delete_model(request, obj)
            recipe_rating_refresh(recipe_id=obj.recipe_id)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        with transaction.atomic():
            recipe_ids = set(queryset.values_list("recipe_id", flat=True))
            super().delete_queryset(request, queryset)
            for recipe_id in recipe_ids:
                recipe_rating_refresh(recipe_id=recipe_id)


@admin.register(Favorite)
class FavoriteAdmin(PointsAtRecipeAdmin[Favorite]):
    list_display = ("id", "user", "recipe", "created_at")
    list_select_related = ("user", "recipe")
    search_fields = ("user__username", "recipe__title")
    raw_id_fields = ("user", "recipe")
    show_full_result_count = False
    ordering = ("-created_at",)


@admin.register(ShoppingItem)
class ShoppingItemAdmin(PointsAtRecipeAdmin[ShoppingItem]):
    list_display = ("id", "name", "quantity", "unit", "checked", "user", "recipe", "created_at")
    list_display_links = ("id", "name")
    list_filter = ("checked",)
    search_fields = ("name", "user__username")
    list_select_related = ("user", "recipe")
    raw_id_fields = ("user", "recipe")
    show_full_result_count = False
    ordering = ("-created_at",)


def recipe_prompt_statistics() -> Iterator[StatisticsRow]:
    """Recipes written and their reviews per (prompt version, model), for the prompt statistics.

    Hidden reviews are left out, as everywhere else an average is shown.
    """
    for r in Recipe.objects.values("prompt_version", "model_name").annotate(n=Count("id")):
        yield r["prompt_version"], r["model_name"], {"recipes": r["n"]}
    reviews = (
        Review.objects.filter(hidden=False)
        .values("prompt_version", "model_name")
        .annotate(n=Count("id"), avg=Avg("rating"))
    )
    for r in reviews:
        yield r["prompt_version"], r["model_name"], {"reviews": r["n"], "avg_rating": r["avg"]}


add_prompt_statistics(recipe_prompt_statistics)
