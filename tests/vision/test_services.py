"""Scans: a photo is kept, recognised once, and its ingredients stored exactly once."""

from __future__ import annotations

import base64
import io
import json
from typing import Any

import pytest
from PIL import Image

from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage
from core.models import ModelCall
from tests.factories import jpeg_bytes
from vision import services
from vision.models import Scan
from vision.tasks import scan_recognize

pytestmark = pytest.mark.django_db


def upload(user: Any, data: bytes | None = None, **kwargs: Any) -> Scan:
    return services.scan_create(
        user=user, file=io.BytesIO(data or jpeg_bytes((3000, 2000))), **kwargs
    )


def recognise(scan: Scan) -> Scan:
    """Run the recognition here, as a worker would; the scan afterwards."""
    scan_recognize.apply(args=[scan.pk])
    scan.refresh_from_db()
    return scan


def test_an_upload_is_stored_as_a_generated_jpeg_and_queued(
    user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        scan = upload(user)
    assert scan.status == JobStatus.QUEUED
    assert (scan.stage, scan.stage_text) == (Stage.QUEUED, "Queued")
    assert scan.image.name.startswith("scans/") and scan.image.name.endswith(".jpg")
    assert "photo" not in scan.image.name
    assert (scan.width, scan.height) == (2560, 1707), "stored at most 2560 px on the long side"
    assert len(callbacks) == 1, "the task id is published after commit"


def test_recognition_stores_ingredients_ranked_by_confidence(user: Any, fake_ollama: Any) -> None:
    fake_ollama.script(
        "chat",
        content=json.dumps(
            {
                "ingredients": [
                    {"name": "eggs", "confidence": 0.6},
                    {"name": " Tomato ", "confidence": 0.9},
                    {"name": "tomato", "confidence": 0.5},
                ]
            }
        ),
    )
    scan = recognise(upload(user))

    assert scan.status == JobStatus.SUCCEEDED
    assert scan.progress == 100
    assert [(i.name, i.confidence) for i in scan.ingredients.all()] == [
        ("Tomato", 0.9),
        ("eggs", 0.6),
    ]
    call = ModelCall.objects.get(scan=scan)
    assert call.purpose == "vision" and call.prompt_version == "vision-v2"

    sent = fake_ollama.requests[-1].json["messages"][-1]["images"][0]
    image = Image.open(io.BytesIO(base64.b64decode(sent)))
    assert image.format == "JPEG"
    assert image.size == (1204, 812), "sent at the size qwen2.5vl uses: 28 px grid, ≤ 1280×28×28"


def test_a_photo_with_no_food_fails_with_a_plain_message(user: Any, fake_ollama: Any) -> None:
    fake_ollama.script("chat", content='{"ingredients": []}')
    scan = recognise(upload(user))
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.NO_INGREDIENTS
    assert "type your ingredients" in scan.error_text
    assert scan.image, "the upload is kept for a retry"


def test_a_redelivered_task_for_a_finished_scan_changes_nothing(
    user: Any, fake_ollama: Any
) -> None:
    scan = recognise(upload(user))
    count = scan.ingredients.count()
    scan_recognize.apply(args=[scan.pk])  # the same message, delivered again
    assert scan.ingredients.count() == count
    assert ModelCall.objects.filter(scan=scan).count() == 1


def test_the_same_photo_is_not_recognised_twice(user: Any, fake_ollama: Any) -> None:
    data = jpeg_bytes((800, 600), (10, 200, 10))
    first = upload(user, data)
    scan_recognize.apply(args=[first.pk])
    second = upload(user, data)
    assert second.status == JobStatus.SUCCEEDED
    assert second.reused_from_id == first.pk
    assert list(second.ingredients.values_list("name", flat=True)) == list(
        first.ingredients.values_list("name", flat=True)
    )
    fresh = upload(user, data, fresh=True)
    assert fresh.status == JobStatus.QUEUED, "asking for a fresh look runs the model again"


def test_a_failed_scan_can_be_retried(user: Any, fake_ollama: Any) -> None:
    fake_ollama.models.discard("qwen2.5vl:7b")
    scan = recognise(upload(user))
    assert scan.status == JobStatus.FAILED
    assert scan.error_code == ErrorCode.MODEL_MISSING
    assert scan.error_text == "The AI model this needs is not installed yet. Press Retry later."

    fake_ollama.models.add("qwen2.5vl:7b")
    assert services.scan_retry(scan=scan)
    scan.refresh_from_db()
    assert scan.status == JobStatus.QUEUED
    assert recognise(scan).status == JobStatus.SUCCEEDED


def test_deleting_a_scan_removes_its_photo(
    user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False):
        scan = upload(user)
    storage, name = scan.image.storage, scan.image.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.scan_delete(scan=scan)
    assert not storage.exists(name)
    assert not Scan.objects.filter(pk=scan.pk).exists()


def test_the_same_photo_sent_again_while_it_is_read_joins_the_first(
    user: Any, fake_ollama: Any
) -> None:
    """A second upload of a photo being read waits for that reading: one model call for both."""
    photo = jpeg_bytes()
    first = services.scan_create(user=user, file=io.BytesIO(photo))
    second = services.scan_create(user=user, file=io.BytesIO(photo))
    assert second.reused_from_id == first.pk
    scan_recognize.apply(args=[first.pk])
    scan_recognize.apply(args=[second.pk])
    second = Scan.objects.get(pk=second.pk)
    assert second.status == "succeeded"
    assert list(second.ingredients.values_list("name", flat=True)) == list(
        Scan.objects.get(pk=first.pk).ingredients.values_list("name", flat=True)
    )
    assert len(fake_ollama.requests_to("/api/chat")) == 1


def speaks(user: Any, language: str) -> None:
    user.profile.language = language
    user.profile.save()


def test_the_names_are_asked_for_in_the_profiles_language(user: Any, fake_ollama: Any) -> None:
    speaks(user, "ru")
    scan = recognise(upload(user))
    assert scan.status == JobStatus.SUCCEEDED
    assert scan.language == "ru"
    system, question = fake_ollama.requests[-1].json["messages"]
    assert "a short generic name in Russian" in system["content"]
    assert question["content"].endswith("Name them in Russian.")
    names = list(scan.ingredients.values_list("name", flat=True))
    assert names[:3] == ["помидоры", "яйца", "сыр чеддер"], "the simulated model follows it"


def test_an_earlier_scan_of_the_photo_is_reused_only_in_the_same_language(
    user: Any, fake_ollama: Any
) -> None:
    """Names read in English are not shown to someone who now reads Russian, nor back."""
    data = jpeg_bytes((800, 600), (200, 10, 10))
    english = recognise(upload(user, data))
    speaks(user, "ru")
    russian = upload(user, data)
    assert russian.status == JobStatus.QUEUED, "read again, in Russian"
    assert russian.reused_from_id is None and russian.language == "ru"
    russian = recognise(russian)
    assert russian.ingredients.first().name == "помидоры"
    assert upload(user, data).reused_from_id == russian.pk
    speaks(user, "en")
    again = upload(user, data)
    assert (again.status, again.reused_from_id, again.language) == (
        JobStatus.SUCCEEDED,
        english.pk,
        "en",
    )
    assert again.ingredients.first().name == "tomato"
    assert len(fake_ollama.requests_to("/api/chat")) == 2


def test_a_photo_being_read_in_another_language_is_not_joined(user: Any) -> None:
    photo = jpeg_bytes()
    english = services.scan_create(user=user, file=io.BytesIO(photo))
    speaks(user, "ru")
    russian = services.scan_create(user=user, file=io.BytesIO(photo))
    assert russian.reused_from_id is None
    assert services.scan_create(user=user, file=io.BytesIO(photo)).reused_from_id == russian.pk
    assert english.reused_from_id is None
