"""Forms of the recipe pages: asking for recipes, searching them, rating them, shopping."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from accounts.services import default_recipe_count
from recipes.models import Difficulty
from recipes.reviews import MAX_COMMENT_LENGTH
from recipes.services import clean_ingredients
from recipes.shopping import MAX_ITEM_NAME_LENGTH
from recipes.shopping import MAX_UNIT_LENGTH
from vision.models import Scan

_ROW_NAME = re.compile(r"^item-(\d{1,4})-name$")
COUNT_CHOICES = [(n, str(n)) for n in range(1, 6)]


def rating_choices() -> list[tuple[object, StrOrPromise]]:
    """ "Any", then 5★ and up to 1★ and up, in the language of the page."""
    return [
        ("", _("Any")),
        *[(n, _("%(stars)d★ and up") % {"stars": n}) for n in range(5, 0, -1)],
    ]


class RecipeOptionsForm(forms.Form):
    """What every request for recipes may add to its ingredients."""

    count = forms.TypedChoiceField(choices=COUNT_CHOICES, coerce=int, label=_("How many recipes"))
    max_minutes = forms.IntegerField(
        min_value=5,
        max_value=480,
        required=False,
        label=_("Max minutes"),
        help_text=_("Leave empty to use your profile’s time budget."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": _("e.g. 30")}),
    )
    cuisine = forms.CharField(
        max_length=40,
        required=False,
        label=_("Cuisine"),
        widget=forms.TextInput(attrs={"placeholder": _("Any"), "autocomplete": "off"}),
    )
    fresh = forms.BooleanField(
        required=False, label=_("New ideas (do not reuse my earlier recipes)")
    )

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
        label=_("Your ingredients"),
        help_text=_("One per line or separated by commas."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": _("eggs, tomatoes, spinach, feta")}),
        error_messages={"required": _("Type at least one ingredient.")},
    )
    field_order = ["ingredients", "count", "max_minutes", "cuisine", "fresh"]


def search_field(label: StrOrPromise) -> forms.CharField:
    """The search box over a person's recipes: titles and ingredients."""
    return forms.CharField(
        max_length=100,
        required=False,
        label=label,
        widget=forms.SearchInput(attrs={"placeholder": _("Title or ingredient")}),
    )


class RecipeFilterForm(forms.Form):
    """The search box and filters over the person's own recipes (a GET form)."""

    q = search_field(_("Search"))
    cuisine = forms.CharField(max_length=60, required=False, label=_("Cuisine"))
    max_minutes = forms.IntegerField(
        min_value=1, max_value=1440, required=False, label=_("Max minutes")
    )
    difficulty = forms.ChoiceField(
        choices=[("", _("Any")), *Difficulty.choices], required=False, label=_("Difficulty")
    )
    min_rating = forms.TypedChoiceField(
        choices=rating_choices,
        coerce=int,
        empty_value=None,
        required=False,
        label=_("Rating"),
    )
    favorite = forms.BooleanField(required=False, label=_("Favourites only"))
    ordering = forms.ChoiceField(
        choices=[("newest", _("Newest")), ("rating", _("Best rated")), ("time", _("Quickest"))],
        required=False,
        label=_("Sort by"),
    )

    def filters(self) -> dict[str, Any]:
        """Valid filters only: a mistyped field is reported but does not empty the list."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "", False)}


class FavoriteSearchForm(forms.Form):
    q = search_field(_("Search favourites"))


def star_choices() -> list[tuple[int, str]]:
    """1 star to 5 stars, in the language of the page (evaluated when the form is shown): in
    this order the arrow keys move a radio group the way the stars read (right is more)."""
    return [
        (n, ngettext("%(count)d star", "%(count)d stars", n) % {"count": n}) for n in range(1, 6)
    ]


class ReviewForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=star_choices,
        coerce=int,
        widget=forms.RadioSelect,
        label=_("Your rating"),
        error_messages={"required": _("Choose how many stars.")},
    )
    comment = forms.CharField(
        max_length=MAX_COMMENT_LENGTH,
        required=False,
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_COMMENT_LENGTH}),
    )


class ShoppingItemForm(forms.Form):
    name = forms.CharField(
        max_length=MAX_ITEM_NAME_LENGTH,
        label=_("Item"),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. lemons"), "autocomplete": "off"}),
        error_messages={"required": _("Name the item.")},
    )
    quantity = forms.DecimalField(
        min_value=0.01,
        max_value=1_000_000,
        decimal_places=2,
        required=False,
        label=_("Quantity"),
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )
    unit = forms.CharField(
        max_length=MAX_UNIT_LENGTH,
        required=False,
        label=_("Unit"),
        widget=forms.TextInput(attrs={"placeholder": _("g, cups…")}),
    )


class FavoriteForm(forms.Form):
    """The wanted state ("true" keeps, "false" lets go), so a double submit changes nothing."""

    favorite = forms.BooleanField(required=False)


class TickForm(forms.Form):
    """The wanted state of a shopping line, for the same reason."""

    checked = forms.BooleanField(required=False)


@dataclass(frozen=True)
class IngredientRow:
    """One line of the editable list, as shown and as posted back."""

    index: int
    name: str
    must: bool = False
    removed: bool = False
    confidence: float | None = None

    @property
    def percent(self) -> int | None:
        return None if self.confidence is None else round(self.confidence * 100)


def rows_for_scan(scan: Scan) -> list[IngredientRow]:
    return [
        IngredientRow(index=i, name=ing.name, confidence=ing.confidence)
        for i, ing in enumerate(scan.ingredients.all())
    ]


class IngredientsEditForm(RecipeOptionsForm):
    """The recognised list after the person's fixes, plus anything typed in "add ingredient".

    Rows arrive as item-<n>-name / item-<n>-must / item-<n>-remove, so new rows added in the page
    need no management form, and a ticked "remove" box works without JavaScript.
    """

    new_ingredients = forms.CharField(
        max_length=2000,
        required=False,
        label=_("Add ingredients"),
        widget=forms.TextInput(
            attrs={"placeholder": _("e.g. rice, garlic"), "autocomplete": "off"}
        ),
    )
    field_order = ["new_ingredients", "count", "max_minutes", "cuisine", "fresh"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[IngredientRow] = self._posted_rows() if self.is_bound else []

    @property
    def kept_count(self) -> int:
        """How many ingredients the list holds now (removed and empty rows left out)."""
        return sum(1 for r in self.rows if r.name and not r.removed)

    @property
    def shows_confidence(self) -> bool:
        return any(r.confidence is not None for r in self.rows)

    def _posted_rows(self) -> list[IngredientRow]:
        limit = settings.MAX_INGREDIENTS * 2
        rows: list[IngredientRow] = []
        for key in self.data:
            match = _ROW_NAME.match(key)
            if not match:
                continue
            n = int(match[1])
            rows.append(
                IngredientRow(
                    index=n,
                    name=" ".join(str(self.data.get(key, "")).split())[
                        : settings.MAX_INGREDIENT_LENGTH
                    ],
                    must=bool(self.data.get(f"item-{n}-must")),
                    removed=bool(self.data.get(f"item-{n}-remove")),
                )
            )
        rows.sort(key=lambda r: r.index)
        return rows[:limit]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kept = [r for r in self.rows if not r.removed and r.name]
        names = [r.name for r in kept] + clean_ingredients(cleaned.get("new_ingredients") or "")
        if not names:
            raise forms.ValidationError(
                _("Keep or add at least one ingredient."), code="no_ingredients"
            )
        cleaned["ingredients"] = names
        cleaned["must_use"] = [r.name for r in kept if r.must]
        return cleaned

    @property
    def next_index(self) -> int:
        return max((r.index for r in self.rows), default=-1) + 1
