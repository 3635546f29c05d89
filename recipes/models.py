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
    ai_service = "recipe"
    etag_children = "recipes"
    model_purpose = "recipes"
    units_lookup = "generation__count"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generations"
    )
    scan = models.ForeignKey(
        "vision.Scan", null=True, blank=True, on_delete=models.SET_NULL, related_name="generations"
    )
    ingredients = models.JSONField(_("ingredients"), default=list)
    must_use = models.JSONField(_("must use"), default=list, blank=True)
    count = models.PositiveSmallIntegerField(
        _("recipes asked for"), default=3, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    max_minutes = models.PositiveSmallIntegerField(_("max minutes"), null=True, blank=True)
    cuisine = models.CharField(_("cuisine"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    # The profile as it was when the job was created: the recipes must respect this snapshot.
    preferences = models.JSONField(_("profile at the time"), default=dict)
    fresh = models.BooleanField(_("new ideas only"), default=False)
    cache_key = models.CharField(_("cache key"), max_length=64, db_index=True)
    prompt_version = models.CharField(_("prompt version"), max_length=40, blank=True)
    dropped_unsafe = models.PositiveSmallIntegerField(_("recipes withheld"), default=0)

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
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    cuisine = models.CharField(_("cuisine"), max_length=60, blank=True, db_index=True)
    total_minutes = models.PositiveSmallIntegerField(_("total minutes"), default=0, db_index=True)
    difficulty = models.CharField(
        _("difficulty"), max_length=10, choices=Difficulty.choices, default=Difficulty.EASY
    )
    servings = models.PositiveSmallIntegerField(_("servings"), default=2)
    # [{"name", "quantity", "unit", "have"}]
    ingredients = models.JSONField(_("ingredients"), default=list)
    steps = models.JSONField(_("steps"), default=list)
    # {"kcal", "protein_g", "fat_g", "carbs_g"} per serving, estimated
    nutrition = models.JSONField(_("nutrition"), default=dict)
    tips = models.JSONField(_("tips"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, default="en")
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    prompt_version = models.CharField(_("prompt version"), max_length=40, blank=True)
    prompt_variant = models.ForeignKey(
        "chef_site.PromptVariant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recipes",
        verbose_name=_("prompt variant"),
    )
    # Lower-cased title and ingredient names, for search.
    search_text = models.TextField(_("search text"), blank=True)
    rating_avg = models.FloatField(_("average rating"), null=True, blank=True, db_index=True)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)

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
    created_at = models.DateTimeField(_("created"), default=timezone.now)

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
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden reviews do not count in averages.")
    )
    model_name = models.CharField(_("model"), max_length=120, blank=True)
    prompt_version = models.CharField(_("prompt version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

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
    name = models.CharField(_("name"), max_length=80)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    checked = models.BooleanField(_("ticked"), default=False)
    recipe = models.ForeignKey(
        Recipe, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The recipes whose amounts this line already holds: adding one of them again adds nothing.
    recipes = models.ManyToManyField(
        Recipe, blank=True, related_name="shopping_items", verbose_name=_("from recipes")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("shopping list item")
        verbose_name_plural = _("shopping list items")
        ordering = ("checked", "name", "id")
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["user", "checked"])]

    def __str__(self) -> str:
        return self.name
