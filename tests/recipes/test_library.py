"""Favourites, reviews and the shopping list as a cook experiences them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from prometheus_client import REGISTRY

from recipes import favorites, reviews, shopping
from recipes.models import Favorite, Recipe, Review, ShoppingItem
from tests.factories import RecipeFactory, ReviewFactory, ShoppingItemFactory, UserFactory

pytestmark = pytest.mark.django_db


def sample(name: str) -> float:
    return REGISTRY.get_sample_value(name) or 0.0


def recipe_with(user: Any, *ingredients: dict[str, Any], **kwargs: Any) -> Recipe:
    return RecipeFactory(user=user, ingredients=list(ingredients), **kwargs)


def to_buy(name: str, quantity: Any = None, unit: str = "") -> dict[str, Any]:
    return {"name": name, "quantity": quantity, "unit": unit, "have": False}


def lines(user: Any) -> list[tuple[str, Decimal | None, str, bool]]:
    return [
        (i.name, i.quantity, i.unit, i.checked)
        for i in ShoppingItem.objects.filter(user=user).order_by("checked", "name", "id")
    ]


# --- favourites --------------------------------------------------------------------------------


def test_keeping_a_recipe_twice_keeps_it_once_and_counts_once(
    user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """A double tap on the heart gives one favourite and one tick of the metric."""
    recipe = RecipeFactory(user=user)
    before = sample("chef_favorites_added_total")

    with django_capture_on_commit_callbacks(execute=True):
        _, first = favorites.favorite_set(user=user, recipe_id=recipe.pk)
    with django_capture_on_commit_callbacks(execute=True):
        favorite, second = favorites.favorite_set(user=user, recipe_id=recipe.pk)

    assert (first, second) == (True, False)
    assert list(Favorite.objects.filter(user=user).values_list("recipe_id", flat=True)) == [
        recipe.pk
    ]
    assert favorite.recipe_id == recipe.pk
    assert sample("chef_favorites_added_total") == before + 1


def test_removing_a_favourite_twice_reports_whether_something_went(user: Any) -> None:
    """Unsetting is idempotent: True the first time, False once it is gone."""
    favorite = favorites.favorite_set(user=user, recipe_id=RecipeFactory(user=user).pk)[0]

    assert favorites.favorite_unset(user=user, recipe_id=favorite.recipe_id) is True
    assert favorites.favorite_unset(user=user, recipe_id=favorite.recipe_id) is False
    assert not Favorite.objects.filter(user=user).exists()


@pytest.mark.parametrize("bad_id", ["nope", "", None, -1, 2**70])
def test_favourites_refuse_ids_that_are_not_recipes(user: Any, bad_id: Any) -> None:
    """Malformed or out-of-range ids read as a missing recipe, not as a server error."""
    with pytest.raises(Recipe.DoesNotExist):
        favorites.favorite_set(user=user, recipe_id=bad_id)


def test_nobody_can_keep_or_drop_someone_elses_recipe(user: Any, other_user: Any) -> None:
    """Another person's recipe is reported as missing and their favourite stays."""
    theirs = RecipeFactory(user=other_user)
    favorites.favorite_set(user=other_user, recipe_id=theirs.pk)

    with pytest.raises(Recipe.DoesNotExist):
        favorites.favorite_set(user=user, recipe_id=theirs.pk)
    with pytest.raises(Recipe.DoesNotExist):
        favorites.favorite_unset(user=user, recipe_id=theirs.pk)
    assert Favorite.objects.filter(user=other_user, recipe=theirs).exists()
    assert not Favorite.objects.filter(user=user).exists()


# --- reviews -----------------------------------------------------------------------------------


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


# --- shopping list -----------------------------------------------------------------------------


def test_the_same_ingredient_from_a_recipe_tops_up_the_existing_line(user: Any) -> None:
    """ "2 eggs" on the list plus "3 eggs" from a recipe makes one line of 5 eggs."""
    ShoppingItemFactory(user=user, name="eggs", quantity=2, unit="")
    recipe = recipe_with(user, to_buy("Egg ", 3), to_buy("milk", 1, "l"))

    touched = shopping.shopping_add_from_recipe(user=user, recipe=recipe)

    assert sorted(i.name for i in touched) == ["eggs", "milk"]
    assert lines(user) == [
        ("eggs", Decimal("5.00"), "", False),
        ("milk", Decimal("1.00"), "l", False),
    ]


def test_only_missing_ingredients_go_on_the_list(user: Any) -> None:
    """What the cook already has is not bought again."""
    recipe = recipe_with(
        user,
        {"name": "tomato", "quantity": 3, "unit": "", "have": True},
        to_buy("feta", 100, "g"),
    )
    shopping.shopping_add_from_recipe(user=user, recipe=recipe)
    assert lines(user) == [("feta", Decimal("100.00"), "g", False)]
    assert ShoppingItem.objects.get(user=user).recipe_id == recipe.pk


def test_different_units_of_one_ingredient_stay_apart(user: Any) -> None:
    """2 cups and 100 g of flour do not add up, so they are two lines."""
    ShoppingItemFactory(user=user, name="flour", quantity=2, unit="cups")
    shopping.shopping_add_from_recipe(
        user=user, recipe=recipe_with(user, to_buy("flour", 100, "g"), to_buy("Flour", 1, "cup"))
    )
    assert lines(user) == [
        ("flour", Decimal("3.00"), "cups", False),
        ("flour", Decimal("100.00"), "g", False),
    ]


def test_an_unknown_amount_stays_unknown_when_merged(user: Any) -> None:
    """ "Some basil" plus 10 g of basil is still "some basil": no invented number."""
    ShoppingItemFactory(user=user, name="basil", quantity=None, unit="")
    shopping.shopping_add_from_recipe(
        user=user,
        recipe=recipe_with(user, to_buy("basil", 10), to_buy("salt", "a pinch"), to_buy("", 2)),
    )
    assert lines(user) == [
        ("basil", None, "", False),
        ("salt", None, "", False),
    ]


def test_ticked_lines_are_not_reopened_by_a_new_recipe(user: Any) -> None:
    """Eggs already bought (ticked) stay ticked; the new need is a fresh line."""
    ShoppingItemFactory(user=user, name="eggs", quantity=6, checked=True)
    shopping.shopping_add_from_recipe(user=user, recipe=recipe_with(user, to_buy("eggs", 2)))
    assert lines(user) == [
        ("eggs", Decimal("2.00"), "", False),
        ("eggs", Decimal("6.00"), "", True),
    ]


def test_adding_by_hand_merges_the_same_way(user: Any) -> None:
    shopping.shopping_item_create(user=user, name="Tomatoes", quantity="2", unit="")
    item = shopping.shopping_item_create(user=user, name=" tomato ", quantity=1)
    assert item.quantity == Decimal("3.00")
    assert lines(user) == [("Tomatoes", Decimal("3.00"), "", False)]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "milk", "quantity": -1}, "quantity"),
        ({"name": "milk", "quantity": "lots"}, "quantity"),
        ({"name": "milk", "quantity": "1e9"}, "quantity"),
        ({"name": "milk", "quantity": "NaN"}, "quantity"),
        ({"name": "milk", "quantity": "-Infinity"}, "quantity"),
        ({"name": "milk", "unit": "u" * 31}, "unit"),
    ],
)
def test_hand_written_lines_are_bounded(user: Any, fields: dict[str, Any], field: str) -> None:
    """A bad name, amount or unit is refused with the field named; nothing is stored."""
    with pytest.raises(ValidationError) as caught:
        shopping.shopping_item_create(user=user, **fields)
    assert field in caught.value.message_dict
    assert not ShoppingItem.objects.exists()


def test_a_full_list_refuses_more(user: Any, monkeypatch: Any) -> None:
    """The list has a ceiling so one account cannot grow it without end."""
    monkeypatch.setattr(shopping, "MAX_SHOPPING_ITEMS", 2)
    shopping.shopping_item_create(user=user, name="milk")
    shopping.shopping_item_create(user=user, name="bread")
    with pytest.raises(ValidationError) as caught:
        shopping.shopping_item_create(user=user, name="butter")
    assert caught.value.message_dict == {
        "__all__": ["The shopping list is full (2 items). Clear the ticked items first."]
    }
    # Topping up an existing line adds no line, so it is still allowed.
    shopping.shopping_item_create(user=user, name="milk")
    assert ShoppingItem.objects.filter(user=user).count() == 2


def test_editing_a_line_changes_only_what_was_asked(user: Any) -> None:
    item = ShoppingItemFactory(user=user, name="milk", quantity=1, unit="l")
    shopping.shopping_item_update(user=user, item=item, checked=True, quantity="1.5")
    assert lines(user) == [("milk", Decimal("1.50"), "l", True)]

    with pytest.raises(ValidationError):
        shopping.shopping_item_update(user=user, item=item, name="")
    with pytest.raises(TypeError):
        shopping.shopping_item_update(user=user, item=item, user_id=999)


def test_nobody_can_touch_someone_elses_list(user: Any, other_user: Any) -> None:
    """Their lines are reported as missing and left exactly as they were."""
    theirs = ShoppingItemFactory(user=other_user, name="cream", checked=True)
    with pytest.raises(ShoppingItem.DoesNotExist):
        shopping.shopping_item_update(user=user, item=theirs, name="mine now")
    with pytest.raises(ShoppingItem.DoesNotExist):
        shopping.shopping_item_delete(user=user, item=theirs)
    with pytest.raises(Recipe.DoesNotExist):
        shopping.shopping_add_from_recipe(user=user, recipe=RecipeFactory(user=other_user))
    assert shopping.shopping_clear_checked(user=user) == 0
    assert lines(other_user) == [("cream", Decimal("2.00"), "", True)]


def test_clearing_ticked_lines_keeps_the_rest(user: Any) -> None:
    ShoppingItemFactory(user=user, name="eggs", checked=True)
    ShoppingItemFactory(user=user, name="milk", checked=True)
    keep = ShoppingItemFactory(user=user, name="flour")
    assert shopping.shopping_clear_checked(user=user) == 2
    shopping.shopping_item_delete(user=user, item=keep)
    assert lines(user) == []
