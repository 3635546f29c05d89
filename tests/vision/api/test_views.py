"""Scans over the API: upload (202 + Location), poll, list, delete, retry."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from core.jobs import JobStatus
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import jpeg_bytes
from tests.support.api import assert_error
from vision.models import Scan

pytestmark = pytest.mark.django_db

SCANS = "/api/v1/scans/"
SCAN_FIELDS = {
    "id",
    "status",
    "progress",
    "eta_seconds",
    "stage",
    "stage_code",
    "error_code",
    "error_message",
    "created_at",
    "started_at",
    "finished_at",
    "model",
    "image_url",
    "language",
    "ingredients",
}


def photo(content: bytes | None = None, name: str = "fridge.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes() if content is None else content, "image/jpeg")


def test_upload_answers_202_with_the_queued_scan_and_where_to_poll(
    api_client: APIClient, user: Any
) -> None:
    response = api_client.post(SCANS, {"image": photo()}, format="multipart")

    assert response.status_code == 202
    body = response.json()
    assert set(body) == SCAN_FIELDS
    scan = Scan.objects.get(pk=body["id"])
    assert scan.user == user
    assert response["Location"] == f"/api/v1/scans/{scan.pk}/"
    assert body["status"] == "queued"
    assert body["ingredients"] == []
    assert body["image_url"] == f"/api/v1/scans/{scan.pk}/image/"
    assert api_client.get(response["Location"]).json()["id"] == scan.pk


def test_the_same_photo_again_reuses_the_result_unless_fresh(
    api_client: APIClient, user: Any
) -> None:
    content = jpeg_bytes(color=(10, 200, 30))
    first = api_client.post(SCANS, {"image": photo(content)}, format="multipart").json()
    Scan.objects.filter(pk=first["id"]).update(status=JobStatus.SUCCEEDED, progress=100)
    ScanIngredientFactory(scan_id=first["id"], name="basil", confidence=0.9)

    again = api_client.post(SCANS, {"image": photo(content)}, format="multipart")
    fresh = api_client.post(SCANS, {"image": photo(content), "fresh": "true"}, format="multipart")

    assert again.status_code == 202
    assert again.json()["status"] == "succeeded"
    assert again.json()["ingredients"] == [{"name": "basil", "confidence": 0.9}]
    assert fresh.json()["status"] == "queued"


@pytest.mark.parametrize(
    ("content", "code", "message"),
    [
        (b"", "empty", "The file is empty. Please choose a photo."),
        (b"%PDF-1.4 not a photo", "unsupported_type", "This file is not a photo we can read."),
        (jpeg_bytes()[:300], "truncated", "The photo is incomplete"),
    ],
)
def test_upload_of_something_that_is_not_a_usable_photo_says_why(
    api_client: APIClient, content: bytes, code: str, message: str
) -> None:
    response = api_client.post(SCANS, {"image": photo(content)}, format="multipart")

    error = assert_error(response, 400, code)
    assert error["message"].startswith(message)
    assert error["details"] == {"image": [error["message"]]}
    assert not Scan.objects.exists()


def test_upload_larger_than_the_limit_is_refused_in_plain_words(
    api_client: APIClient, settings: Any
) -> None:
    settings.MAX_UPLOAD_MB = 1
    big = photo(b"\xff\xd8" + b"0" * (1024 * 1024 + 10))

    error = assert_error(
        api_client.post(SCANS, {"image": big}, format="multipart"), 400, "too_large"
    )

    assert error["message"] == "The photo is larger than 1 MB."


def test_upload_without_an_image_is_a_field_error(api_client: APIClient) -> None:
    error = assert_error(
        api_client.post(SCANS, {"fresh": "true"}, format="multipart"), 400, "invalid"
    )
    assert "image" in error["details"]


def test_upload_as_json_is_refused_as_the_wrong_media_type(api_client: APIClient) -> None:
    response = api_client.post(SCANS, {"image": "aGVsbG8="}, format="json")
    assert_error(response, 415, "unsupported_media_type")


def test_upload_with_a_nonsense_fresh_flag_is_a_field_error(api_client: APIClient) -> None:
    response = api_client.post(SCANS, {"image": photo(), "fresh": "maybe"}, format="multipart")
    assert "fresh" in assert_error(response, 400, "invalid")["details"]


def test_scan_detail_shows_progress_and_ingredients_in_order(
    api_client: APIClient, user: Any
) -> None:
    scan = ScanFactory(user=user)
    ScanIngredientFactory(scan=scan, name="tomato", confidence=0.94, position=0)
    ScanIngredientFactory(scan=scan, name="eggs", confidence=None, position=1)

    body = api_client.get(f"{SCANS}{scan.pk}/").json()

    assert body["status"] == "succeeded"
    assert body["progress"] == 100
    assert body["model"] == "qwen2.5vl:7b"
    assert body["ingredients"] == [
        {"name": "tomato", "confidence": 0.94},
        {"name": "eggs", "confidence": None},
    ]


def test_failed_scan_shows_the_plain_message_and_code(api_client: APIClient, user: Any) -> None:
    scan = ScanFactory(
        user=user,
        failed=True,
        error_code="model_missing",
        error_params={"fault": "model_missing", "service": "photo"},
    )

    body = api_client.get(f"{SCANS}{scan.pk}/").json()

    assert (body["status"], body["error_code"]) == ("failed", "model_missing")
    assert (body["stage"], body["stage_code"]) == ("Failed", "failed")
    assert body["error_message"] == (
        "The AI model this needs is not installed yet. Press Retry later."
    )


def test_scan_list_is_mine_newest_first_and_paginated(
    api_client: APIClient, user: Any, other_user: Any
) -> None:
    older, newer = ScanFactory(user=user), ScanFactory(user=user)
    ScanFactory(user=other_user)

    body = api_client.get(SCANS, {"page_size": 1}).json()
    second = api_client.get(SCANS, {"page_size": 1, "page": 2}).json()

    assert body["count"] == 2
    assert [s["id"] for s in body["results"]] == [newer.pk]
    assert [s["id"] for s in second["results"]] == [older.pk]
    assert body["next"] and second["previous"]


def test_scan_list_runs_a_fixed_number_of_queries(
    api_client: APIClient, user: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        ScanIngredientFactory(scan=ScanFactory(user=user))

    with django_assert_max_num_queries(6):
        response = api_client.get(SCANS)

    assert len(response.json()["results"]) == 5


def test_a_page_past_the_end_is_a_404_in_the_error_shape(api_client: APIClient) -> None:
    assert_error(api_client.get(SCANS, {"page": 9}), 404, "not_found")


def test_a_page_that_is_not_a_number_is_a_400_naming_page(api_client: APIClient) -> None:
    error = assert_error(api_client.get(SCANS, {"page": "x"}), 400, "invalid")
    assert set(error["details"]) == {"page"}


def test_delete_removes_the_scan(api_client: APIClient, user: Any) -> None:
    scan = ScanFactory(user=user)

    response = api_client.delete(f"{SCANS}{scan.pk}/")

    assert response.status_code == 204
    assert not Scan.objects.filter(pk=scan.pk).exists()
    assert_error(api_client.get(f"{SCANS}{scan.pk}/"), 404, "not_found")


def test_retry_of_a_failed_scan_queues_it_again(api_client: APIClient, user: Any) -> None:
    scan = ScanFactory(user=user, status=JobStatus.FAILED, error_code="ai_unavailable")

    response = api_client.post(f"{SCANS}{scan.pk}/retry/")

    assert response.status_code == 202
    assert response["Location"] == f"/api/v1/scans/{scan.pk}/"
    body = response.json()
    assert (body["status"], body["error_code"], body["error_message"]) == ("queued", "", "")


@pytest.mark.parametrize(
    "status", [JobStatus.QUEUED, JobStatus.WAITING, JobStatus.RUNNING, JobStatus.SUCCEEDED]
)
def test_retry_of_a_scan_that_has_not_failed_is_a_conflict(
    api_client: APIClient, user: Any, status: str
) -> None:
    scan = ScanFactory(user=user, status=status)

    error = assert_error(api_client.post(f"{SCANS}{scan.pk}/retry/"), 409, "conflict")

    assert error["message"] == "Only a failed or cancelled scan can be retried."
    scan.refresh_from_db()
    assert scan.status == status


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "123456/"),
        ("delete", "123456/"),
        ("get", "99999999999999999999999/"),
        ("get", "123456/image/"),
        ("post", "123456/retry/"),
    ],
)
def test_unknown_scan_ids_are_404_not_500(api_client: APIClient, method: str, path: str) -> None:
    assert_error(getattr(api_client, method)(f"{SCANS}{path}"), 404, "not_found")
