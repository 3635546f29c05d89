"""A job's stage and error come in the reader's language, worded when the answer is made, with
their codes beside them; the worker that wrote them stored only codes."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage
from tests.factories import GenerationFactory
from tests.factories import ScanFactory

pytestmark = pytest.mark.django_db

RUSSIAN = {"accept-language": "ru-RU,ru;q=0.9"}


def test_a_russian_reader_of_a_failed_scan_reads_why_in_russian(
    api_client: APIClient, user: Any
) -> None:
    scan = ScanFactory(
        user=user,
        failed=True,
        error_code=ErrorCode.AI_TOO_SLOW,
        error_params={"fault": "too_slow", "service": "photo", "seconds": 300},
    )

    body = api_client.get(f"/api/v1/scans/{scan.pk}/", headers=RUSSIAN).json()

    assert (body["status"], body["stage_code"], body["stage"]) == ("failed", "failed", "Ошибка")
    assert body["error_code"] == "ai_too_slow"
    assert body["error_message"] == (
        "Сервис фото слишком долго не отвечал, поэтому мы перестали ждать через 300 с. "
        "Нажмите «Повторить», чтобы попробовать снова."
    )
    english = api_client.get(f"/api/v1/scans/{scan.pk}/", headers={"accept-language": "en"})
    assert english.json()["error_message"] == (
        "The photo service took too long to answer, so we stopped waiting after 300 s. Press "
        "Retry to try again."
    )


def test_a_russian_reader_of_a_running_request_reads_which_recipe_is_being_written(
    api_client: APIClient, user: Any
) -> None:
    generation = GenerationFactory(
        user=user,
        status=JobStatus.RUNNING,
        progress=40,
        stage=Stage.WRITING_RECIPES,
        stage_params={"done": 1, "total": 3},
    )
    url = f"/api/v1/generations/{generation.pk}/"

    english = api_client.get(url, headers={"accept-language": "en"})
    russian = api_client.get(url, headers={"If-None-Match": english["ETag"], **RUSSIAN})

    assert russian.status_code == 200, "an answer in another language is not the same answer"
    body = russian.json()
    assert (body["stage_code"], body["stage"]) == ("writing_recipes", "Пишем рецепт 2 из 3")
    assert (body["error_code"], body["error_message"]) == ("", "")
    assert english.json()["stage"] == "Writing recipe 2 of 3"


def test_without_the_header_the_profile_language_words_the_stage(
    api_client: APIClient, user: Any
) -> None:
    user.profile.language = "ru"
    user.profile.save()
    scan = ScanFactory(
        user=user,
        status=JobStatus.WAITING,
        stage=Stage.WAITING_FOR_AI,
        stage_params={"busy": True, "service": "photo"},
    )

    body = api_client.get(f"/api/v1/scans/{scan.pk}/").json()

    assert body["stage_code"] == "waiting_for_ai"
    assert body["stage"] == (
        "ИИ сейчас занят; ваше фото сохранено и будет обработано, как только он освободится"
    )
