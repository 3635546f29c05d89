"""History, favourites (the list and the button), reviews, and the shopping list."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.jobs import JobStatus
from recipes.models import Favorite
from recipes.models import Recipe
from recipes.models import Review
from recipes.models import ShoppingItem
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


def _ago(minutes: int) -> Any:
    return timezone.now() - timedelta(minutes=minutes)


# --- history ---------------------------------------------------------------------------------


def test_history_is_one_timeline_of_scans_and_requests_newest_first(
    cook: Client, user: Any, other_user: Any
) -> None:
    scan = ScanFactory(user=user, created_at=_ago(30))
    ScanIngredientFactory(scan=scan, name="leeks")
    failed = ScanFactory(
        user=user,
        created_at=_ago(20),
        status=JobStatus.FAILED,
        error_code="no_ingredients",
    )
    generation = GenerationFactory(user=user, created_at=_ago(10), ingredients=["leeks", "feta"])
    RecipeFactory(user=user, generation=generation, title="Leek and feta tart")
    ScanFactory(user=other_user)

    page = text_of(cook.get("/history/"))
    assert page.index(f"/generations/{generation.pk}/") < page.index(f"/scans/{failed.pk}/")
    assert page.index(f"/scans/{failed.pk}/") < page.index(f"/scans/{scan.pk}/")
    assert f'src="/photos/{scan.pk}/thumbnail/"' in page  # a thumbnail of each photo
    assert "leeks" in page
    assert "We could not see any food in this photo." in page
    assert "From: leeks, feta" in page
    assert "Leek and feta tart" in page
    assert page.count('class="timeline-item') == 3  # nothing of bob's
    assert f'action="/generations/{generation.pk}/rerun/"' in page
    assert f'href="/scans/{scan.pk}/delete/"' in page
    assert f'href="/generations/{generation.pk}/delete/"' in page


def test_history_is_paginated(cook: Client, user: Any) -> None:
    for minutes in range(25):
        GenerationFactory(user=user, created_at=_ago(minutes))
    first = text_of(cook.get("/history/"))
    assert first.count('class="timeline-item') == 20
    assert "Page 1 of 2" in first and 'href="?page=2"' in first
    second = text_of(cook.get("/history/?page=2"))
    assert second.count('class="timeline-item') == 5
    assert cook.get("/history/?page=9")["Location"] == "/history/?page=2"
    assert cook.get("/history/?page=abc").status_code == 200


def test_history_costs_a_fixed_number_of_queries(
    cook: Client, user: Any, django_assert_max_num_queries: Any
) -> None:
    for minutes in range(10):
        scan = ScanFactory(user=user, created_at=_ago(minutes))
        ScanIngredientFactory.create_batch(3, scan=scan)
        generation = GenerationFactory(user=user, scan=scan, created_at=_ago(minutes))
        RecipeFactory.create_batch(2, user=user, generation=generation)
    with django_assert_max_num_queries(9):
        response = cook.get("/history/")
    assert text_of(response).count('class="timeline-item') == 20


# --- favourites ------------------------------------------------------------------------------


def test_favourites_lists_kept_recipes_and_searches_them(cook: Client, user: Any) -> None:
    kept = RecipeFactory(user=user, title="Leek and feta tart")
    FavoriteFactory(user=user, recipe=kept)
    other = RecipeFactory(user=user, title="Tomato soup")
    FavoriteFactory(user=user, recipe=other)
    RecipeFactory(user=user, title="Not kept at all")

    page = text_of(cook.get("/favorites/"))
    assert "Leek and feta tart" in page and "Tomato soup" in page
    assert "Not kept at all" not in page

    page = text_of(cook.get("/favorites/?q=leek"))
    assert "Leek and feta tart" in page and "Tomato soup" not in page
    assert 'value="leek"' in page

    assert "No favourite matches “kale”." in text_of(cook.get("/favorites/?q=kale"))


@pytest.mark.parametrize(
    ("page", "says"), [("/history/", "Nothing yet."), ("/favorites/", "No favourites yet.")]
)
def test_an_empty_list_says_how_to_fill_it(cook: Client, page: str, says: str) -> None:
    assert says in text_of(cook.get(page))


def test_favourites_cost_a_fixed_number_of_queries(
    cook: Client, user: Any, django_assert_max_num_queries: Any
) -> None:
    FavoriteFactory.create_batch(15, recipe__user=user)
    with django_assert_max_num_queries(6):
        response = cook.get("/favorites/")
    assert text_of(response).count('class="card recipe-card"') == 15


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


# --- reviews --------------------------------------------------------------------------------------


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
    assert 'value="4" id="id_rating_3" checked' in page  # the form shows the saved rating
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


# --- shopping list ---------------------------------------------------------------------------


def test_missing_ingredients_of_a_recipe_go_on_the_list(cook: Client, user: Any) -> None:
    recipe = RecipeFactory(user=user, title="Shakshuka")
    response = cook.post(f"/recipes/{recipe.pk}/shopping/", follow=True)
    assert response.redirect_chain[-1][0] == "/shopping-list/"
    page = text_of(response)
    assert "Added 2 missing ingredients for “Shakshuka” to your list." in page
    assert '<span class="tick-name">olive oil</span>' in page
    assert '<span class="tick-qty">2 tbsp</span>' in page
    assert '<span class="tick-name">feta</span>' in page
    assert "for Shakshuka" in page
    assert '<span class="tick-name">eggs</span>' not in page  # already in the fridge


def test_adding_a_recipes_ingredients_twice_adds_them_once_and_the_recipe_says_so(
    cook: Client, user: Any
) -> None:
    recipe = RecipeFactory(user=user, title="Shakshuka")
    assert "Add missing ingredients to my shopping list" in text_of(
        cook.get(recipe.get_absolute_url())
    )
    cook.post(f"/recipes/{recipe.pk}/shopping/")

    again = cook.post(f"/recipes/{recipe.pk}/shopping/", follow=True)

    assert "Everything this recipe needs is already on your shopping list." in text_of(again)
    assert sorted(ShoppingItem.objects.values_list("name", "quantity")) == [
        ("feta", Decimal("100.00")),
        ("olive oil", Decimal("2.00")),
    ]
    page = text_of(cook.get(recipe.get_absolute_url()))
    assert "All 2 ingredients you need are on your shopping list." in page
    assert "Add missing ingredients to my shopping list" not in page
    assert "You need" not in page


def test_a_recipe_with_nothing_to_buy_says_so(cook: Client, user: Any) -> None:
    recipe = RecipeFactory(
        user=user, ingredients=[{"name": "eggs", "quantity": 2, "unit": "", "have": True}]
    )
    page = text_of(cook.get(f"/recipes/{recipe.pk}/"))
    assert "You have everything for this recipe." in page
    response = cook.post(f"/recipes/{recipe.pk}/shopping/", follow=True)
    assert "You already have everything for this recipe." in text_of(response)
    assert not ShoppingItem.objects.exists()


def test_adding_an_item_by_hand(cook: Client, user: Any) -> None:
    response = cook.post(
        "/shopping-list/add/", {"name": "lemons", "quantity": "3", "unit": ""}, follow=True
    )
    assert '<span class="tick-name">lemons</span>' in text_of(response)
    item = ShoppingItem.objects.get(user=user)
    assert (item.name, item.quantity) == ("lemons", Decimal("3.00"))


def test_an_item_without_a_name_is_explained(cook: Client) -> None:
    response = cook.post("/shopping-list/add/", {"name": " ", "quantity": "-1"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Name the item." in page
    assert "Ensure this value is greater than or equal to 0.01." in page
    assert not ShoppingItem.objects.exists()


def test_ticking_an_item_off_and_on(cook: Client, user: Any) -> None:
    item = ShoppingItemFactory(user=user, name="milk")
    response = cook.post(f"/shopping-list/{item.pk}/tick/", {"checked": "true"}, follow=True)
    item.refresh_from_db()
    assert item.checked
    page = text_of(response)
    assert 'class="shopping-item is-checked"' in page
    assert 'aria-pressed="true"' in page

    response = cook.post(
        f"/shopping-list/{item.pk}/tick/",
        {"checked": "false"},
        headers={"Accept": "application/json"},
    )
    assert json.loads(response.content) == {"checked": False}
    item.refresh_from_db()
    assert not item.checked


def test_deleting_an_item_and_clearing_the_ticked_ones(cook: Client, user: Any) -> None:
    gone = ShoppingItemFactory(user=user, name="milk")
    ShoppingItemFactory(user=user, name="flour", checked=True)
    ShoppingItemFactory(user=user, name="butter", checked=True)
    kept = ShoppingItemFactory(user=user, name="eggs")

    assert "Removed milk." in text_of(cook.post(f"/shopping-list/{gone.pk}/delete/", follow=True))
    response = cook.post("/shopping-list/clear-ticked/", follow=True)
    assert "Cleared 2 ticked items." in text_of(response)
    assert list(ShoppingItem.objects.values_list("pk", flat=True)) == [kept.pk]


def test_someone_elses_items_are_not_found(cook: Client, other_user: Any) -> None:
    theirs = ShoppingItemFactory(user=other_user, name="caviar")
    assert "caviar" not in text_of(cook.get("/shopping-list/"))
    assert cook.post(f"/shopping-list/{theirs.pk}/tick/", {"checked": "true"}).status_code == 404
    assert cook.post(f"/shopping-list/{theirs.pk}/delete/").status_code == 404
    cook.post("/shopping-list/clear-ticked/")
    theirs.refresh_from_db()
    assert not theirs.checked


def test_the_list_pages_need_a_signed_in_cook(client: Client) -> None:
    for url in ["/history/", "/favorites/", "/recipes/", "/shopping-list/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
