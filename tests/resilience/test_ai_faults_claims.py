"""Claims: who may run a job when its message is redelivered, duplicated or late.

The shared setup and the in-process way these run: tests/resilience/ai_faults.py.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import job_claim
from core.jobs import job_fail
from tests.resilience.ai_faults import run
from tests.resilience.ai_faults import scan_fixture  # noqa: F401 - the scan fixture
from vision import services
from vision.models import Scan
from vision.tasks import scan_recognize

pytestmark = pytest.mark.django_db


def test_a_redelivered_message_re_runs_a_job_left_running_by_a_dead_worker(scan: Scan) -> None:
    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now() - timedelta(seconds=30), attempts=1
    )
    claimed = job_claim(model=Scan, job_id=scan.pk, redelivered=True)
    assert claimed is not None and claimed.attempts == 2


def test_a_duplicate_fresh_message_for_a_running_job_does_not_run_it_twice(scan: Scan) -> None:
    assert job_claim(model=Scan, job_id=scan.pk) is not None
    assert job_claim(model=Scan, job_id=scan.pk) is None


def test_a_message_for_a_finished_job_is_a_no_op(scan: Scan, fake_ollama: Any) -> None:
    scan = run(scan)
    assert scan.status == JobStatus.SUCCEEDED
    assert job_claim(model=Scan, job_id=scan.pk, redelivered=True) is None
    scan_recognize.apply(args=[scan.pk])
    assert scan.ingredients.count() == 5, "no second set of ingredients"
    assert len(fake_ollama.requests_to("/api/chat")) == 1


def test_a_duplicate_run_that_finishes_second_writes_nothing(scan: Scan, fake_ollama: Any) -> None:
    """Two runs of one job (a redelivery while the first still ran): only one result is kept."""
    first = job_claim(model=Scan, job_id=scan.pk)
    second = job_claim(model=Scan, job_id=scan.pk, redelivered=True)
    assert first is not None and second is not None
    services.scan_recognize(first)  # type: ignore[arg-type]
    services.scan_recognize(second)  # type: ignore[arg-type]
    scan.refresh_from_db()
    assert scan.status == JobStatus.SUCCEEDED
    assert scan.ingredients.count() == 5
    assert not job_fail(job=second, code=ErrorCode.INTERNAL)
