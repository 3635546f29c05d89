"""What a cook sees in their recipe lists, favourites, history and shopping list."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recipes import selectors
from recipes.models import Generation
from recipes.models import Recipe
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.factories import UserFactory
from vision.models import Scan

pytestmark = pytest.mark.django_db


def ago(minutes: int) -> Any:
    return timezone.now() - timedelta(minutes=minutes)


def titles(queryset: Any) -> list[str]:
    return [r.title for r in queryset]


def listed(user: Any, **filters: Any) -> list[str]:
    return titles(selectors.recipe_list_for(user=user, filters=filters))


def queries(action: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


# Four recipes of one cook: title, cuisine, minutes, difficulty, average stars, reviews, written
# (minutes ago) and ingredients (name, quantity, unit, have).
KITCHEN = {
    "soup": ("Tomato soup", "Italian", 30, "easy", 4.5, 2, 40, [("tomato", 4, "", True)]),
    "frittata": (
        "Spinach frittata",
        "italian",
        20,
        "medium",
        3.0,
        5,
        30,
        [("spinach", 100, "g", True), ("eggs", 4, "", False)],
    ),
    "shakshuka": ("Шакшука", "middle eastern", 45, "hard", 4.5, 7, 20, [("Eggs", 4, "", True)]),
    "toast": ("Cheese toast", "british", 10, "easy", None, 0, 10, [("cheddar", 50, "g", False)]),
}
NEWEST_FIRST = ["Cheese toast", "Шакшука", "Spinach frittata", "Tomato soup"]


def kitchen_recipe(user: Any, row: tuple[Any, ...]) -> Recipe:
    title, cuisine, minutes, difficulty, stars, reviews, written, ingredients = row
    return RecipeFactory(
        user=user,
        title=title,
        cuisine=cuisine,
        total_minutes=minutes,
        difficulty=difficulty,
        rating_avg=stars,
        rating_count=reviews,
        created_at=ago(written),
        ingredients=[
            {"name": name, "quantity": quantity, "unit": unit, "have": have}
            for name, quantity, unit, have in ingredients
        ],
    )


@pytest.fixture
def kitchen(user: Any) -> dict[str, Recipe]:
    """Four recipes of one cook with different cuisines, times, difficulties and ratings."""
    return {key: kitchen_recipe(user, row) for key, row in KITCHEN.items()}


# --- filters and ordering ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ({}, NEWEST_FIRST),
        # Equal averages go to the recipe with more reviews; unrated recipes sink to the bottom.
        ({"ordering": "rating"}, ["Шакшука", "Tomato soup", "Spinach frittata", "Cheese toast"]),
        ({"ordering": "time"}, ["Cheese toast", "Spinach frittata", "Tomato soup", "Шакшука"]),
    ],
    ids=["newest-by-default", "best-rated-unrated-last", "quickest"],
)
def test_the_list_is_newest_first_unless_ordered_by_rating_or_time(
    user: Any, kitchen: dict[str, Recipe], ordering: dict[str, str], expected: list[str]
) -> None:
    assert listed(user, **ordering) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("TOMATO", ["Tomato soup"]),
        ("eggs", ["Шакшука", "Spinach frittata"]),
        ("egg spinach", ["Spinach frittata"]),
        ("ШАКШ", ["Шакшука"]),
        ("  cheddar  ", ["Cheese toast"]),
        ("banana", []),
    ],
)
def test_search_looks_in_titles_and_ingredients_in_any_case(
    user: Any, kitchen: dict[str, Recipe], q: str, expected: list[str]
) -> None:
    """Every word must appear in the title or an ingredient name, whatever its case."""
    assert listed(user, q=q) == expected


def test_an_overlong_search_is_cut_not_refused(user: Any, kitchen: dict[str, Recipe]) -> None:
    """A pasted novel in the search box searches its first 100 characters."""
    assert listed(user, q="toast " * 30 + "zzz-beyond-the-limit") == ["Cheese toast"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"cuisine": "ITALIAN"}, ["Spinach frittata", "Tomato soup"]),
        ({"max_minutes": 20}, ["Cheese toast", "Spinach frittata"]),
        ({"max_minutes": "30"}, ["Cheese toast", "Spinach frittata", "Tomato soup"]),
        ({"difficulty": "easy"}, ["Cheese toast", "Tomato soup"]),
        ({"min_rating": 4}, ["Шакшука", "Tomato soup"]),
        ({"cuisine": "italian", "difficulty": "medium", "max_minutes": 25}, ["Spinach frittata"]),
    ],
)
def test_filters_narrow_the_list(
    user: Any, kitchen: dict[str, Recipe], filters: dict[str, Any], expected: list[str]
) -> None:
    assert listed(user, **filters) == expected


def test_favourite_filter_shows_only_kept_recipes(user: Any, kitchen: dict[str, Recipe]) -> None:
    FavoriteFactory(user=user, recipe=kitchen["soup"])
    assert listed(user, favorite=True) == ["Tomato soup"]
    assert listed(user, favorite="true") == ["Tomato soup"]
    assert len(listed(user, favorite=False)) == 4


@pytest.mark.parametrize(
    "junk",
    [
        {"max_minutes": "soon"},
        {"min_rating": "nan"},
        {"difficulty": "impossible"},
        {"ordering": "random"},
        {"cuisine": ""},
        {"q": None},
    ],
)
def test_malformed_filters_are_ignored(
    user: Any, kitchen: dict[str, Recipe], junk: dict[str, Any]
) -> None:
    """A hand-edited query string shows the plain list rather than an error page."""
    assert listed(user, **junk) == NEWEST_FIRST


def test_each_recipe_says_whether_it_is_kept_and_how_i_rated_it(
    user: Any, kitchen: dict[str, Recipe]
) -> None:
    FavoriteFactory(user=user, recipe=kitchen["toast"])
    ReviewFactory(user=user, recipe=kitchen["toast"], rating=2)
    marks = {
        r.title: (r.is_favorite, r.my_rating)
        for r in selectors.recipe_list_for(user=user, filters={})
    }
    assert marks["Cheese toast"] == (True, 2)
    assert marks["Tomato soup"] == (False, None)

    one = selectors.recipe_get_for(user=user, pk=str(kitchen["toast"].pk))
    assert (one.title, one.is_favorite, one.my_rating) == ("Cheese toast", True, 2)


# --- two people, two kitchens ------------------------------------------------------------------


def test_two_cooks_never_see_each_others_data(user: Any, other_user: Any) -> None:
    """Lists, favourites, history, reviews and shopping are each person's own."""
    mine = RecipeFactory(user=user, title="Mine")
    theirs = RecipeFactory(user=other_user, title="Theirs")
    FavoriteFactory(user=other_user, recipe=theirs)
    ReviewFactory(user=other_user, recipe=theirs, rating=5)
    ScanFactory(user=other_user)
    ShoppingItemFactory(user=other_user, name="their milk")
    ShoppingItemFactory(user=user, name="my bread")

    assert listed(user) == ["Mine"]
    assert listed(user, favorite=True) == []
    assert titles(selectors.favorite_list_for(user=user)) == []
    assert [i.obj for i in selectors.history_for(user=user)] == [mine.generation]
    assert [i.name for i in selectors.shopping_list_for(user=user)] == ["my bread"]
    assert list(selectors.scan_list_for(user=user)) == []
    assert list(selectors.generation_list_for(user=user)) == [mine.generation]
    with pytest.raises(Recipe.DoesNotExist):
        selectors.recipe_get_for(user=user, pk=theirs.pk)
    with pytest.raises(Recipe.DoesNotExist):
        selectors.review_list_for(user=user, recipe=theirs)
    with pytest.raises(Generation.DoesNotExist):
        selectors.generation_get_for(user=user, pk=theirs.generation_id)


@pytest.mark.parametrize("pk", ["abc", "", None, 0, 2**64, "1; DROP TABLE"])
def test_ids_that_cannot_exist_read_as_missing(user: Any, pk: Any) -> None:
    with pytest.raises(Recipe.DoesNotExist):
        selectors.recipe_get_for(user=user, pk=pk)
    with pytest.raises(Scan.DoesNotExist):
        selectors.scan_get_for(user=user, pk=pk)


# --- favourites, reviews, shopping -------------------------------------------------------------


def test_favourites_are_listed_by_when_they_were_kept(user: Any) -> None:
    """The recipe kept last is on top, even if it was written first; search narrows them."""
    old = RecipeFactory(user=user, title="Old soup", created_at=ago(90))
    new = RecipeFactory(user=user, title="New salad", created_at=ago(5))
    RecipeFactory(user=user, title="Not kept")
    FavoriteFactory(user=user, recipe=new, created_at=ago(3))
    FavoriteFactory(user=user, recipe=old, created_at=ago(1))

    kept = list(selectors.favorite_list_for(user=user))
    assert titles(kept) == ["Old soup", "New salad"]
    assert all(r.is_favorite for r in kept)
    assert titles(selectors.favorite_list_for(user=user, q="salad")) == ["New salad"]


def test_a_hidden_review_is_shown_to_its_author_only(user: Any, other_user: Any) -> None:
    recipe = RecipeFactory(user=user)
    mine = ReviewFactory(user=user, recipe=recipe, hidden=True)
    ReviewFactory(user=other_user, recipe=recipe, hidden=True)
    visible = ReviewFactory(user=UserFactory(), recipe=recipe, hidden=False)
    assert set(selectors.review_list_for(user=user, recipe=recipe)) == {mine, visible}


def test_shopping_list_shows_what_to_buy_before_what_is_ticked(user: Any) -> None:
    ShoppingItemFactory(user=user, name="apples", checked=True)
    ShoppingItemFactory(user=user, name="milk")
    ShoppingItemFactory(user=user, name="bread")
    assert [(i.name, i.checked) for i in selectors.shopping_list_for(user=user)] == [
        ("bread", False),
        ("milk", False),
        ("apples", True),
    ]


# --- history -----------------------------------------------------------------------------------


def test_history_mixes_scans_and_generations_newest_first(user: Any) -> None:
    """Each entry says what it is, and pages split the timeline without gaps or repeats."""
    scan_old = ScanFactory(user=user, created_at=ago(50))
    generation = GenerationFactory(user=user, created_at=ago(40))
    RecipeFactory(user=user, generation=generation, title="Omelette")
    scan_new = ScanFactory(user=user, created_at=ago(30))
    ScanIngredientFactory(scan=scan_new, name="leek")
    failed = GenerationFactory(user=user, created_at=ago(10), status="failed")

    items, total = selectors.history_page(user=user, page=1, page_size=3)
    rest, _ = selectors.history_page(user=user, page=2, page_size=3)

    assert total == 4
    assert [(i.type, i.obj.pk) for i in items + rest] == [
        ("generation", failed.pk),
        ("scan", scan_new.pk),
        ("generation", generation.pk),
        ("scan", scan_old.pk),
    ]
    assert items[0].created_at == failed.created_at
    assert [i.name for i in items[1].obj.ingredients.all()] == ["leek"]
    assert [r.title for r in items[2].obj.recipes.all()] == ["Omelette"]
    assert selectors.history_page(user=user, page=3, page_size=3) == ([], 4)


@pytest.mark.parametrize(("page", "page_size"), [(-5, 0), ("x", "y"), (10**9, 10**9)])
def test_history_paging_is_bounded(user: Any, page: Any, page_size: Any) -> None:
    """Nonsense page numbers give a page, never an error or a huge query."""
    ScanFactory(user=user)
    items, total = selectors.history_page(user=user, page=page, page_size=page_size)
    assert total == 1
    assert len(items) <= 1


# --- query counts stay flat as a kitchen grows -------------------------------------------------


def grow_kitchen(user: Any, count: int) -> None:
    for n in range(count):
        generation = GenerationFactory(user=user)
        recipe = RecipeFactory(user=user, generation=generation, title=f"Dish {n}")
        FavoriteFactory(user=user, recipe=recipe)
        ReviewFactory(user=user, recipe=recipe, rating=1 + n % 5)
        scan = ScanFactory(user=user)
        ScanIngredientFactory(scan=scan)
        ScanIngredientFactory(scan=scan)
        ShoppingItemFactory(user=user)


def touch_everything(user: Any) -> Callable[[], None]:
    """Read every field a page shows, so a lazy per-row query would be counted."""

    def read() -> None:
        for recipe in selectors.recipe_list_for(
            user=user, filters={"q": "dish", "ordering": "rating", "favorite": True}
        ):
            _ = (recipe.title, recipe.is_favorite, recipe.my_rating, recipe.rating_avg)

    return read


@pytest.mark.parametrize(
    ("name", "expected"),
    [("recipes", 1), ("favourites", 1), ("history", 6), ("scans", 2), ("generations", 2)],
)
def test_lists_cost_the_same_queries_for_5_or_50_rows(user: Any, name: str, expected: int) -> None:
    """No N+1: a cook with ten times the history costs the database the same number of queries."""

    def history() -> None:
        for item in selectors.history_page(user=user, page=1, page_size=50)[0]:
            if item.type == "scan":
                _ = [i.name for i in item.obj.ingredients.all()]
            else:
                _ = [r.title for r in item.obj.recipes.all()]

    def scans() -> None:
        _ = [[i.name for i in s.ingredients.all()] for s in selectors.scan_list_for(user=user)]

    def generations() -> None:
        _ = [[r.title for r in g.recipes.all()] for g in selectors.generation_list_for(user=user)]

    def favourites() -> None:
        _ = [(r.title, r.my_rating) for r in selectors.favorite_list_for(user=user, q="dish")]

    readers = {
        "recipes": touch_everything(user),
        "favourites": favourites,
        "history": history,
        "scans": scans,
        "generations": generations,
    }
    grow_kitchen(user, 5)
    small = queries(readers[name])
    grow_kitchen(user, 45)
    large = queries(readers[name])

    assert (small, large) == (expected, expected)


def test_the_shopping_list_is_one_query_with_recipe_titles(user: Any) -> None:
    recipe = RecipeFactory(user=user, title="Pancakes")
    for name in ("eggs", "milk", "flour"):
        ShoppingItemFactory(user=user, name=name, recipe=recipe)
    assert (
        queries(
            lambda: [
                (i.name, i.recipe.title if i.recipe else "")
                for i in selectors.shopping_list_for(user=user)
            ]
        )
        == 1
    )
