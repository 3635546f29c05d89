"""A recipe request's page: progress while writing, then the recipe cards; retry when it failed."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.jobs import JobStatus
from recipes.models import Generation
from tests.factories import FavoriteFactory, GenerationFactory, RecipeFactory, ReviewFactory
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db


def test_a_running_request_shows_its_progress(cook: Client, user: Any) -> None:
    generation = GenerationFactory(
        user=user, status=JobStatus.RUNNING, progress=55, stage="Writing your recipes"
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


def test_a_failed_request_explains_why_and_offers_retry(cook: Client, user: Any) -> None:
    generation = GenerationFactory(
        user=user,
        status=JobStatus.FAILED,
        error_code="no_safe_recipes",
        error_message="The recipes we got did not respect your allergies. Press Retry.",
    )
    page = text_of(cook.get(f"/generations/{generation.pk}/"))
    assert "The recipes we got did not respect your allergies. Press Retry." in page
    assert f'action="/generations/{generation.pk}/retry/"' in page


def test_retry_queues_the_request_again(cook: Client, user: Any) -> None:
    generation = GenerationFactory(user=user, status=JobStatus.FAILED, error_message="Busy.")
    response = cook.post(f"/generations/{generation.pk}/retry/", follow=True)
    generation.refresh_from_db()
    assert generation.status == JobStatus.QUEUED
    assert "Asking again for your recipes." in text_of(response)
    assert '<span class="stage">Queued</span>' in text_of(response)


def test_someone_elses_request_is_not_found(cook: Client, other_user: Any) -> None:
    theirs = GenerationFactory(user=other_user, status=JobStatus.FAILED)
    for method, url in [
        ("get", f"/generations/{theirs.pk}/"),
        ("get", f"/generations/{theirs.pk}/status/"),
        ("post", f"/generations/{theirs.pk}/retry/"),
        ("post", f"/generations/{theirs.pk}/rerun/"),
        ("get", f"/generations/{theirs.pk}/delete/"),
        ("post", f"/generations/{theirs.pk}/delete/"),
    ]:
        assert getattr(cook, method)(url).status_code == 404, (method, url)
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.FAILED
    assert Generation.objects.count() == 1


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
