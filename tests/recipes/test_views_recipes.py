"""A recipe's page and printable page, and the recipe list with its search and filters."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from recipes.models import Recipe
from tests.factories import FavoriteFactory
from tests.factories import RecipeFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/recipes/{}/"),
        ("get", "/recipes/{}/print/"),
        ("post", "/recipes/{}/review/"),
        ("post", "/recipes/{}/review/delete/"),
        ("post", "/recipes/{}/shopping/"),
    ],
)
def test_someone_elses_recipe_is_not_found(
    cook: Client, other_user: Any, method: str, path: str
) -> None:
    theirs = RecipeFactory(user=other_user)
    assert getattr(cook, method)(path.format(theirs.pk)).status_code == 404


def test_favourite_and_rating_are_shown_on_the_page(
    cook: Client, user: Any, recipe: Recipe
) -> None:
    FavoriteFactory(user=user, recipe=recipe)
    page = text_of(cook.get(f"/recipes/{recipe.pk}/"))
    assert 'aria-pressed="true"' in page and ">Favourite<" in page


# --- search and filters (the recipe list) ---------------------------------------------------------


def _ago(minutes: int) -> Any:
    return timezone.now() - timedelta(minutes=minutes)


# Three of alice's recipes: title, cuisine, minutes, difficulty, written (minutes ago).
LIBRARY = {
    "soup": ("Tomato soup", "italian", 20, "easy", 3),
    "tart": ("Leek tart", "french", 70, "hard", 2),
    "curry": ("Chickpea curry", "indian", 40, "medium", 1),
}


@pytest.fixture
def library(user: Any) -> dict[str, Recipe]:
    """The soup and the tart are rated, the curry is a favourite."""
    recipes = {
        key: RecipeFactory(
            user=user,
            title=title,
            cuisine=cuisine,
            total_minutes=minutes,
            difficulty=difficulty,
            created_at=_ago(written),
        )
        for key, (title, cuisine, minutes, difficulty, written) in LIBRARY.items()
    }
    Recipe.objects.filter(pk=recipes["tart"].pk).update(rating_avg=4.5, rating_count=2)
    Recipe.objects.filter(pk=recipes["soup"].pk).update(rating_avg=3.0, rating_count=1)
    FavoriteFactory(user=user, recipe=recipes["curry"])
    return recipes


def _titles(response: Any) -> list[str]:
    page = text_of(response)
    titles = []
    for chunk in page.split('<h2 class="card-title"><a href="')[1:]:
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
