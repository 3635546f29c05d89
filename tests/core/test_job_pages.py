"""The pages every job has (core/job_pages.py), for scans and generations alike: Cancel while
it runs, the estimate while it waits, the cancelled and failed states, the recipes written so
far, and nothing of it for anyone but its owner."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.jobs import Job
from core.jobs import JobStatus
from core.jobs import Stage
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ScanFactory
from tests.support.estimates import past_reply_like
from tests.support.pages import text_of

pytestmark = pytest.mark.django_db

KINDS = {
    "scan": (ScanFactory, "/scans/{}/", "Stopped. Your photo is kept"),
    "generation": (
        GenerationFactory,
        "/generations/{}/",
        "Stopped. The recipes written so far are kept",
    ),
}


def job_of(kind: str, user: Any, **fields: Any) -> Any:
    factory = KINDS[kind][0]
    return factory(user=user, **fields)


def page_of(kind: str, job: Job) -> str:
    return KINDS[kind][1].format(job.pk)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_a_job_that_has_not_finished_can_be_cancelled_from_its_page(
    cook: Client, user: Any, kind: str, status: str
) -> None:
    job = job_of(kind, user, status=status, progress=20, stage=Stage.RUNNING)
    page = page_of(kind, job)
    assert f'action="{page}cancel/"' in text_of(cook.get(page))

    response = cook.post(f"{page}cancel/", follow=True)

    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    shown = text_of(response)
    assert KINDS[kind][2] in shown
    assert f'action="{page}retry/"' in shown
    assert f'action="{page}cancel/"' not in shown
    assert 'data-poll-url="' not in shown


@pytest.mark.parametrize("kind", KINDS)
def test_a_finished_job_is_not_cancelled_and_says_so(cook: Client, user: Any, kind: str) -> None:
    job = job_of(kind, user, status=JobStatus.SUCCEEDED)
    page = page_of(kind, job)
    assert f'action="{page}cancel/"' not in text_of(cook.get(page))

    response = cook.post(f"{page}cancel/", follow=True)

    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert "already" in text_of(response)
    assert cook.get(f"{page}cancel/").status_code == 405


@pytest.mark.parametrize("kind", KINDS)
def test_a_cancelled_job_can_be_retried_from_its_page(cook: Client, user: Any, kind: str) -> None:
    job = job_of(kind, user, status=JobStatus.CANCELLED)

    cook.post(f"{page_of(kind, job)}retry/")

    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED


@pytest.mark.parametrize("kind", KINDS)
def test_the_estimate_comes_from_the_recorded_speed_and_is_absent_without_history(
    cook: Client, user: Any, kind: str
) -> None:
    job = job_of(kind, user, status=JobStatus.QUEUED, progress=0, stage=Stage.QUEUED)
    status_url = f"{page_of(kind, job)}status/"
    assert "left" not in text_of(cook.get(status_url))

    past_reply_like(job, tokens_per_unit=300, wall_ms=12_000)  # a reply like this job's: 12 s
    fragment = text_of(cook.get(status_url))
    assert '<span class="eta">· about 12 s left</span>' in fragment
    assert "about 12 s left" in text_of(cook.get(page_of(kind, job)))


def test_the_generation_fragment_carries_the_recipes_written_so_far(
    cook: Client, user: Any
) -> None:
    generation = GenerationFactory(
        user=user, status=JobStatus.RUNNING, progress=40, eta_at=timezone.now()
    )
    first = RecipeFactory(user=user, generation=generation, position=0, title="Shakshuka")

    fragment = text_of(cook.get(f"/generations/{generation.pk}/status/"))
    page = text_of(cook.get(f"/generations/{generation.pk}/"))

    for shown in (fragment, page):
        assert 'data-live-list="recipes"' in shown
        assert f'data-live-item="{first.pk}"' in shown
        assert "Shakshuka" in shown
    assert "almost done" in fragment


def test_a_cancelled_generation_shows_the_recipes_written_before_it_stopped(
    cook: Client, user: Any
) -> None:
    generation = GenerationFactory(user=user, status=JobStatus.CANCELLED)
    RecipeFactory(user=user, generation=generation, title="Shakshuka")

    page = text_of(cook.get(f"/generations/{generation.pk}/"))

    assert "Recipe request cancelled" in page
    assert "You stopped this request before all the recipes were written." in page
    assert "Shakshuka" in page


def test_the_history_names_cancelled_jobs(cook: Client, user: Any) -> None:
    ScanFactory(user=user, status=JobStatus.CANCELLED)
    GenerationFactory(user=user, status=JobStatus.CANCELLED)

    page = text_of(cook.get("/history/"))

    assert page.count('<span class="badge badge-cancelled">Cancelled</span>') == 2
    assert "Cancelled before the photo had been looked at." in page
    assert "Cancelled before any recipe was written." in page


# Every page and form of a job, for each kind; the scan's own page answers GET and POST (its
# list to fix), a generation's page can run it again.
PAGES_OF_A_JOB = {
    "scan": [
        ("get", "/scans/{}/"),
        ("get", "/scans/{}/status/"),
        ("post", "/scans/{}/"),
        ("post", "/scans/{}/retry/"),
        ("post", "/scans/{}/cancel/"),
        ("get", "/scans/{}/delete/"),
        ("post", "/scans/{}/delete/"),
        ("get", "/photos/{}/"),
    ],
    "generation": [
        ("get", "/generations/{}/"),
        ("get", "/generations/{}/status/"),
        ("post", "/generations/{}/retry/"),
        ("post", "/generations/{}/cancel/"),
        ("post", "/generations/{}/rerun/"),
        ("get", "/generations/{}/delete/"),
        ("post", "/generations/{}/delete/"),
    ],
}


@pytest.mark.parametrize(
    ("kind", "method", "path"),
    [(kind, method, path) for kind, pages in PAGES_OF_A_JOB.items() for method, path in pages],
)
def test_someone_elses_job_is_not_found_on_any_of_its_pages(
    cook: Client, other_user: Any, kind: str, method: str, path: str
) -> None:
    theirs = job_of(kind, other_user, status=JobStatus.FAILED)
    assert getattr(cook, method)(path.format(theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.FAILED
    assert type(theirs).objects.count() == 1, "nothing retried, run again or copied"


# Why each kind failed, and what its failed page shows besides the reason and Retry.
FAILURES = {
    "scan": (
        "ai_busy",
        {"fault": "busy", "service": "photo"},
        "The photo service is busy right now; we will try again as soon as it has room.",
        ["Your photo is kept", 'src="/photos/{}/"'],
    ),
    "generation": (
        "no_safe_recipes",
        {},
        "The recipes we got did not respect your allergies, diet or time limit, so we did not "
        "show them. Press Retry to ask again.",
        [],
    ),
}


@pytest.mark.parametrize("kind", FAILURES)
def test_a_failed_job_explains_why_and_offers_retry(cook: Client, user: Any, kind: str) -> None:
    code, params, message, also_shown = FAILURES[kind]
    job = job_of(kind, user, failed=True, error_code=code, error_params=params)
    page = text_of(cook.get(page_of(kind, job)))
    assert message in page
    assert f'action="{page_of(kind, job)}retry/"' in page
    for text in also_shown:
        assert text.format(job.pk) in page
