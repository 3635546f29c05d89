"""Generations over the API: ask for recipes (202 + Location), poll, list, delete, retry."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.jobs import JobStatus
from recipes.models import Generation
from recipes.models import Recipe
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ScanFactory
from tests.support.api import assert_error

pytestmark = pytest.mark.django_db

GENERATIONS = "/api/v1/generations/"
RECIPE_FIELDS = {
    "id",
    "warnings",
    "title",
    "description",
    "cuisine",
    "total_minutes",
    "difficulty",
    "servings",
    "ingredients",
    "steps",
    "nutrition",
    "tips",
    "language",
    "model",
    "prompt_version",
    "created_at",
    "generation",
    "is_favorite",
    "rating_avg",
    "rating_count",
    "my_rating",
}


def test_asking_for_recipes_answers_202_with_the_queued_generation(
    api_client: APIClient, user: Any
) -> None:
    response = api_client.post(
        GENERATIONS,
        {"ingredients": ["  Tomato ", "eggs", "tomato"], "must_use": ["eggs", "caviar"]},
    )

    assert response.status_code == 202
    body = response.json()
    generation = Generation.objects.get(pk=body["id"])
    assert generation.user == user
    assert response["Location"] == f"/api/v1/generations/{generation.pk}/"
    assert body["status"] == "queued"
    assert body["recipes"] == []
    assert body["ingredients"] == ["Tomato", "eggs"], "trimmed and de-duplicated"
    assert body["must_use"] == ["eggs"], "only what is in the list"
    assert (body["count"], body["max_minutes"], body["scan"]) == (3, 45, None)
    assert body["model"] == "mistral"


def test_the_options_sent_are_kept(api_client: APIClient, user: Any) -> None:
    scan = ScanFactory(user=user)

    body = api_client.post(
        GENERATIONS,
        {
            "ingredients": ["rice", "peas"],
            "scan": scan.pk,
            "count": 5,
            "max_minutes": 20,
            "cuisine": "  Thai ",
            "fresh": True,
        },
    ).json()

    assert (body["scan"], body["count"], body["max_minutes"], body["cuisine"]) == (
        scan.pk,
        5,
        20,
        "Thai",
    )
    assert Generation.objects.get(pk=body["id"]).fresh is True


def test_an_ingredient_of_80_characters_with_spaces_around_it_is_accepted(
    api_client: APIClient,
) -> None:
    name = "x" * 80
    response = api_client.post(GENERATIONS, {"ingredients": [f"   {name}   "]})

    assert response.status_code == 202
    assert response.json()["ingredients"] == [name]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "ingredients"),
        ({"ingredients": []}, "ingredients"),
        ({"ingredients": "eggs, milk"}, "ingredients"),
        ({"ingredients": ["   "]}, "ingredients"),
        ({"ingredients": ["x" * 81]}, "ingredients"),
        ({"ingredients": [f"item {i}" for i in range(61)]}, "ingredients"),
        ({"ingredients": [{"name": "eggs"}]}, "ingredients"),
        ({"ingredients": ["eggs"], "must_use": ["y" * 81]}, "must_use"),
        ({"ingredients": ["eggs"], "count": 0}, "count"),
        ({"ingredients": ["eggs"], "count": 6}, "count"),
        ({"ingredients": ["eggs"], "count": "three"}, "count"),
        ({"ingredients": ["eggs"], "max_minutes": 4}, "max_minutes"),
        ({"ingredients": ["eggs"], "max_minutes": 481}, "max_minutes"),
        ({"ingredients": ["eggs"], "cuisine": "c" * 41}, "cuisine"),
        ({"ingredients": ["eggs"], "fresh": "maybe"}, "fresh"),
        ({"ingredients": ["eggs"], "scan": "first"}, "scan"),
        ({"ingredients": ["eggs"], "scan": 0}, "scan"),
    ],
)
def test_invalid_requests_are_field_errors_and_create_nothing(
    api_client: APIClient, payload: dict[str, Any], field: str
) -> None:
    error = assert_error(api_client.post(GENERATIONS, payload, format="json"), 400, "invalid")

    assert field in error["details"]
    assert not Generation.objects.exists()


def test_ingredients_that_clean_to_nothing_get_the_services_message(
    api_client: APIClient,
) -> None:
    error = assert_error(api_client.post(GENERATIONS, {"ingredients": ["<>"]}), 400, "invalid")
    assert error["details"] == {"ingredients": ["Add at least one ingredient."]}


@pytest.mark.parametrize("scan_owner", ["other", "nobody"])
def test_a_scan_that_is_not_mine_is_a_field_error(
    api_client: APIClient, other_user: Any, scan_owner: str
) -> None:
    scan_id = ScanFactory(user=other_user).pk if scan_owner == "other" else 987654

    response = api_client.post(GENERATIONS, {"ingredients": ["eggs"], "scan": scan_id})

    error = assert_error(response, 400, "invalid")
    assert error["details"] == {"scan": ["That scan was not found."]}
    assert not Generation.objects.exists()


def test_a_body_that_is_not_an_object_is_a_400(api_client: APIClient) -> None:
    assert_error(api_client.post(GENERATIONS, ["eggs"], format="json"), 400, "invalid")


def test_malformed_json_is_a_400_parse_error(api_client: APIClient) -> None:
    response = api_client.post(GENERATIONS, '{"ingredients": [', content_type="application/json")
    assert_error(response, 400, "parse_error")


def test_a_succeeded_generation_shows_its_whole_recipes_in_order(
    api_client: APIClient, user: Any
) -> None:
    generation = GenerationFactory(user=user)
    second = RecipeFactory(user=user, generation=generation, position=1, title="Tomato soup")
    first = RecipeFactory(user=user, generation=generation, position=0, title="Shakshuka")

    body = api_client.get(f"{GENERATIONS}{generation.pk}/").json()

    assert body["status"] == "succeeded"
    assert [r["id"] for r in body["recipes"]] == [first.pk, second.pk]
    recipe = body["recipes"][0]
    assert set(recipe) == RECIPE_FIELDS
    assert recipe["generation"] == generation.pk
    assert recipe["ingredients"][2] == {
        "name": "olive oil",
        "quantity": 2,
        "unit": "tbsp",
        "have": False,
        "name_en": "",
        "note": "",
    }
    assert recipe["nutrition"] == {"kcal": 420, "protein_g": 21.0, "fat_g": 28.0, "carbs_g": 14.0}
    assert (recipe["is_favorite"], recipe["my_rating"]) == (False, None)


@pytest.mark.parametrize(
    "status",
    [JobStatus.QUEUED, JobStatus.WAITING, JobStatus.RUNNING, JobStatus.FAILED, JobStatus.CANCELLED],
)
def test_the_recipes_saved_so_far_are_shown_before_the_generation_succeeded(
    api_client: APIClient, user: Any, status: str
) -> None:
    """Recipes are saved one by one as they are written: the poll shows them while running,
    and a failed or cancelled generation keeps those written before it stopped."""
    generation = GenerationFactory(user=user, status=status)
    second = RecipeFactory(user=user, generation=generation, position=1, title="Second")
    first = RecipeFactory(user=user, generation=generation, position=0, title="First")

    recipes = api_client.get(f"{GENERATIONS}{generation.pk}/").json()["recipes"]

    assert [r["id"] for r in recipes] == [first.pk, second.pk]


def test_a_generation_with_no_recipe_written_yet_shows_an_empty_list(
    api_client: APIClient, user: Any
) -> None:
    generation = GenerationFactory(user=user, status=JobStatus.RUNNING)

    assert api_client.get(f"{GENERATIONS}{generation.pk}/").json()["recipes"] == []


def test_an_identical_request_is_answered_from_the_earlier_result(
    api_client: APIClient, user: Any
) -> None:
    first = api_client.post(GENERATIONS, {"ingredients": ["eggs", "leeks"]}).json()
    Generation.objects.filter(pk=first["id"]).update(status=JobStatus.SUCCEEDED, progress=100)
    RecipeFactory(user=user, generation_id=first["id"], title="Leek omelette")

    again = api_client.post(GENERATIONS, {"ingredients": ["leeks", "eggs"]})

    assert again.status_code == 202
    assert again.json()["status"] == "succeeded"
    assert [r["title"] for r in again.json()["recipes"]] == ["Leek omelette"]


def test_generation_list_is_mine_newest_first_with_recipe_titles(
    api_client: APIClient, user: Any, other_user: Any, django_assert_max_num_queries: Any
) -> None:
    older = GenerationFactory(user=user)
    newer = GenerationFactory(user=user)
    for generation in (older, newer, newer):
        RecipeFactory(user=user, generation=generation)
    GenerationFactory(user=other_user)

    with django_assert_max_num_queries(5):
        body = api_client.get(GENERATIONS).json()

    assert [g["id"] for g in body["results"]] == [newer.pk, older.pk]
    titles = body["results"][0]["recipes"]
    assert len(titles) == 2
    assert set(titles[0]) == {"id", "title"}


def test_delete_removes_the_generation_but_keeps_its_recipes(
    api_client: APIClient, user: Any
) -> None:
    recipe = RecipeFactory(user=user)
    generation_id = recipe.generation_id

    response = api_client.delete(f"{GENERATIONS}{generation_id}/")

    assert response.status_code == 204
    assert not Generation.objects.filter(pk=generation_id).exists()
    assert Recipe.objects.get(pk=recipe.pk).generation_id is None


def test_retry_of_a_failed_generation_queues_it_again(api_client: APIClient, user: Any) -> None:
    generation = GenerationFactory(
        user=user,
        status=JobStatus.FAILED,
        error_code="invalid_reply",
        error_params={"fault": "invalid_reply"},
    )

    response = api_client.post(f"{GENERATIONS}{generation.pk}/retry/")

    assert response.status_code == 202
    assert response["Location"] == f"/api/v1/generations/{generation.pk}/"
    assert (response.json()["status"], response.json()["error_code"]) == ("queued", "")


def test_retry_of_a_generation_that_has_not_failed_is_a_conflict(
    api_client: APIClient, user: Any
) -> None:
    generation = GenerationFactory(user=user, status=JobStatus.SUCCEEDED)

    error = assert_error(api_client.post(f"{GENERATIONS}{generation.pk}/retry/"), 409, "conflict")

    assert error["message"] == "Only a failed or cancelled generation can be retried."
