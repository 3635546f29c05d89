"""Recipe requests: typed ingredients start one; its page shows progress while writing, then the
recipe cards; retry when it failed; re-run and delete from the history."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.api.throttles import JobUserThrottle
from core.jobs import JobStatus
from core.jobs import Stage
from recipes.models import Generation
from recipes.models import Recipe
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


def test_a_running_request_shows_its_progress(cook: Client, user: Any) -> None:
    generation = GenerationFactory(
        user=user, status=JobStatus.RUNNING, progress=55, stage=Stage.WRITING_RECIPES
    )
    page = text_of(cook.get(f"/generations/{generation.pk}/"))
    assert '<progress max="100" value="55"' in page
    assert '<span class="stage">Writing your recipes</span>' in page
    assert f'data-poll-url="/generations/{generation.pk}/status/"' in page
    assert "From: tomato, eggs, spinach" in page

    fragment = text_of(cook.get(f"/generations/{generation.pk}/status/"))
    assert 'data-finished="false"' in fragment and "55%" in fragment


def test_a_finished_request_shows_its_recipe_cards(cook: Client, user: Any) -> None:
    generation = GenerationFactory(user=user)
    kept = RecipeFactory(
        user=user,
        generation=generation,
        position=0,
        title="Shakshuka",
        cuisine="middle eastern",
        total_minutes=25,
        difficulty="easy",
    )
    RecipeFactory(user=user, generation=generation, position=1, title="Tomato soup")
    FavoriteFactory(user=user, recipe=kept)
    ReviewFactory(user=user, recipe=kept, rating=4)
    kept.rating_avg, kept.rating_count = 4.0, 1
    kept.save()

    fragment = text_of(cook.get(f"/generations/{generation.pk}/status/"))
    assert 'data-finished="true"' in fragment

    page = text_of(cook.get(f"/generations/{generation.pk}/"))
    assert page.index("Shakshuka") < page.index("Tomato soup")
    assert f'href="/recipes/{kept.pk}/"' in page
    assert "Middle eastern" in page and "25 min" in page and "Easy" in page
    assert "4.0" in page and "(1 rating)" in page
    assert 'aria-pressed="true"' in page  # Shakshuka is a favourite
    assert 'aria-pressed="false"' in page  # the soup is not
    assert "<progress" not in page


def test_retry_queues_the_request_again(cook: Client, user: Any) -> None:
    generation = GenerationFactory(user=user, status=JobStatus.FAILED, error_code="ai_busy")
    response = cook.post(f"/generations/{generation.pk}/retry/", follow=True)
    generation.refresh_from_db()
    assert generation.status == JobStatus.QUEUED
    assert "Asking again for your recipes." in text_of(response)
    assert '<span class="stage">Queued</span>' in text_of(response)


@pytest.mark.parametrize("recipes", [1, 5])
def test_the_cards_page_costs_the_same_few_queries_for_one_or_five_recipes(
    cook: Client, user: Any, recipes: int, django_assert_max_num_queries: Any
) -> None:
    generation = GenerationFactory(user=user)
    for position in range(recipes):
        recipe = RecipeFactory(user=user, generation=generation, position=position)
        FavoriteFactory(user=user, recipe=recipe)
    with django_assert_max_num_queries(6):
        response = cook.get(f"/generations/{generation.pk}/")
    assert text_of(response).count('class="card recipe-card"') == recipes


# --- typed ingredients (from the home page) -------------------------------------------------------


def test_typed_ingredients_start_recipes_without_a_photo(cook: Client, user: Any) -> None:
    response = cook.post(
        "/generations/new/",
        {"ingredients": "eggs, tomatoes\nspinach", "count": "2", "max_minutes": "25"},
    )
    generation = Generation.objects.get(user=user)
    assert response["Location"] == f"/generations/{generation.pk}/"
    assert generation.ingredients == ["eggs", "tomatoes", "spinach"]
    assert (generation.count, generation.max_minutes, generation.scan) == (2, 25, None)


def test_typing_nothing_is_explained_on_the_home_page(cook: Client, user: Any) -> None:
    response = cook.post("/generations/new/", {"ingredients": "  ", "count": "3"})
    assert response.status_code == 400
    page = text_of(response)
    assert "Type at least one ingredient." in page
    assert "Upload a photo" in page
    assert not Generation.objects.exists()


def test_a_count_outside_one_to_five_is_refused(cook: Client) -> None:
    response = cook.post("/generations/new/", {"ingredients": "eggs", "count": "9"})
    assert response.status_code == 400
    assert "Select a valid choice." in text_of(response)


# --- history actions: re-run and delete -----------------------------------------------------------


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
    asked = text_of(cook.get(f"/generations/{generation.pk}/delete/"))
    assert "Delete this recipe request?" in asked
    assert f'<form method="post" action="/generations/{generation.pk}/delete/"' in asked
    response = cook.post(f"/generations/{generation.pk}/delete/", follow=True)
    assert "The recipe request is deleted from your history." in text_of(response)
    assert not Generation.objects.filter(pk=generation.pk).exists()
    assert Recipe.objects.filter(pk=recipe.pk).exists()


def test_a_russian_cook_reads_which_recipe_is_being_written_in_russian(
    cook: Client, user: Any
) -> None:
    user.profile.language = "ru"
    user.profile.save()
    generation = GenerationFactory(
        user=user,
        status=JobStatus.RUNNING,
        progress=40,
        stage=Stage.WRITING_RECIPES,
        stage_params={"done": 1, "total": 3},
    )
    page = text_of(cook.get(f"/generations/{generation.pk}/"))
    assert '<span class="stage">Пишем рецепт 2 из 3</span>' in page
    fragment = text_of(cook.get(f"/generations/{generation.pk}/status/"))
    assert '<span class="stage">Пишем рецепт 2 из 3</span>' in fragment


def test_a_russian_cook_reads_why_a_request_failed_in_russian(cook: Client, user: Any) -> None:
    user.profile.language = "ru"
    user.profile.save()
    generation = GenerationFactory(user=user, failed=True, error_code="no_safe_recipes")
    page = text_of(cook.get(f"/generations/{generation.pk}/"))
    assert "Полученные рецепты не учитывали ваши аллергии" in page
    history = text_of(cook.get("/history/"))
    assert "Полученные рецепты не учитывали ваши аллергии" in history
