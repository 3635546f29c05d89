"""One factory per model, with realistic data."""

from __future__ import annotations

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from accounts.models import Profile
from accounts.models import User
from core.jobs import JobStatus
from core.jobs import Stage
from recipes.models import Favorite
from recipes.models import Generation
from recipes.models import Recipe
from recipes.models import Review
from recipes.models import ShoppingItem
from testkit.images import jpeg_bytes
from vision.models import Scan
from vision.models import ScanIngredient

PASSWORD = "correct-horse-battery-staple"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"cook{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory("tests.factories.ProfileFactory", factory_related_name="user")


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, profile=None)
    diet = "none"
    allergies = factory.LazyFunction(list)
    disliked_ingredients = factory.LazyFunction(list)
    favorite_cuisines = factory.LazyFunction(lambda: ["italian"])
    servings = 2
    max_minutes = 45
    language = "en"


class JobFactory(DjangoModelFactory):
    """A job of a person's that has finished well; `failed=True` for one that failed."""

    class Meta:
        abstract = True

    class Params:
        failed = factory.Trait(status=JobStatus.FAILED, stage=Stage.FAILED)

    user = factory.SubFactory(UserFactory)
    status = JobStatus.SUCCEEDED
    progress = 100
    stage = Stage.DONE


class ScanFactory(JobFactory):
    class Meta:
        model = Scan

    image = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))
    image_sha256 = factory.Faker("sha256")
    width = 640
    height = 480
    model_name = "qwen2.5vl:7b"


class ScanIngredientFactory(DjangoModelFactory):
    class Meta:
        model = ScanIngredient

    scan = factory.SubFactory(ScanFactory)
    name = factory.Iterator(["tomato", "eggs", "spinach", "cheddar cheese", "milk", "onion"])
    confidence = factory.Faker("pyfloat", min_value=0.5, max_value=0.99)
    position = factory.Sequence(int)


class GenerationFactory(JobFactory):
    class Meta:
        model = Generation

    ingredients = factory.LazyFunction(lambda: ["tomato", "eggs", "spinach"])
    count = 3
    max_minutes = 45
    preferences = factory.LazyFunction(lambda: {"diet": "none", "allergies": []})
    cache_key = factory.Faker("sha256")
    prompt_version = "recipes-v1"
    model_name = "mistral"


class RecipeFactory(DjangoModelFactory):
    class Meta:
        model = Recipe

    user = factory.SubFactory(UserFactory)
    generation = factory.SubFactory(GenerationFactory, user=factory.SelfAttribute("..user"))
    title = factory.Faker(
        "random_element",
        elements=["Tomato egg skillet", "Spinach frittata", "Shakshuka", "Tomato soup"],
    )
    description = factory.Faker("sentence", nb_words=12)
    cuisine = factory.Iterator(["italian", "french", "middle eastern", "spanish"])
    total_minutes = factory.Iterator([15, 25, 35, 45])
    difficulty = factory.Iterator(["easy", "medium", "hard"])
    servings = 2
    ingredients = factory.LazyFunction(
        lambda: [
            {"name": "tomato", "quantity": 3, "unit": "", "have": True},
            {"name": "eggs", "quantity": 4, "unit": "", "have": True},
            {"name": "olive oil", "quantity": 2, "unit": "tbsp", "have": False},
            {"name": "feta", "quantity": 100, "unit": "g", "have": False},
        ]
    )
    steps = factory.LazyFunction(lambda: ["Chop the tomatoes.", "Fry them.", "Add the eggs."])
    nutrition = factory.LazyFunction(
        lambda: {"kcal": 420, "protein_g": 21.0, "fat_g": 28.0, "carbs_g": 14.0}
    )
    tips = factory.LazyFunction(lambda: ["Serve with bread."])
    model_name = "mistral"
    prompt_version = "recipes-v1"
    search_text = factory.LazyAttribute(
        lambda r: " ".join([r.title, *(i["name"] for i in r.ingredients)]).casefold()
    )


class FavoriteFactory(DjangoModelFactory):
    class Meta:
        model = Favorite

    recipe = factory.SubFactory(RecipeFactory)
    user = factory.SelfAttribute("recipe.user")


class ReviewFactory(DjangoModelFactory):
    class Meta:
        model = Review

    recipe = factory.SubFactory(RecipeFactory)
    user = factory.SelfAttribute("recipe.user")
    rating = factory.Faker("random_int", min=1, max=5)
    comment = factory.Faker("sentence")
    model_name = factory.SelfAttribute("recipe.model_name")
    prompt_version = factory.SelfAttribute("recipe.prompt_version")


class ShoppingItemFactory(DjangoModelFactory):
    class Meta:
        model = ShoppingItem

    user = factory.SubFactory(UserFactory)
    name = factory.Iterator(["eggs", "milk", "flour", "butter"])
    quantity = 2
    unit = ""
