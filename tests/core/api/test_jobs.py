"""The job endpoints every kind shares (core/api/jobs.py), for scans and generations alike:
cancel, the 409 of a finished job, and the estimate in the body."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.jobs import JobStatus
from tests.factories import GenerationFactory
from tests.factories import ScanFactory
from tests.support.api import assert_error
from tests.support.estimates import past_reply_like

pytestmark = pytest.mark.django_db

KINDS = {
    "scan": (ScanFactory, "/api/v1/scans/{}/"),
    "generation": (GenerationFactory, "/api/v1/generations/{}/"),
}


def job_of(kind: str, user: Any, **fields: Any) -> tuple[Any, str]:
    factory, url = KINDS[kind]
    job = factory(user=user, **fields)
    return job, url.format(job.pk)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_cancel_stops_a_queued_or_running_job_at_once(
    api_client: APIClient, user: Any, kind: str, status: str
) -> None:
    job, url = job_of(kind, user, status=status, progress=30)

    response = api_client.post(f"{url}cancel/")

    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["status"], body["stage"], body["eta_seconds"]) == (
        job.pk,
        "cancelled",
        "Cancelled",
        None,
    )
    assert body["finished_at"] is not None
    assert api_client.get(url).json()["status"] == "cancelled"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED])
def test_cancel_of_a_finished_job_is_a_conflict(
    api_client: APIClient, user: Any, kind: str, status: str
) -> None:
    job, url = job_of(kind, user, status=status)

    error = assert_error(api_client.post(f"{url}cancel/"), 409, "conflict")

    assert "has finished; only a queued or running one can be cancelled" in error["message"]
    job.refresh_from_db()
    assert job.status == status


@pytest.mark.parametrize("kind", KINDS)
def test_someone_elses_job_cannot_be_cancelled(
    api_client: APIClient, other_user: Any, kind: str
) -> None:
    job, url = job_of(kind, other_user, status=JobStatus.RUNNING)

    assert_error(api_client.post(f"{url}cancel/"), 404)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING


@pytest.mark.parametrize("kind", KINDS)
def test_a_cancelled_job_can_be_retried(api_client: APIClient, user: Any, kind: str) -> None:
    _, url = job_of(kind, user, status=JobStatus.CANCELLED)

    response = api_client.post(f"{url}retry/")

    assert response.status_code == 202
    assert response.json()["status"] == "queued"


@pytest.mark.parametrize("kind", KINDS)
def test_the_estimate_is_null_without_history_and_a_number_with_it(
    api_client: APIClient, user: Any, kind: str
) -> None:
    job, url = job_of(kind, user, status=JobStatus.QUEUED, progress=0)
    assert api_client.get(url).json()["eta_seconds"] is None

    past_reply_like(job, tokens_per_unit=200, wall_ms=30_000)
    assert api_client.get(url).json()["eta_seconds"] == 30
