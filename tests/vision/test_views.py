"""A scan's status fragment, retry, delete, and the owner-only photo (vision/views.py)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.jobs import JobStatus
from core.jobs import Stage
from tests.factories import ScanFactory
from tests.support.pages import text_of
from vision.models import Scan

pytestmark = pytest.mark.django_db


def test_the_status_fragment_reports_stage_percent_and_whether_it_is_finished(
    cook: Client, user: Any
) -> None:
    scan = ScanFactory(user=user, status=JobStatus.RUNNING, progress=40, stage=Stage.READING_PHOTO)
    response = cook.get(f"/scans/{scan.pk}/status/")
    fragment = text_of(response)
    # Never shown from a cache without asking: the browser revalidates it (ETag) every time.
    assert {"private", "no-cache"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
    assert fragment.lstrip().startswith('<div class="job-status')
    assert 'data-finished="false"' in fragment
    assert "Looking at your photo" in fragment and "40%" in fragment
    assert "<html" not in fragment

    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.SUCCEEDED, progress=100, stage=Stage.DONE
    )
    fragment = text_of(cook.get(f"/scans/{scan.pk}/status/"))
    assert 'data-finished="true"' in fragment
    assert "data-poll-url" not in fragment
    assert "Done" in fragment and "100%" in fragment


def test_retry_queues_the_same_photo_again(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user, status=JobStatus.FAILED, error_code="ai_busy")
    image_name = scan.image.name
    response = cook.post(f"/scans/{scan.pk}/retry/", follow=True)
    scan.refresh_from_db()
    assert scan.status == JobStatus.QUEUED
    assert scan.image.name == image_name
    assert "Trying again with the same photo." in text_of(response)


def test_retry_of_a_scan_that_did_not_fail_changes_nothing(cook: Client, recognised: Scan) -> None:
    response = cook.post(f"/scans/{recognised.pk}/retry/", follow=True)
    recognised.refresh_from_db()
    assert recognised.status == JobStatus.SUCCEEDED
    assert "This photo is not waiting for a retry." in text_of(response)


def test_huge_ids_are_simply_not_found(cook: Client) -> None:
    for url in ["/scans/99999999999999999999/", "/photos/99999999999999999999/"]:
        assert cook.get(url).status_code == 404


def test_deleting_a_scan_asks_first_then_removes_it(cook: Client, recognised: Scan) -> None:
    page = text_of(cook.get(f"/scans/{recognised.pk}/delete/"))
    assert "Delete this photo?" in page
    assert f'<form method="post" action="/scans/{recognised.pk}/delete/"' in page
    assert Scan.objects.filter(pk=recognised.pk).exists()
    response = cook.post(f"/scans/{recognised.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == "/history/"
    assert "The photo and its ingredients are deleted." in text_of(response)
    assert not Scan.objects.filter(pk=recognised.pk).exists()


def test_the_photo_needs_a_signed_in_owner(client: Client, user: Any) -> None:
    scan = ScanFactory(user=user)
    response = client.get(f"/photos/{scan.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_russian_cook_reads_the_stage_and_the_failure_of_a_scan_in_russian(
    cook: Client, user: Any
) -> None:
    user.profile.language = "ru"
    user.profile.save()
    scan = ScanFactory(user=user, status=JobStatus.RUNNING, progress=40, stage=Stage.READING_PHOTO)
    fragment = text_of(cook.get(f"/scans/{scan.pk}/status/"))
    assert '<span class="stage">Рассматриваем ваше фото</span>' in fragment

    Scan.objects.filter(pk=scan.pk).update(
        status=JobStatus.FAILED, stage=Stage.FAILED, error_code="no_ingredients"
    )
    page = text_of(cook.get(f"/scans/{scan.pk}/"))
    assert "Мы не увидели на этом фото никаких продуктов." in page
