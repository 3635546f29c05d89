"""Forms of the recipe pages: asking for recipes, searching them, rating them, shopping."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.services import default_recipe_count
from recipes.library import MAX_COMMENT_LENGTH, MAX_ITEM_NAME_LENGTH, MAX_UNIT_LENGTH
from recipes.models import Difficulty

COUNT_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RecipeOptionsForm(forms.Form):
    """What every request for recipes may add to its ingredients."""

    count = forms.TypedChoiceField(choices=COUNT_CHOICES, coerce=int, label="How many recipes")
    max_minutes = forms.IntegerField(
        min_value=5,
        max_value=480,
        required=False,
        label="Max minutes",
        help_text="Leave empty to use your profile's time budget.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "e.g. 30"}),
    )
    cuisine = forms.CharField(
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Any", "autocomplete": "off"}),
    )
    fresh = forms.BooleanField(required=False, label="New ideas (do not reuse my earlier recipes)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("count", default_recipe_count())
        super().__init__(*args, **kwargs)

    def options(self) -> dict[str, Any]:
        """The cleaned options as keyword arguments of generation_create."""
        return {
            "count": self.cleaned_data["count"],
            "max_minutes": self.cleaned_data.get("max_minutes"),
            "cuisine": self.cleaned_data.get("cuisine") or "",
            "fresh": bool(self.cleaned_data.get("fresh")),
        }


class TypedIngredientsForm(RecipeOptionsForm):
    """Skip the photo: type what you have."""

    ingredients = forms.CharField(
        label="Your ingredients",
        help_text="One per line or separated by commas.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "eggs, tomatoes, spinach, feta"}),
        error_messages={"required": "Type at least one ingredient."},
    )
    field_order = ["ingredients", "count", "max_minutes", "cuisine", "fresh"]


class RecipeFilterForm(forms.Form):
    """The search box and filters over the person's own recipes (a GET form)."""

    q = forms.CharField(
        max_length=100,
        required=False,
        label="Search",
        widget=forms.SearchInput(attrs={"placeholder": "Title or ingredient"}),
    )
    cuisine = forms.CharField(max_length=60, required=False)
    max_minutes = forms.IntegerField(
        min_value=1, max_value=1440, required=False, label="Max minutes"
    )
    difficulty = forms.ChoiceField(choices=[("", "Any"), *Difficulty.choices], required=False)
    min_rating = forms.TypedChoiceField(
        choices=[("", "Any"), *[(n, f"{n}★ and up") for n in range(5, 0, -1)]],
        coerce=int,
        empty_value=None,
        required=False,
        label="Rating",
    )
    favorite = forms.BooleanField(required=False, label="Favourites only")
    ordering = forms.ChoiceField(
        choices=[("newest", "Newest"), ("rating", "Best rated"), ("time", "Quickest")],
        required=False,
        label="Sort by",
    )

    def filters(self) -> dict[str, Any]:
        """Valid filters only: a mistyped field is reported but does not empty the list."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class FavoriteSearchForm(forms.Form):
    q = forms.CharField(
        max_length=100,
        required=False,
        label="Search favourites",
        widget=forms.SearchInput(attrs={"placeholder": "Title or ingredient"}),
    )


STAR_CHOICES = [(n, f"{n} star" if n == 1 else f"{n} stars") for n in range(5, 0, -1)]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=STAR_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        label="Your rating",
        error_messages={"required": "Choose how many stars."},
    )
    comment = forms.CharField(
        max_length=MAX_COMMENT_LENGTH,
        required=False,
        label="Comment (optional)",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH}),
    )


class ShoppingItemForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_ITEM_NAME_LENGTH,
        label="Item",
        widget=forms.TextInput(attrs={"placeholder": "e.g. lemons", "autocomplete": "off"}),
        error_messages={"required": "Name the item."},
    )
    quantity = forms.DecimalField(
        min_value=0.01,
        max_value=1_000_000,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    unit = forms.CharField(
        max_length=MAX_UNIT_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "g, cups…"}),
    )


class FavoriteForm(forms.Form):
    """The wanted state ("true" keeps, "false" lets go), so a double submit changes nothing."""

    favorite = forms.BooleanField(required=False)


class TickForm(forms.Form):
    """The wanted state of a shopping line, for the same reason."""

    checked = forms.BooleanField(required=False)
