"""Reviews as a cook experiences them: stars, comments, averages, moderation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from recipes import reviews
from recipes.models import Recipe
from recipes.models import Review
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import UserFactory
from tests.support.metrics import sample

pytestmark = pytest.mark.django_db


def test_a_second_review_edits_the_first_and_keeps_the_prompt_it_rated(
    user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """One review per person and recipe, stamped with the model and prompt that wrote it."""
    recipe = RecipeFactory(user=user, model_name="mistral:7b", prompt_version="recipes-v2")
    observed = sample("chef_review_rating_count")

    with django_capture_on_commit_callbacks(execute=True):
        review, created = reviews.review_upsert(
            user=user, recipe=recipe, rating=2, comment="  too salty  "
        )
    with django_capture_on_commit_callbacks(execute=True):
        again, created_again = reviews.review_upsert(
            user=user, recipe=recipe, rating=5, comment="Better the second time."
        )

    assert (created, created_again) == (True, False)
    assert again.pk == review.pk
    stored = Review.objects.get(recipe=recipe)
    assert (stored.rating, stored.comment) == (5, "Better the second time.")
    assert (stored.model_name, stored.prompt_version) == ("mistral:7b", "recipes-v2")
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (5.0, 1)
    assert sample("chef_review_rating_count") == observed + 2


def test_review_comment_is_trimmed_plain_text(user: Any) -> None:
    """Surrounding blanks and control characters go; line breaks a person typed stay."""
    recipe = RecipeFactory(user=user)
    review, _ = reviews.review_upsert(
        user=user, recipe=recipe, rating=4, comment="\x00  Good.\nWould cook again.\x07  "
    )
    assert review.comment == "Good.\nWould cook again."


@pytest.mark.parametrize("rating", [0, 6, -1, "five", None, True, 3.5])
def test_ratings_outside_one_to_five_stars_are_refused(user: Any, rating: Any) -> None:
    """The error names the rating field so a form can put it next to the stars."""
    recipe = RecipeFactory(user=user)
    with pytest.raises(ValidationError) as caught:
        reviews.review_upsert(user=user, recipe=recipe, rating=rating, comment="")
    assert "rating" in caught.value.message_dict
    assert not Review.objects.exists()


def test_a_comment_longer_than_2000_characters_is_refused(user: Any) -> None:
    recipe = RecipeFactory(user=user)
    with pytest.raises(ValidationError) as caught:
        reviews.review_upsert(user=user, recipe=recipe, rating=4, comment="a" * 2001)
    assert "comment" in caught.value.message_dict
    reviews.review_upsert(user=user, recipe=recipe, rating=4, comment="a" * 2000)
    assert Review.objects.get(recipe=recipe).comment == "a" * 2000


def test_nobody_can_review_someone_elses_recipe(user: Any, other_user: Any) -> None:
    theirs = RecipeFactory(user=other_user)
    with pytest.raises(Recipe.DoesNotExist):
        reviews.review_upsert(user=user, recipe=theirs, rating=1, comment="bad")
    assert not Review.objects.exists()


def test_averages_leave_out_hidden_reviews_and_follow_moderation(user: Any) -> None:
    """Hiding a review takes it out of the average; showing it again puts it back."""
    recipe = RecipeFactory(user=user)
    rude = ReviewFactory(recipe=recipe, user=UserFactory(), rating=1)
    ReviewFactory(recipe=recipe, user=UserFactory(), rating=4, hidden=True)
    reviews.review_upsert(user=user, recipe=recipe, rating=5, comment="")
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (3.0, 2)

    assert reviews.review_set_hidden(review=rude, hidden=True) is True
    assert reviews.review_set_hidden(review=rude, hidden=True) is False
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (5.0, 1)

    reviews.review_set_hidden(review=rude, hidden=False)
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (3.0, 2)


def test_hiding_many_reviews_moves_every_recipe_they_belong_to(user: Any) -> None:
    """A bulk moderation counts only the reviews it changed and refreshes each recipe once."""
    soup, stew = RecipeFactory(user=user), RecipeFactory(user=user)
    ReviewFactory(recipe=soup, user=UserFactory(), rating=5)
    ReviewFactory(recipe=soup, user=UserFactory(), rating=1)
    ReviewFactory(recipe=stew, user=UserFactory(), rating=2)
    ReviewFactory(recipe=stew, user=UserFactory(), rating=4, hidden=True)

    changed = reviews.reviews_set_hidden(reviews=Review.objects.filter(rating__lte=2), hidden=True)
    assert changed == 2
    assert reviews.reviews_set_hidden(reviews=Review.objects.all(), hidden=True) == 1
    assert reviews.reviews_set_hidden(reviews=Review.objects.filter(rating=4), hidden=False) == 1

    soup.refresh_from_db()
    stew.refresh_from_db()
    assert (soup.rating_avg, soup.rating_count) == (None, 0)
    assert (stew.rating_avg, stew.rating_count) == (4.0, 1)


def test_deleting_the_last_review_clears_the_average(user: Any, other_user: Any) -> None:
    """Only the author may delete a review; afterwards the recipe shows no rating."""
    recipe = RecipeFactory(user=user)
    review, _ = reviews.review_upsert(user=user, recipe=recipe, rating=3, comment="ok")

    with pytest.raises(Review.DoesNotExist):
        reviews.review_delete(user=other_user, review=review)
    reviews.review_delete(user=user, review=review)

    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (None, 0)
    assert not Review.objects.exists()
