"""Job creation over the API is limited per person and per address (core/api/throttles.py)."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.api.throttles import JobIPThrottle
from core.api.throttles import JobUserThrottle
from core.jobs import JobStatus
from recipes.models import Generation
from tests.factories import GenerationFactory
from tests.factories import UserFactory
from tests.support.api import assert_error
from tests.support.api import token_client

pytestmark = pytest.mark.django_db


def test_job_creation_is_limited_per_user_with_headers_and_retry_after(
    api_client: APIClient, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JobUserThrottle, "THROTTLE_RATES", {"jobs_user": "2/hour"})
    failed = GenerationFactory(user=user, status=JobStatus.FAILED)

    first = api_client.post("/api/v1/generations/", {"ingredients": ["eggs"]})
    second = api_client.post(f"/api/v1/generations/{failed.pk}/retry/")
    third = api_client.post("/api/v1/generations/", {"ingredients": ["leeks"]})

    assert (first.status_code, second.status_code) == (202, 202)
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("2", "1")
    assert second["X-RateLimit-Remaining"] == "0"
    error = assert_error(third, 429, "throttled")
    assert error["message"].startswith("Too many requests. Try again in")
    assert 0 < int(third["Retry-After"]) <= 3600
    assert int(third["X-RateLimit-Reset"]) > 0
    assert Generation.objects.count() == 2, "the refused request created nothing"
    assert api_client.get("/api/v1/generations/").status_code == 200, "reading is not limited"


def test_job_creation_is_limited_per_address_across_accounts(
    user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(JobIPThrottle, "THROTTLE_RATES", {"jobs_ip": "2/hour"})
    clients = [token_client(user), token_client(UserFactory()), token_client(UserFactory())]

    statuses = [
        c.post("/api/v1/generations/", {"ingredients": ["eggs"]}).status_code for c in clients
    ]

    assert statuses == [202, 202, 429]
