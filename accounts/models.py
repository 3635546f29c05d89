"""Users and the cooking profile that every prompt respects."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models


class User(AbstractUser):
    """Our own user model from the first migration, so it can grow without pain."""

    email = models.EmailField("email address", blank=True, max_length=254)


class Diet(models.TextChoices):
    NONE = "none", "No restrictions"
    VEGETARIAN = "vegetarian", "Vegetarian"
    VEGAN = "vegan", "Vegan"
    PESCATARIAN = "pescatarian", "Pescatarian"
    KETO = "keto", "Keto"
    HALAL = "halal", "Halal"
    KOSHER = "kosher", "Kosher"
    GLUTEN_FREE = "gluten_free", "Gluten-free"
    DAIRY_FREE = "dairy_free", "Dairy-free"


class Skill(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"


class Language(models.TextChoices):
    EN = "en", "English"
    RU = "ru", "Русский"


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    diet = models.CharField(max_length=20, choices=Diet.choices, default=Diet.NONE)
    # Lists of short names, bounded by the services (count and length).
    allergies = models.JSONField(default=list, blank=True)
    disliked_ingredients = models.JSONField(default=list, blank=True)
    favorite_cuisines = models.JSONField(default=list, blank=True)
    skill_level = models.CharField(max_length=20, choices=Skill.choices, default=Skill.BEGINNER)
    servings = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    max_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.EN)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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
