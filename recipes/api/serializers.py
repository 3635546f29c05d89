"""Input and output shapes of generations and recipes (names are unique: they become components)."""

from __future__ import annotations

from typing import Any
from typing import cast

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

import safety
from core.api.serializers import JobFieldsSerializer
from recipes.models import Difficulty
from recipes.models import Generation
from recipes.models import Recipe
from recipes.selectors import MAX_QUERY_LENGTH
from recipes.selectors import ORDERINGS
from recipes.selectors import safety_rules_for

# The API's own bounds; the service applies the site settings again (same defaults).
MAX_INGREDIENTS = 60
MAX_INGREDIENT_LENGTH = 80


def _names(*, required: bool, help_text: str) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=MAX_INGREDIENT_LENGTH),
        min_length=1 if required else 0,
        max_length=MAX_INGREDIENTS,
        required=required,
        help_text=help_text,
    )


class GenerationCreateInputSerializer(serializers.Serializer[Any]):
    ingredients = _names(
        required=True,
        help_text=f"1–{MAX_INGREDIENTS} ingredient names, each at most "
        f"{MAX_INGREDIENT_LENGTH} characters after trimming.",
    )
    must_use = _names(
        required=False, help_text="Ingredients (from `ingredients`) every recipe must use."
    )
    scan = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="The id of one of your scans these ingredients came from.",
    )
    count = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=5, help_text="How many recipes."
    )
    max_minutes = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=5,
        max_value=480,
        help_text="Time budget per recipe; your profile's by default.",
    )
    cuisine = serializers.CharField(required=False, allow_blank=True, max_length=40, default="")
    fresh = serializers.BooleanField(
        default=False, help_text="Write new recipes even if the same request was answered before."
    )


class RecipeIngredientOutputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    name_en = serializers.CharField(
        default="", help_text="The same ingredient in English (may be empty in older recipes)."
    )
    quantity = serializers.FloatField(allow_null=True)
    unit = serializers.CharField(allow_blank=True)
    note = serializers.CharField(default="", allow_blank=True)
    have = serializers.BooleanField(help_text="True when you already have it (from your list).")


class RecipeWarningOutputSerializer(serializers.Serializer[Any]):
    """A way a recipe breaks the profile as it is now (it was written before a change)."""

    kind = serializers.ChoiceField(choices=["allergy", "diet"])
    name = serializers.CharField(help_text="The allergy as typed in the profile, or the diet.")
    words = serializers.ListField(
        child=serializers.CharField(), help_text="The words in the recipe that break it."
    )
    where = serializers.ListField(
        child=serializers.CharField(), help_text='Where they are, e.g. "ingredients[2].name".'
    )


class NutritionOutputSerializer(serializers.Serializer[Any]):
    """Estimated per serving."""

    kcal = serializers.IntegerField()
    protein_g = serializers.FloatField()
    fat_g = serializers.FloatField()
    carbs_g = serializers.FloatField()


class RecipeOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    cuisine = serializers.CharField(allow_blank=True)
    total_minutes = serializers.IntegerField()
    difficulty = serializers.ChoiceField(choices=Difficulty.choices)
    servings = serializers.IntegerField()
    ingredients = RecipeIngredientOutputSerializer(many=True)
    steps = serializers.ListField(child=serializers.CharField())
    nutrition = NutritionOutputSerializer()
    tips = serializers.ListField(child=serializers.CharField())
    language = serializers.CharField()
    model = serializers.CharField(source="model_name")
    prompt_version = serializers.CharField()
    created_at = serializers.DateTimeField()
    generation = serializers.IntegerField(source="generation_id", allow_null=True)
    is_favorite = serializers.BooleanField()
    rating_avg = serializers.FloatField(allow_null=True)
    rating_count = serializers.IntegerField()
    my_rating = serializers.IntegerField(allow_null=True, help_text="Your stars, if you rated it.")
    warnings = serializers.SerializerMethodField(
        help_text=(
            "Empty when the recipe fits your profile as it is now. Otherwise each allergy or the "
            "diet it breaks, with the words found: do not cook it as written."
        )
    )

    @extend_schema_field(RecipeWarningOutputSerializer(many=True))
    def get_warnings(self, recipe: Recipe) -> list[dict[str, Any]]:
        # One profile read per response, not per recipe: the rules are kept in the context.
        context = cast(dict[str, Any], self.context)
        cache = context.setdefault("_safety_rules", {})
        if recipe.user_id not in cache:
            cache[recipe.user_id] = safety_rules_for(user=recipe.user_id)
        return [c.as_dict() for c in safety.recipe_conflicts(recipe, cache[recipe.user_id])]


class RecipeTitleOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()


class GenerationFieldsSerializer(JobFieldsSerializer):
    ingredients = serializers.ListField(child=serializers.CharField())
    must_use = serializers.ListField(child=serializers.CharField())
    count = serializers.IntegerField()
    max_minutes = serializers.IntegerField(allow_null=True)
    cuisine = serializers.CharField(allow_blank=True)
    scan = serializers.IntegerField(source="scan_id", allow_null=True)


class GenerationOutputSerializer(GenerationFieldsSerializer):
    """One generation with its full recipes; pass the recipes in context["recipes"]."""

    recipes = serializers.SerializerMethodField(
        help_text=(
            "The recipes written so far: each one appears as soon as the model has finished "
            "it and it passed the safety check, while `status` is still `running`. A failed or "
            "cancelled generation keeps those it saved before it stopped."
        )
    )

    @extend_schema_field(RecipeOutputSerializer(many=True))
    def get_recipes(self, generation: Generation) -> Any:
        return RecipeOutputSerializer(self.context.get("recipes", []), many=True).data


def search_words(**options: Any) -> serializers.CharField:
    """The `q` of a recipe search: the words the selectors look for (at most MAX_QUERY_LENGTH)."""
    return serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_QUERY_LENGTH,
        help_text="Words that must all appear in the title or an ingredient.",
        **options,
    )


class GenerationSummaryOutputSerializer(GenerationFieldsSerializer):
    """A generation in a list: recipe titles only (fetch the generation for whole recipes)."""

    recipes = RecipeTitleOutputSerializer(many=True, source="recipes.all")


class RecipeFilterInputSerializer(serializers.Serializer[Any]):
    """Query parameters of the recipe list; a malformed value is a 400, not an empty list."""

    q = search_words()
    cuisine = serializers.CharField(required=False, allow_blank=True, max_length=60)
    max_minutes = serializers.IntegerField(required=False, min_value=1, max_value=1440)
    difficulty = serializers.ChoiceField(choices=Difficulty.choices, required=False)
    min_rating = serializers.FloatField(
        required=False, min_value=1, max_value=5, help_text="Average stars at least this."
    )
    favorite = serializers.BooleanField(required=False, help_text="Only favourites when true.")
    ordering = serializers.ChoiceField(
        choices=sorted(ORDERINGS), required=False, help_text="`newest` (default), `rating`, `time`."
    )
