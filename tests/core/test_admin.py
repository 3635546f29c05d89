"""Staff actions of core/admin.py: retrying failed jobs, reading prompt statistics."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.admin import prompt_statistics
from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage
from core.models import ModelCall
from recipes.models import Generation
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import UserFactory
from tests.support.admin import model_call
from tests.support.admin import run_action
from vision.models import Scan

pytestmark = pytest.mark.django_db


def test_retry_requeues_failed_scans_and_reports_the_skipped(
    staff_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Failed scans go back to the queue with a clean slate; finished ones are left alone."""
    failed = ScanFactory(
        status=JobStatus.FAILED,
        progress=40,
        stage=Stage.FAILED,
        error_code=ErrorCode.AI_UNAVAILABLE,
        error_params={"waited": 1800},
    )
    done = ScanFactory(status=JobStatus.SUCCEEDED)

    with django_capture_on_commit_callbacks(execute=False) as published:
        shown = run_action(staff_client, "vision_scan", "retry_failed_jobs", [failed, done])

    assert shown == ["Re-queued 1 failed job. Skipped 1 that had not failed."]
    failed.refresh_from_db()
    assert (failed.status, failed.progress, failed.error_code, failed.error_params) == (
        JobStatus.QUEUED,
        0,
        "",
        {},
    )
    assert (failed.stage_text, failed.error_text) == ("Queued", "")
    assert Scan.objects.get(pk=done.pk).status == JobStatus.SUCCEEDED
    assert len(published) == 1, "one task message, sent after the commit"


def test_retry_with_nothing_failed_says_so(staff_client: Client) -> None:
    generation = GenerationFactory(status=JobStatus.RUNNING, progress=50)
    shown = run_action(staff_client, "recipes_generation", "retry_failed_jobs", [generation])
    assert shown == ["Re-queued 0 failed jobs. Skipped 1 that had not failed."]
    assert Generation.objects.get(pk=generation.pk).status == JobStatus.RUNNING


def test_prompt_statistics_compare_prompt_versions(staff_client: Client) -> None:
    """Per prompt version and model: recipes, visible reviews, stars, calls, tokens, failures."""
    v1 = RecipeFactory(prompt_version="recipes-v1", model_name="mistral")
    v2 = RecipeFactory(prompt_version="recipes-v2", model_name="mistral")
    ReviewFactory(recipe=v1, rating=2)
    ReviewFactory(recipe=v2, rating=5)
    ReviewFactory(recipe=v2, user=UserFactory(), rating=4)
    ReviewFactory(recipe=v2, user=UserFactory(), rating=1, hidden=True)
    model_call(prompt_version="recipes-v2", prompt_eval_count=300, eval_count=700)
    # Read after unwrapping a code fence: answered, not failed.
    model_call(
        prompt_version="recipes-v2",
        outcome=ModelCall.Outcome.SALVAGED,
        prompt_eval_count=500,
        eval_count=500,
    )
    # The repair round's answer, after the invalid reply below.
    model_call(prompt_version="recipes-v2", attempt=2)
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
        "calls": 5,
        "salvaged": 1,
        "repaired": 1,
        "avg_tokens": 1000.0,
        "failure_ratio": 0.4,
    }
    assert rows["recipes-v1", "mistral"]["avg_rating"] == 2.0
    assert rows["recipes-v1", "mistral"]["calls"] == 0

    page = staff_client.get(reverse("admin:chef_site_prompt_statistics"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "recipes-v2" in html and "4.50" in html and "40 %" in html
    assert "Unwrapped locally" in html and "Repaired by the model" in html
    listing = staff_client.get(reverse("admin:chef_site_modelcall_changelist")).content.decode()
    assert reverse("admin:chef_site_prompt_statistics") in listing
