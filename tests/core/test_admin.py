"""Staff actions: retrying failed jobs, moderating reviews, reading prompt statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.admin import prompt_statistics
from core.jobs import ErrorCode, JobStatus
from core.models import ModelCall
from recipes.models import Generation, Recipe, Review
from tests.factories import (
    GenerationFactory,
    RecipeFactory,
    ReviewFactory,
    ScanFactory,
    UserFactory,
)
from tests.support.admin import model_call
from vision.models import Scan

pytestmark = pytest.mark.django_db


def run_action(client: Client, name: str, action: str, objects: list[Any]) -> list[str]:
    """Submit the changelist's action form as a browser would; returns the messages shown."""
    response = client.post(
        reverse(f"admin:{name}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], "index": 0},
        follow=True,
    )
    assert response.status_code == 200
    return [str(m) for m in response.context["messages"]]


def test_retry_requeues_failed_scans_and_reports_the_skipped(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Failed scans go back to the queue with a clean slate; finished ones are left alone."""
    failed = ScanFactory(
        status=JobStatus.FAILED,
        progress=40,
        stage="Failed",
        error_code=ErrorCode.AI_UNAVAILABLE,
        error_message="The recognition service is unreachable.",
    )
    done = ScanFactory(status=JobStatus.SUCCEEDED)

    with django_capture_on_commit_callbacks(execute=False) as published:
        shown = run_action(staff_client, "vision_scan", "retry_failed_jobs", [failed, done])

    assert shown == ["Re-queued 1 failed job. Skipped 1 that had not failed."]
    failed.refresh_from_db()
    assert (failed.status, failed.progress, failed.error_code, failed.error_message) == (
        JobStatus.QUEUED,
        0,
        "",
        "",
    )
    assert Scan.objects.get(pk=done.pk).status == JobStatus.SUCCEEDED
    assert len(published) == 1, "one task message, sent after the commit"


def test_retry_with_nothing_failed_says_so(staff_client: Client) -> None:
    generation = GenerationFactory(status=JobStatus.RUNNING, progress=50)
    shown = run_action(staff_client, "recipes_generation", "retry_failed_jobs", [generation])
    assert shown == ["Re-queued 0 failed jobs. Skipped 1 that had not failed."]
    assert Generation.objects.get(pk=generation.pk).status == JobStatus.RUNNING


def test_hiding_a_review_takes_it_out_of_the_average(staff_client: Client) -> None:
    """Moderation moves the recipe's stars at once, and showing the review moves them back."""
    recipe = RecipeFactory(rating_avg=3.0, rating_count=2)
    ReviewFactory(recipe=recipe, user=UserFactory(), rating=5)
    rude = ReviewFactory(recipe=recipe, user=UserFactory(), rating=1, comment="Rubbish!!!")

    assert run_action(staff_client, "recipes_review", "hide_reviews", [rude]) == ["Hid 1 review."]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (5.0, 1)
    assert Review.objects.get(pk=rude.pk).hidden is True

    assert run_action(staff_client, "recipes_review", "unhide_reviews", [rude]) == [
        "Showed 1 review."
    ]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (3.0, 2)


def test_editing_a_review_in_the_admin_updates_the_average(staff_client: Client) -> None:
    recipe = RecipeFactory()
    review = ReviewFactory(recipe=recipe, rating=2, comment="meh")
    Recipe.objects.filter(pk=recipe.pk).update(rating_avg=2.0, rating_count=1)

    response = staff_client.post(
        reverse("admin:recipes_review_change", args=[review.pk]),
        {
            "user": review.user_id,
            "recipe": recipe.pk,
            "rating": 4,
            "comment": "Better than I said",
            "hidden": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (4.0, 1)


def test_deleting_reviews_in_the_admin_updates_the_average(staff_client: Client) -> None:
    recipe = RecipeFactory()
    keep = ReviewFactory(recipe=recipe, user=UserFactory(), rating=4)
    spam = ReviewFactory(recipe=recipe, user=UserFactory(), rating=1)
    Recipe.objects.filter(pk=recipe.pk).update(rating_avg=2.5, rating_count=2)

    staff_client.post(
        reverse("admin:recipes_review_changelist"),
        {"action": "delete_selected", "_selected_action": [spam.pk], "post": "yes"},
    )

    assert list(Review.objects.values_list("pk", flat=True)) == [keep.pk]
    recipe.refresh_from_db()
    assert (recipe.rating_avg, recipe.rating_count) == (4.0, 1)


def test_prompt_statistics_compare_prompt_versions(staff_client: Client) -> None:
    """Per prompt version and model: recipes, visible reviews, stars, calls, tokens, failures."""
    v1 = RecipeFactory(prompt_version="recipes-v1", model_name="mistral")
    v2 = RecipeFactory(prompt_version="recipes-v2", model_name="mistral")
    ReviewFactory(recipe=v1, rating=2)
    ReviewFactory(recipe=v2, rating=5)
    ReviewFactory(recipe=v2, user=UserFactory(), rating=4)
    ReviewFactory(recipe=v2, user=UserFactory(), rating=1, hidden=True)
    model_call(prompt_version="recipes-v2", prompt_eval_count=300, eval_count=700)
    model_call(prompt_version="recipes-v2", prompt_eval_count=500, eval_count=500)
    model_call(
        prompt_version="recipes-v2",
        outcome=ModelCall.Outcome.INVALID_REPLY,
        prompt_eval_count=None,
        eval_count=None,
    )
    model_call(prompt_version="recipes-v2", outcome=ModelCall.Outcome.BUSY, eval_count=None)

    rows = {(r["prompt_version"], r["model"]): r for r in prompt_statistics()}
    assert rows["recipes-v2", "mistral"] == {
        "prompt_version": "recipes-v2",
        "model": "mistral",
        "recipes": 1,
        "reviews": 2,
        "avg_rating": 4.5,
        "calls": 4,
        "avg_tokens": 1000.0,
        "failure_ratio": 0.5,
    }
    assert rows["recipes-v1", "mistral"]["avg_rating"] == 2.0
    assert rows["recipes-v1", "mistral"]["calls"] == 0

    page = staff_client.get(reverse("admin:chef_site_prompt_statistics"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "recipes-v2" in html and "4.50" in html and "50 %" in html
    listing = staff_client.get(reverse("admin:chef_site_modelcall_changelist")).content.decode()
    assert reverse("admin:chef_site_prompt_statistics") in listing
