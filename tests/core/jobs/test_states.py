"""Job transitions (core/jobs/states.py): progress that never goes back, cancel, writes that stop
with it, and retry of a cancelled job."""

from __future__ import annotations

from typing import Any

import pytest

from core.jobs import JobStatus
from core.jobs import JobStopped
from core.jobs import Stage
from core.jobs import job_cancel
from core.jobs import job_check_cancelled
from core.jobs import job_claim
from core.jobs import job_fail
from core.jobs import job_reset_for_retry
from core.jobs import job_set_progress
from core.jobs import job_succeed
from core.jobs import job_write_while_running
from recipes.models import Generation
from recipes.models import Recipe
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory

pytestmark = pytest.mark.django_db

WRITING = Stage.WRITING_RECIPES


def running(**fields: Any) -> Generation:
    return GenerationFactory(status=JobStatus.RUNNING, progress=0, stage=WRITING, **fields)


def stored(job: Generation) -> Generation:
    return Generation.objects.get(pk=job.pk)


def test_progress_never_goes_back_but_the_stage_is_still_written() -> None:
    job = running()
    assert job_set_progress(job=job, progress=40, stage=WRITING, params={"done": 1, "total": 3})
    assert job_set_progress(job=job, progress=5, stage=Stage.REPLACING_RECIPES)

    row = stored(job)
    assert (row.progress, row.stage, row.stage_params) == (40, Stage.REPLACING_RECIPES, {})
    assert job.progress == 40


def test_the_stage_is_written_with_its_parameters_and_read_in_words() -> None:
    job = running()
    job_set_progress(job=job, progress=40, stage=WRITING, params={"done": 1, "total": 3})

    row = stored(job)
    assert (row.stage, row.stage_params) == (Stage.WRITING_RECIPES, {"done": 1, "total": 3})
    assert row.stage_text == job.stage_text == "Writing recipe 2 of 3"


def test_progress_is_clamped_and_an_estimate_is_written_or_cleared() -> None:
    job = running()
    job_set_progress(job=job, progress=140, stage=WRITING, eta_seconds=12)
    row = stored(job)
    assert row.progress == 100
    assert row.eta_at is not None
    assert 11 <= row.eta_seconds <= 12

    job_set_progress(job=job, progress=100, stage=WRITING)  # leaves the estimate alone
    assert stored(job).eta_at == row.eta_at
    job_set_progress(job=job, progress=100, stage=WRITING, eta_seconds=None)
    assert stored(job).eta_at is None


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.SUCCEEDED, JobStatus.CANCELLED])
def test_progress_of_a_job_that_is_not_running_is_refused(status: str) -> None:
    job = running()
    Generation.objects.filter(pk=job.pk).update(status=status, progress=0)

    assert not job_set_progress(job=job, progress=50, stage=WRITING)
    assert stored(job).progress == 0


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING])
def test_a_queued_or_running_job_is_cancelled_at_once(status: str) -> None:
    job = GenerationFactory(status=status, progress=30)
    job_set_progress(job=job, progress=30, stage=WRITING, eta_seconds=20)

    assert job_cancel(job=job)

    row = stored(job)
    assert (row.status, row.stage, row.error_code) == (JobStatus.CANCELLED, Stage.CANCELLED, "")
    assert row.finished_at is not None
    assert row.eta_at is None
    assert row.is_finished


@pytest.mark.parametrize("status", [JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED])
def test_a_finished_job_is_not_cancelled(status: str) -> None:
    job = GenerationFactory(status=status)

    assert not job_cancel(job=job)
    assert stored(job).status == status


def test_nothing_is_written_for_a_job_cancelled_while_it_ran() -> None:
    job = running()
    job_cancel(job=Generation.objects.get(pk=job.pk))
    written: list[str] = []

    assert not job_write_while_running(job=job, write=lambda: written.append("recipe"))
    assert not job_succeed(job=job, write=lambda: written.append("result"))
    assert not job_fail(job=job, code="internal")
    assert written == []
    assert stored(job).status == JobStatus.CANCELLED


def test_a_write_while_running_is_saved_at_once_with_the_job_still_running() -> None:
    job = running()

    assert job_write_while_running(job=job, write=lambda: RecipeFactory(generation=job).save())

    assert Recipe.objects.filter(generation=job).count() == 1
    row = stored(job)
    assert row.status == JobStatus.RUNNING
    assert row.heartbeat_at is not None


def test_the_check_raises_job_stopped_once_the_job_is_cancelled_or_deleted() -> None:
    job = running()
    job_check_cancelled(job)  # running: nothing happens
    finished = GenerationFactory(status=JobStatus.SUCCEEDED)
    job_check_cancelled(finished)  # finished by another run of it: left to finish

    job_cancel(job=Generation.objects.get(pk=job.pk))

    with pytest.raises(JobStopped) as stopped:
        job_check_cancelled(job)
    assert stopped.value.status == JobStatus.CANCELLED
    Generation.objects.filter(pk=job.pk).delete()
    with pytest.raises(JobStopped, match="deleted"):
        job_check_cancelled(job)


def test_a_message_for_a_cancelled_job_claims_nothing() -> None:
    job = GenerationFactory(status=JobStatus.CANCELLED)

    assert job_claim(model=Generation, job_id=job.pk) is None
    assert job_claim(model=Generation, job_id=job.pk, redelivered=True) is None


@pytest.mark.parametrize("status", [JobStatus.FAILED, JobStatus.CANCELLED])
def test_a_failed_or_cancelled_job_can_be_retried(
    status: str, django_capture_on_commit_callbacks: Any
) -> None:
    job = GenerationFactory(status=status, progress=60, attempts=3)

    with django_capture_on_commit_callbacks():
        assert job_reset_for_retry(job=job)

    row = stored(job)
    assert (row.status, row.progress, row.attempts, row.finished_at) == (
        JobStatus.QUEUED,
        0,
        0,
        None,
    )


@pytest.mark.parametrize("status", [JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.SUCCEEDED])
def test_a_job_that_did_not_stop_is_not_retried(status: str) -> None:
    job = GenerationFactory(status=status)

    assert not job_reset_for_retry(job=job)
    assert stored(job).status == status


def test_a_job_waiting_for_the_ai_can_be_cancelled(db: None) -> None:
    from core.jobs import JobStatus
    from core.jobs import job_cancel
    from tests.factories import ScanFactory

    scan = ScanFactory(status=JobStatus.WAITING)
    assert job_cancel(job=scan)
    scan.refresh_from_db()
    assert scan.status == JobStatus.CANCELLED
