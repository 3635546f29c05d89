"""Forms of the photo pages: the upload and the editable list of recognised ingredients."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings

from recipes.forms import RecipeOptionsForm
from recipes.services import clean_ingredients
from vision.models import Scan

_ROW_NAME = re.compile(r"^item-(\d{1,4})-name$")


class PhotoForm(forms.Form):
    """The photo input; whether it is a usable photo is decided by decoding it (scan_create)."""

    photo = forms.FileField(
        label="Photo of your fridge or groceries",
        allow_empty_file=True,  # scan_create explains an empty file in its own words
        error_messages={"required": "Please choose a photo."},
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_mb = settings.MAX_UPLOAD_MB
        self.fields["photo"].widget.attrs["data-max-bytes"] = str(limit_mb * 1024 * 1024)
        self.fields["photo"].help_text = f"JPEG, PNG, WebP or HEIC, up to {limit_mb} MB."


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
        label="Add ingredients",
        widget=forms.TextInput(attrs={"placeholder": "e.g. rice, garlic", "autocomplete": "off"}),
    )
    field_order = ["new_ingredients", "count", "max_minutes", "cuisine", "fresh"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[IngredientRow] = self._posted_rows() if self.is_bound else []

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
                "Keep or add at least one ingredient.", code="no_ingredients"
            )
        cleaned["ingredients"] = names
        cleaned["must_use"] = [r.name for r in kept if r.must]
        return cleaned

    @property
    def next_index(self) -> int:
        return max((r.index for r in self.rows), default=-1) + 1
