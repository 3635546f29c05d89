"""History, favourites, search and filters, and the shopping list."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.api.throttles import JobUserThrottle
from core.jobs import JobStatus
from recipes.models import Generation, Recipe, ShoppingItem
from tests.factories import (
    FavoriteFactory,
    GenerationFactory,
    RecipeFactory,
    ScanFactory,
    ScanIngredientFactory,
    ShoppingItemFactory,
)
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
        error_message="We could not see any food in this photo.",
    )
    generation = GenerationFactory(user=user, created_at=_ago(10), ingredients=["leeks", "feta"])
    RecipeFactory(user=user, generation=generation, title="Leek and feta tart")
    ScanFactory(user=other_user)

    page = text_of(cook.get("/history/"))
    assert page.index(f"/generations/{generation.pk}/") < page.index(f"/scans/{failed.pk}/")
    assert page.index(f"/scans/{failed.pk}/") < page.index(f"/scans/{scan.pk}/")
    assert f'src="/photos/{scan.pk}/"' in page  # a thumbnail of each photo
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


def test_an_empty_history_says_how_to_start(cook: Client) -> None:
    assert "Nothing yet." in text_of(cook.get("/history/"))


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


def test_re_run_asks_for_fresh_recipes_from_the_same_ingredients(cook: Client, user: Any) -> None:
    earlier = GenerationFactory(
        user=user, ingredients=["leeks", "feta"], must_use=["feta"], count=2, cuisine="Greek"
    )
    response = cook.post(f"/generations/{earlier.pk}/rerun/")
    fresh = Generation.objects.exclude(pk=earlier.pk).get()
    assert response["Location"] == f"/generations/{fresh.pk}/"
    assert fresh.ingredients == ["leeks", "feta"]
    assert fresh.must_use == ["feta"]
    assert (fresh.count, fresh.cuisine, fresh.fresh) == (2, "Greek", True)
    assert fresh.status == JobStatus.QUEUED


def test_re_run_counts_towards_the_job_rate_limit(
    cook: Client, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JobUserThrottle, "rate", "1/hour", raising=False)
    earlier = GenerationFactory(user=user)
    assert cook.post(f"/generations/{earlier.pk}/rerun/").status_code == 302
    response = cook.post(f"/generations/{earlier.pk}/rerun/")
    assert response.status_code == 429
    assert "You are going too fast, try again in" in text_of(response)


def test_deleting_a_request_asks_first_and_keeps_its_recipes(cook: Client, user: Any) -> None:
    generation = GenerationFactory(user=user)
    recipe = RecipeFactory(user=user, generation=generation)
    assert "Delete this recipe request?" in text_of(
        cook.get(f"/generations/{generation.pk}/delete/")
    )
    response = cook.post(f"/generations/{generation.pk}/delete/", follow=True)
    assert "The recipe request is deleted from your history." in text_of(response)
    assert not Generation.objects.filter(pk=generation.pk).exists()
    assert Recipe.objects.filter(pk=recipe.pk).exists()


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


def test_no_favourites_yet_says_how_to_keep_one(cook: Client) -> None:
    assert "No favourites yet." in text_of(cook.get("/favorites/"))


def test_favourites_cost_a_fixed_number_of_queries(
    cook: Client, user: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(15):
        FavoriteFactory(recipe=RecipeFactory(user=user), user=user)
    with django_assert_max_num_queries(6):
        response = cook.get("/favorites/")
    assert text_of(response).count('class="card recipe-card"') == 15


# --- search and filters ----------------------------------------------------------------------


@pytest.fixture
def library(user: Any) -> dict[str, Recipe]:
    soup = RecipeFactory(
        user=user,
        title="Tomato soup",
        cuisine="italian",
        total_minutes=20,
        difficulty="easy",
        created_at=_ago(3),
    )
    tart = RecipeFactory(
        user=user,
        title="Leek tart",
        cuisine="french",
        total_minutes=70,
        difficulty="hard",
        created_at=_ago(2),
    )
    curry = RecipeFactory(
        user=user,
        title="Chickpea curry",
        cuisine="indian",
        total_minutes=40,
        difficulty="medium",
        created_at=_ago(1),
    )
    Recipe.objects.filter(pk=tart.pk).update(rating_avg=4.5, rating_count=2)
    Recipe.objects.filter(pk=soup.pk).update(rating_avg=3.0, rating_count=1)
    FavoriteFactory(user=user, recipe=curry)
    return {"soup": soup, "tart": tart, "curry": curry}


def _titles(response: Any) -> list[str]:
    page = text_of(response)
    titles = []
    for chunk in page.split('<h3 class="card-title"><a href="')[1:]:
        titles.append(chunk[chunk.index(">") + 1 : chunk.index("</a>")])
    return titles


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Chickpea curry", "Leek tart", "Tomato soup"]),
        ("?q=tart", ["Leek tart"]),
        ("?cuisine=Italian", ["Tomato soup"]),
        ("?max_minutes=45", ["Chickpea curry", "Tomato soup"]),
        ("?difficulty=hard", ["Leek tart"]),
        ("?min_rating=4", ["Leek tart"]),
        ("?favorite=on", ["Chickpea curry"]),
        ("?ordering=rating", ["Leek tart", "Tomato soup", "Chickpea curry"]),
        ("?ordering=time", ["Tomato soup", "Chickpea curry", "Leek tart"]),
        ("?max_minutes=soon", ["Chickpea curry", "Leek tart", "Tomato soup"]),
    ],
)
def test_search_and_filters_narrow_and_sort_my_recipes(
    cook: Client, library: dict[str, Recipe], query: str, expected: list[str]
) -> None:
    response = cook.get(f"/recipes/{query}")
    assert response.status_code == 200
    assert _titles(response) == expected


def test_a_mistyped_filter_is_explained_and_ignored(cook: Client, library: Any) -> None:
    page = text_of(cook.get("/recipes/?max_minutes=soon"))
    assert "Enter a whole number." in page


def test_search_never_shows_someone_elses_recipes(cook: Client, other_user: Any) -> None:
    RecipeFactory(user=other_user, title="Bob's secret stew")
    response = cook.get("/recipes/?q=stew")
    assert _titles(response) == []
    assert "No recipe matches." in text_of(response)


def test_search_results_are_paginated(cook: Client, user: Any) -> None:
    for minutes in range(23):
        RecipeFactory(user=user, created_at=_ago(minutes))
    page = text_of(cook.get("/recipes/?ordering=newest"))
    assert "Page 1 of 2" in page
    assert 'href="?ordering=newest&amp;page=2"' in page
    assert len(_titles(cook.get("/recipes/?ordering=newest&page=2"))) == 3


def test_search_costs_a_fixed_number_of_queries(
    cook: Client, user: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(20):
        recipe = RecipeFactory(user=user)
        FavoriteFactory(user=user, recipe=recipe)
    with django_assert_max_num_queries(6):
        response = cook.get("/recipes/?q=&ordering=rating")
    assert len(_titles(response)) == 20


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
