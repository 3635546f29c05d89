"""Shapes of what a cook keeps: history, favourites, reviews and the shopping list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.jobs import JobStatus
from recipes.aisles import AISLES
from recipes.aisles import OTHER
from recipes.aisles import aisle_of
from recipes.api.serializers import RecipeTitleOutputSerializer
from recipes.api.serializers import search_words
from recipes.models import Generation
from recipes.reviews import MAX_COMMENT_LENGTH
from recipes.selectors import MAX_HISTORY_PAGE
from recipes.selectors import MAX_HISTORY_PAGE_SIZE
from recipes.selectors import HistoryItem
from recipes.shopping import MAX_ITEM_NAME_LENGTH
from recipes.shopping import MAX_UNIT_LENGTH
from vision.api.serializers import photo_url
from vision.models import Scan

# --- history --------------------------------------------------------------------------------------


class HistoryQueryInputSerializer(serializers.Serializer[Any]):
    page = serializers.IntegerField(
        required=False,
        default=1,
        min_value=1,
        max_value=MAX_HISTORY_PAGE,
        help_text="Page number, from 1. Anything else is a 400 (`details.page`).",
    )
    page_size = serializers.IntegerField(
        required=False,
        default=20,
        min_value=1,
        max_value=MAX_HISTORY_PAGE_SIZE,
        help_text=(
            f"Results per page, from 1 to {MAX_HISTORY_PAGE_SIZE} (default 20). Anything else "
            "is a 400 (`details.page_size`)."
        ),
    )


class HistoryItemOutputSerializer(serializers.Serializer[Any]):
    """A scan or a generation on the timeline."""

    type = serializers.ChoiceField(choices=[("scan", "Scan"), ("generation", "Generation")])
    id = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    thumbnail_url = serializers.SerializerMethodField()
    ingredients = serializers.SerializerMethodField()
    recipes = serializers.SerializerMethodField()

    def get_id(self, item: HistoryItem) -> int:
        return int(item.obj.pk)

    @extend_schema_field(serializers.ChoiceField(choices=JobStatus.choices))
    def get_status(self, item: HistoryItem) -> str:
        return str(item.obj.status)

    @extend_schema_field(serializers.CharField(allow_null=True, help_text="Scans only."))
    def get_thumbnail_url(self, item: HistoryItem) -> str | None:
        return photo_url(item.obj.pk) if item.type == "scan" else None

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_ingredients(self, item: HistoryItem) -> list[str]:
        if isinstance(item.obj, Scan):
            return [i.name for i in item.obj.ingredients.all()]
        return list(item.obj.ingredients)

    @extend_schema_field(RecipeTitleOutputSerializer(many=True))
    def get_recipes(self, item: HistoryItem) -> Any:
        if isinstance(item.obj, Generation):
            return RecipeTitleOutputSerializer(item.obj.recipes.all(), many=True).data
        return []


class HistoryPageOutputSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HistoryItemOutputSerializer(many=True)


# --- favourites -----------------------------------------------------------------------------------


class FavoriteQueryInputSerializer(serializers.Serializer[Any]):
    q = search_words(default="")


class FavoriteOutputSerializer(serializers.Serializer[Any]):
    recipe = serializers.IntegerField(source="recipe_id")
    is_favorite = serializers.BooleanField(default=True)
    created_at = serializers.DateTimeField()


# --- reviews --------------------------------------------------------------------------------------


class ReviewCreateInputSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(min_value=1, max_value=5, help_text="1 to 5 stars.")
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_COMMENT_LENGTH, default=""
    )


class ReviewUpdateInputSerializer(serializers.Serializer[Any]):
    rating = serializers.IntegerField(min_value=1, max_value=5, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=MAX_COMMENT_LENGTH)


class ReviewOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    recipe = serializers.IntegerField(source="recipe_id")
    author = serializers.CharField(source="user.username")
    rating = serializers.IntegerField()
    comment = serializers.CharField(allow_blank=True)
    hidden = serializers.BooleanField(help_text="Hidden by a moderator: only you see it.")
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


# --- shopping list --------------------------------------------------------------------------------


def _quantity(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=9,
        decimal_places=2,
        min_value=Decimal("0.01"),
        allow_null=True,
        coerce_to_string=False,
        help_text='How much; empty for "some".',
        **kwargs,
    )


class ShoppingItemCreateInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=MAX_ITEM_NAME_LENGTH)
    quantity = _quantity(required=False, default=None)
    unit = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_UNIT_LENGTH, default=""
    )


class ShoppingItemUpdateInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(required=False, max_length=MAX_ITEM_NAME_LENGTH)
    quantity = _quantity(required=False)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=MAX_UNIT_LENGTH)
    checked = serializers.BooleanField(required=False, help_text="Ticked off (bought).")


class ShoppingItemOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    quantity = serializers.DecimalField(
        max_digits=10, decimal_places=2, allow_null=True, coerce_to_string=False
    )
    unit = serializers.CharField(allow_blank=True)
    checked = serializers.BooleanField()
    recipe = serializers.IntegerField(
        source="recipe_id", allow_null=True, help_text="The recipe it came from, if any."
    )
    recipe_title = serializers.CharField(source="recipe.title", allow_null=True)
    aisle = serializers.SerializerMethodField(
        help_text=(
            "The shop aisle the name puts it in, to group the list as the site does: "
            + ", ".join(f"`{a.code}`" for a in (*AISLES, OTHER))
            + " (in that order)."
        )
    )
    created_at = serializers.DateTimeField()

    def get_aisle(self, item: Any) -> str:
        return aisle_of(item.name).code


class ShoppingClearOutputSerializer(serializers.Serializer[Any]):
    removed = serializers.IntegerField(help_text="How many ticked items were removed.")
