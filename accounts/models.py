"""Users and the cooking profile that every prompt respects."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Our own user model from the first migration, so it can grow without pain."""

    email = models.EmailField(_("email address"), blank=True, max_length=254)


class Diet(models.TextChoices):
    NONE = "none", _("No restrictions")
    VEGETARIAN = "vegetarian", _("Vegetarian")
    VEGAN = "vegan", _("Vegan")
    PESCATARIAN = "pescatarian", _("Pescatarian")
    KETO = "keto", _("Keto")
    HALAL = "halal", _("Halal")
    KOSHER = "kosher", _("Kosher")
    GLUTEN_FREE = "gluten_free", _("Gluten-free")
    DAIRY_FREE = "dairy_free", _("Dairy-free")


class Skill(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class Language(models.TextChoices):
    # Each language is named in itself, as a language switch names it.
    EN = "en", "English"
    RU = "ru", "Русский"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    diet = models.CharField(_("diet"), max_length=20, choices=Diet.choices, default=Diet.NONE)
    # Lists of short names, bounded by the services (count and length).
    allergies = models.JSONField(_("allergies"), default=list, blank=True)
    disliked_ingredients = models.JSONField(_("disliked ingredients"), default=list, blank=True)
    favorite_cuisines = models.JSONField(_("favourite cuisines"), default=list, blank=True)
    skill_level = models.CharField(
        _("cooking skill"), max_length=20, choices=Skill.choices, default=Skill.BEGINNER
    )
    servings = models.PositiveSmallIntegerField(
        _("usual servings"), default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    max_minutes = models.PositiveSmallIntegerField(
        _("time budget (minutes)"),
        default=45,
        validators=[MinValueValidator(5), MaxValueValidator(480)],
    )
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.EN
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("cooking profile")
        verbose_name_plural = _("cooking profiles")
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(servings__gte=1, servings__lte=12), name="profile_servings_1_12"
            ),
            models.CheckConstraint(
                condition=models.Q(max_minutes__gte=5, max_minutes__lte=480),
                name="profile_max_minutes_5_480",
            ),
        ]

    def __str__(self) -> str:
        return f"Profile of {self.user}"
