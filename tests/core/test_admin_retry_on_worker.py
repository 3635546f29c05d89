"""The admin's retry really runs a failed job again: real broker, real worker, fake Ollama."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage
from core.models import ModelCall
from tests.conftest import wait_for
from tests.factories import ScanFactory
from tests.factories import UserFactory
from vision.models import Scan


@pytest.mark.broker
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_retrying_a_failed_scan_in_the_admin_recognises_it_on_a_worker(
    worker: Any, fake_ollama: Any
) -> None:
    """Staff select a failed scan, choose the retry action, and the cook's photo gets its result."""
    staff = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(staff)
    scan = ScanFactory(
        user=UserFactory(username="ada"),
        status=JobStatus.FAILED,
        progress=0,
        stage=Stage.FAILED,
        error_code=ErrorCode.AI_UNAVAILABLE,
        error_params={"waited": 1800},
        attempts=4,
    )
    vision_calls_before = sum(1 for r in fake_ollama.requests if r.path == "/api/chat")

    response = client.post(
        reverse("admin:vision_scan_changelist"),
        {"action": "retry_failed_jobs", "_selected_action": [scan.pk], "index": 0},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Re-queued 1 failed job."]
    done = wait_for(
        lambda: Scan.objects.filter(pk=scan.pk, status=JobStatus.SUCCEEDED).first(),
        timeout=30,
    )
    assert (done.error_code, done.error_params, done.error_text) == ("", {}, "")
    assert done.progress == 100
    assert list(done.ingredients.values_list("name", flat=True)), "the result is stored"
    assert sum(1 for r in fake_ollama.requests if r.path == "/api/chat") > vision_calls_before
    assert ModelCall.objects.filter(scan=scan, outcome=ModelCall.Outcome.OK).count() == 1
