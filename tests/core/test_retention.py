"""Retention: old photos and failed jobs go; history of what worked stays."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from core.jobs import JobStatus
from core.tasks import retention_purge
from recipes.models import Generation
from tests.factories import GenerationFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from vision.models import Scan

pytestmark = pytest.mark.django_db


def aged(obj: Any, days: int) -> Any:
    type(obj).objects.filter(pk=obj.pk).update(created_at=timezone.now() - timedelta(days=days))
    return obj


def test_old_photos_and_failed_jobs_are_purged_and_recent_ones_kept(
    user: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.RETENTION_DAYS = 30
    old_ok = aged(ScanFactory(user=user), 40)
    ScanIngredientFactory(scan=old_ok, name="tomato")
    old_failed = aged(ScanFactory(user=user, status=JobStatus.FAILED), 40)
    recent = aged(ScanFactory(user=user), 5)
    old_failed_generation = aged(GenerationFactory(user=user, status=JobStatus.FAILED), 40)
    old_good_generation = aged(GenerationFactory(user=user), 40)
    storage = old_ok.image.storage
    old_photo = old_ok.image.name

    with django_capture_on_commit_callbacks(execute=True):
        counts = retention_purge()

    assert counts == {"photos": 1, "failed_scans": 1, "failed_generations": 1}
    old_ok.refresh_from_db()
    assert not old_ok.image, "the photo is gone"
    assert not storage.exists(old_photo)
    assert list(old_ok.ingredients.values_list("name", flat=True)) == ["tomato"]
    assert not Scan.objects.filter(pk=old_failed.pk).exists()
    assert Scan.objects.get(pk=recent.pk).image, "recent photos are kept"
    assert not Generation.objects.filter(pk=old_failed_generation.pk).exists()
    assert Generation.objects.filter(pk=old_good_generation.pk).exists()


def test_zero_days_keeps_everything(user: Any, settings: Any) -> None:
    settings.RETENTION_DAYS = 0
    scan = aged(ScanFactory(user=user), 4000)
    assert retention_purge() == {"photos": 0, "failed_scans": 0, "failed_generations": 0}
    assert Scan.objects.get(pk=scan.pk).image


def test_a_scan_whose_photo_was_purged_still_shows_its_page(client: Any, user: Any) -> None:
    scan = ScanFactory(user=user)
    Scan.objects.filter(pk=scan.pk).update(image="")
    client.force_login(user)
    page = client.get(f"/scans/{scan.pk}/")
    assert page.status_code == 200
    assert "The photo was removed after the storage period" in page.content.decode()
    assert client.get(f"/photos/{scan.pk}/").status_code == 404
    assert client.get("/history/").status_code == 200


def test_the_purge_runs_on_the_beat_schedule(settings: Any) -> None:
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "chef_site.tasks.retention_purge" in schedule
