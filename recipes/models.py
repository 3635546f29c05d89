"""Generations (recipe-writing jobs), the recipes they produced, and what people keep."""

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.jobs import Job
from core.jobs import progress_check


class Generation(Job):
    kind = "generation"
    ai_service = "recipe service"
    waiting_promise = "your request is safe and your recipes will be written"
    etag_children = "recipes"
    model_purpose = "recipes"
    units_lookup = "generation__count"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generations"
    )
    scan = models.ForeignKey(
        "vision.Scan", null=True, blank=True, on_delete=models.SET_NULL, related_name="generations"
    )
    ingredients = models.JSONField(default=list)
    must_use = models.JSONField(default=list, blank=True)
    count = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    max_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    cuisine = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=5, default="en")
    # The profile as it was when the job was created: the recipes must respect this snapshot.
    preferences = models.JSONField(default=dict)
    fresh = models.BooleanField(default=False)
    cache_key = models.CharField(max_length=64, db_index=True)
    prompt_version = models.CharField(max_length=40, blank=True)
    dropped_unsafe = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("recipe request")
        verbose_name_plural = _("recipe requests")
        ordering = ("-created_at", "-id")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            progress_check("generation"),
            models.CheckConstraint(
                condition=models.Q(count__gte=1, count__lte=5), name="generation_count_1_5"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"Generation #{self.pk} ({self.status})"

    @property
    def estimate_units(self) -> int:
        return self.count

    def get_absolute_url(self) -> str:
        return reverse("recipes:generation-detail", args=[self.pk])


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class Recipe(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recipes"
    )
    generation = models.ForeignKey(
        Generation, null=True, blank=True, on_delete=models.SET_NULL, related_name="recipes"
    )
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    cuisine = models.CharField(max_length=60, blank=True, db_index=True)
    total_minutes = models.PositiveSmallIntegerField(default=0, db_index=True)
    difficulty = models.CharField(
        max_length=10, choices=Difficulty.choices, default=Difficulty.EASY
    )
    servings = models.PositiveSmallIntegerField(default=2)
    # [{"name", "quantity", "unit", "have"}]
    ingredients = models.JSONField(default=list)
    steps = models.JSONField(default=list)
    # {"kcal", "protein_g", "fat_g", "carbs_g"} per serving, estimated
    nutrition = models.JSONField(default=dict)
    tips = models.JSONField(default=list, blank=True)
    language = models.CharField(max_length=5, default="en")
    model_name = models.CharField(max_length=120, blank=True)
    prompt_version = models.CharField(max_length=40, blank=True)
    # Lower-cased title and ingredient names, for search.
    search_text = models.TextField(blank=True)
    rating_avg = models.FloatField(null=True, blank=True, db_index=True)
    rating_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("recipe")
        verbose_name_plural = _("recipes")
        ordering = ("-created_at", "position", "-id")
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recipes:recipe-detail", args=[self.pk])

    @property
    def to_buy(self) -> list[dict[str, object]]:
        return [i for i in self.ingredients if not i.get("have")]


class Favorite(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="favorites"
    )
    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="favorites")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("favourite")
        verbose_name_plural = _("favourites")
        ordering = ("-created_at",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "recipe"], name="favorite_once_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ♥ {self.recipe}"


class Review(models.Model):
    """1–5 stars and an optional comment; kept with the model and prompt that wrote the recipe."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    recipe = models.ForeignKey(Recipe, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(max_length=2000, blank=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden reviews do not count in averages.")
    )
    model_name = models.CharField(max_length=120, blank=True)
    prompt_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ("-created_at",)
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["user", "recipe"], name="review_once_per_user"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="review_rating_1_5"
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["prompt_version", "model_name"]),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.recipe}"


class ShoppingItem(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shopping_items"
    )
    name = models.CharField(max_length=80)
    quantity = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(max_length=30, blank=True)
    checked = models.BooleanField(default=False)
    recipe = models.ForeignKey(
        Recipe, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shopping list item")
        verbose_name_plural = _("shopping list items")
        ordering = ("checked", "name", "id")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["user", "checked"])]

    def __str__(self) -> str:
        return self.name
