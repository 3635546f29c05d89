"""A recipe's page and printable page, the favourite toggle and reviews."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from recipes.models import Favorite, Recipe, Review
from tests.factories import FavoriteFactory, RecipeFactory, ReviewFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def recipe(user: Any) -> Recipe:
    return RecipeFactory(
        user=user,
        title="Spinach frittata",
        description="Eggs and spinach, baked until just set.",
        cuisine="italian",
        total_minutes=25,
        difficulty="medium",
        servings=3,
        ingredients=[
            {"name": "eggs", "quantity": 6.0, "unit": "", "have": True},
            {"name": "spinach", "quantity": 150, "unit": "g", "have": True},
            {"name": "olive oil", "quantity": 1.5, "unit": "tbsp", "have": False},
            {"name": "parmesan", "quantity": None, "unit": "", "have": False},
        ],
        steps=["Beat the eggs.", "Wilt the spinach.", "Bake for 15 minutes."],
        nutrition={"kcal": 310.4, "protein_g": 21.25, "fat_g": 22.0, "carbs_g": 4.5},
        tips=["Serve with a green salad."],
        model_name="mistral:7b",
    )


def test_the_recipe_page_shows_everything_needed_to_cook(cook: Client, recipe: Recipe) -> None:
    page = text_of(cook.get(f"/recipes/{recipe.pk}/"))
    assert "<h1>Spinach frittata</h1>" in page
    assert "Eggs and spinach, baked until just set." in page
    for fact in ["Italian", "25 min", "Medium", "<dd>3</dd>"]:
        assert fact in page
    assert '<span class="ing-amount">6</span>' in page
    assert '<span class="ing-amount">150 g</span>' in page
    assert '<span class="ing-amount">1.5 tbsp</span>' in page
    assert page.count('<span class="marker">you have it</span>') == 2
    assert page.count('<span class="marker">to buy</span>') == 2
    steps = page[page.index('<ol class="recipe-steps">') : page.index("</ol>")]
    assert steps.count("<li>") == 3 and "<li>Beat the eggs.</li>" in steps
    assert "Nutrition per serving" in page and "(estimated)" in page
    assert "310 kcal" in page and "21.3 g" in page
    assert "Serve with a green salad." in page
    assert "Written by the model mistral:7b" in page
    assert f'href="/recipes/{recipe.pk}/print/"' in page
    assert "You need 2 more ingredients: olive oil, parmesan." in page


def test_the_printable_page_has_the_recipe_and_no_navigation(cook: Client, recipe: Recipe) -> None:
    page = text_of(cook.get(f"/recipes/{recipe.pk}/print/"))
    assert "<h1>Spinach frittata</h1>" in page
    assert "<li>Bake for 15 minutes.</li>" in page
    assert "<nav" not in page
    assert "Log out" not in page and "Shopping list" not in page
    assert "<form" not in page


def test_the_stylesheet_hides_navigation_and_buttons_when_printing() -> None:
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/site.css"), encoding="utf-8").read()  # noqa: SIM115
    print_rules = css[css.index("@media print") :]
    for selector in [".site-header", ".no-print", "button"]:
        assert selector in print_rules


def test_someone_elses_recipe_is_not_found(cook: Client, other_user: Any) -> None:
    theirs = RecipeFactory(user=other_user)
    for method, url in [
        ("get", f"/recipes/{theirs.pk}/"),
        ("get", f"/recipes/{theirs.pk}/print/"),
        ("post", f"/recipes/{theirs.pk}/review/"),
        ("post", f"/recipes/{theirs.pk}/review/delete/"),
        ("post", f"/recipes/{theirs.pk}/shopping/"),
    ]:
        assert getattr(cook, method)(url).status_code == 404, (method, url)


# --- favourites ------------------------------------------------------------------------------


def test_the_favourite_button_keeps_and_lets_go_without_javascript(
    cook: Client, user: Any, recipe: Recipe
) -> None:
    response = cook.post(
        f"/recipes/{recipe.pk}/favorite/", {"favorite": "true", "next": "/favorites/"}
    )
    assert response["Location"] == "/favorites/"
    assert Favorite.objects.filter(user=user, recipe=recipe).exists()
    page = text_of(cook.get(f"/recipes/{recipe.pk}/"))
    assert 'aria-pressed="true"' in page
    assert 'name="favorite" value="false"' in page  # the next press lets go

    response = cook.post(f"/recipes/{recipe.pk}/favorite/", {"favorite": "false"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/recipes/{recipe.pk}/"
    assert "Removed from favourites." in text_of(response)
    assert not Favorite.objects.filter(user=user, recipe=recipe).exists()


def test_pressing_keep_twice_keeps_it_once(cook: Client, user: Any, recipe: Recipe) -> None:
    for _ in range(2):
        cook.post(f"/recipes/{recipe.pk}/favorite/", {"favorite": "true"})
    assert Favorite.objects.filter(user=user, recipe=recipe).count() == 1


def test_the_favourite_button_answers_json_to_the_page_script(cook: Client, recipe: Recipe) -> None:
    response = cook.post(
        f"/recipes/{recipe.pk}/favorite/",
        {"favorite": "true"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200
    assert json.loads(response.content) == {"favorite": True, "message": "Saved to favourites"}


def test_a_redirect_elsewhere_is_never_followed(cook: Client, recipe: Recipe) -> None:
    response = cook.post(
        f"/recipes/{recipe.pk}/favorite/",
        {"favorite": "true", "next": "https://evil.example/"},
    )
    assert response["Location"] == f"/recipes/{recipe.pk}/"


@pytest.mark.parametrize("whose", ["gone", "someone else's"])
def test_keeping_a_recipe_that_is_gone_gives_a_notice_not_an_error_page(
    cook: Client, other_user: Any, whose: str
) -> None:
    if whose == "gone":
        target = RecipeFactory()
        recipe_id = target.pk
        target.delete()
    else:
        recipe_id = RecipeFactory(user=other_user).pk
    response = cook.post(f"/recipes/{recipe_id}/favorite/", {"favorite": "true"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/favorites/"
    assert "That recipe is no longer available." in text_of(response)

    response = cook.post(
        f"/recipes/{recipe_id}/favorite/",
        {"favorite": "true"},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 404
    assert json.loads(response.content) == {"error": "That recipe is no longer available."}
    assert not Favorite.objects.exists()


# --- reviews ---------------------------------------------------------------------------------


def test_rating_a_recipe_shows_the_stars_and_the_average(
    cook: Client, user: Any, recipe: Recipe
) -> None:
    response = cook.post(
        f"/recipes/{recipe.pk}/review/", {"rating": "4", "comment": "Lovely."}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/recipes/{recipe.pk}/#reviews"
    page = text_of(response)
    assert "Thanks for your review." in page
    assert "4.0" in page and "(1 rating)" in page
    assert 'value="4" id="id_rating_1" checked' in page  # the form shows the saved rating
    assert "Update my review" in page
    assert "Lovely." in page
    review = Review.objects.get(user=user, recipe=recipe)
    assert (review.rating, review.comment) == (4, "Lovely.")


def test_rating_again_edits_the_one_review(cook: Client, user: Any, recipe: Recipe) -> None:
    cook.post(f"/recipes/{recipe.pk}/review/", {"rating": "2", "comment": "Meh."})
    response = cook.post(
        f"/recipes/{recipe.pk}/review/", {"rating": "5", "comment": "Better reheated."}, follow=True
    )
    assert "Your review is updated." in text_of(response)
    assert Review.objects.filter(user=user, recipe=recipe).count() == 1
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (5.0, 1)


def test_a_review_without_stars_is_explained(cook: Client, recipe: Recipe) -> None:
    response = cook.post(f"/recipes/{recipe.pk}/review/", {"comment": "No stars."})
    assert response.status_code == 400
    page = text_of(response)
    assert "Choose how many stars." in page
    assert "No stars." in page  # the comment typed is not lost
    assert not Review.objects.exists()


def test_a_comment_over_2000_characters_is_refused(cook: Client, recipe: Recipe) -> None:
    response = cook.post(f"/recipes/{recipe.pk}/review/", {"rating": "3", "comment": "a" * 2001})
    assert response.status_code == 400
    assert "Ensure this value has at most 2000 characters (it has 2001)." in text_of(response)
    assert not Review.objects.exists()


def test_a_comment_is_shown_as_plain_text(cook: Client, recipe: Recipe) -> None:
    cook.post(
        f"/recipes/{recipe.pk}/review/",
        {"rating": "5", "comment": "<script>alert('x')</script>\nSecond line"},
    )
    page = text_of(cook.get(f"/recipes/{recipe.pk}/"))
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;<br>Second line" in page
    assert "<script>alert" not in page


def test_deleting_the_review_removes_it_from_the_average(
    cook: Client, user: Any, recipe: Recipe
) -> None:
    ReviewFactory(user=user, recipe=recipe, rating=3)
    response = cook.post(f"/recipes/{recipe.pk}/review/delete/", follow=True)
    assert "Your review is deleted." in text_of(response)
    assert not Review.objects.exists()
    assert "Not rated yet" in text_of(response)


def test_favourite_and_rating_are_shown_on_the_page(
    cook: Client, user: Any, recipe: Recipe
) -> None:
    FavoriteFactory(user=user, recipe=recipe)
    page = text_of(cook.get(f"/recipes/{recipe.pk}/"))
    assert 'aria-pressed="true"' in page and ">Favourite<" in page
