"""Review moderation in recipes/admin.py: hiding, editing and deleting reviews moves the stars."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recipes.models import Recipe
from recipes.models import Review
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import UserFactory
from tests.support.admin import run_action

pytestmark = pytest.mark.django_db


def test_hiding_a_review_takes_it_out_of_the_average(staff_client: Client) -> None:
    """Moderation moves the recipe's stars at once, and showing the review moves them back."""
    recipe = RecipeFactory(rating_avg=3.0, rating_count=2)
    ReviewFactory(recipe=recipe, user=UserFactory(), rating=5)
    rude = ReviewFactory(recipe=recipe, user=UserFactory(), rating=1, comment="Rubbish!!!")

    assert run_action(staff_client, "recipes_review", "hide_reviews", [rude]) == ["Hid 1 review."]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (5.0, 1)
    assert Review.objects.get(pk=rude.pk).hidden is True

    assert run_action(staff_client, "recipes_review", "unhide_reviews", [rude]) == [
        "Showed 1 review."
    ]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (3.0, 2)


def test_editing_a_review_in_the_admin_updates_the_average(staff_client: Client) -> None:
    recipe = RecipeFactory()
    review = ReviewFactory(recipe=recipe, rating=2, comment="meh")
    Recipe.objects.filter(pk=recipe.pk).update(rating_avg=2.0, rating_count=1)

    response = staff_client.post(
        reverse("admin:recipes_review_change", args=[review.pk]),
        {
            "user": review.user_id,
            "recipe": recipe.pk,
            "rating": 4,
            "comment": "Better than I said",
            "hidden": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (4.0, 1)


def test_deleting_reviews_in_the_admin_updates_the_average(staff_client: Client) -> None:
    recipe = RecipeFactory()
    keep = ReviewFactory(recipe=recipe, user=UserFactory(), rating=4)
    spam = ReviewFactory(recipe=recipe, user=UserFactory(), rating=1)
    Recipe.objects.filter(pk=recipe.pk).update(rating_avg=2.5, rating_count=2)

    staff_client.post(
        reverse("admin:recipes_review_changelist"),
        {"action": "delete_selected", "_selected_action": [spam.pk], "post": "yes"},
    )

    assert list(Review.objects.values_list("pk", flat=True)) == [keep.pk]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (4.0, 1)
