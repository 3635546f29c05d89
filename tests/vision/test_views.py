"""A scan's page: progress, the editable ingredients, "Get recipes", retry, delete, the photo."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from core.jobs import JobStatus
from recipes.models import Generation
from tests.factories import ScanFactory, ScanIngredientFactory
from tests.support.pages import text_of
from vision.models import Scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognised(user: Any) -> Scan:
    scan = ScanFactory(user=user)
    for position, (name, confidence) in enumerate(
        [("tomato", 0.94), ("eggs", 0.91), ("milk", 0.7)]
    ):
        ScanIngredientFactory(scan=scan, name=name, confidence=confidence, position=position)
    return scan


def test_a_queued_scan_shows_progress_that_polls_its_fragment(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user, status=JobStatus.QUEUED, progress=0, stage="Queued")
    page = text_of(cook.get(f"/scans/{scan.pk}/"))
    assert '<progress max="100" value="0"' in page
    assert '<span class="stage">Queued</span>' in page
    assert f'data-poll-url="/scans/{scan.pk}/status/"' in page
    assert 'data-finished="false"' in page
    assert '<meta http-equiv="refresh" content="3">' in page  # inside <noscript>
    assert f'src="/photos/{scan.pk}/"' in page


def test_the_status_fragment_reports_stage_percent_and_whether_it_is_finished(
    cook: Client, user: Any
) -> None:
    scan = ScanFactory(
        user=user, status=JobStatus.RUNNING, progress=40, stage="Looking at your photo"
    )
    response = cook.get(f"/scans/{scan.pk}/status/")
    fragment = text_of(response)
    assert response["Cache-Control"].startswith("max-age=0")
    assert fragment.lstrip().startswith('<div class="job-status')
    assert 'data-finished="false"' in fragment
    assert "Looking at your photo" in fragment and "40%" in fragment
    assert "<html" not in fragment

    Scan.objects.filter(pk=scan.pk).update(status=JobStatus.SUCCEEDED, progress=100, stage="Done")
    fragment = text_of(cook.get(f"/scans/{scan.pk}/status/"))
    assert 'data-finished="true"' in fragment
    assert "data-poll-url" not in fragment
    assert "Done" in fragment and "100%" in fragment


def test_recognised_ingredients_are_an_editable_list(
    cook: Client, recognised: Scan, settings: Any
) -> None:
    """Each row: a name box, the confidence, "must use", and a remove box that works without JS."""
    settings.RECIPES_PER_GENERATION = 2
    page = text_of(cook.get(f"/scans/{recognised.pk}/"))
    assert "We found 3 ingredients" in page
    assert 'name="item-0-name" value="tomato"' in page
    assert ">94%<" in page
    assert 'name="item-0-must"' in page and 'name="item-0-remove"' in page
    assert 'name="item-2-name" value="milk"' in page
    assert 'name="new_ingredients"' in page
    assert '<option value="2" selected>2</option>' in page
    assert "Get recipes" in page
    assert "<progress" not in page


def test_get_recipes_sends_the_fixed_list(cook: Client, user: Any, recognised: Scan) -> None:
    """Renamed, removed, must-use and added ingredients all reach the recipe request."""
    response = cook.post(
        f"/scans/{recognised.pk}/",
        {
            "item-0-name": "cherry tomatoes",
            "item-0-must": "on",
            "item-1-name": "eggs",
            "item-2-name": "milk",
            "item-2-remove": "on",
            "item-3-name": "rice",
            "new_ingredients": "garlic, basil",
            "count": "4",
            "max_minutes": "30",
            "cuisine": "Italian",
        },
    )
    generation = Generation.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == f"/generations/{generation.pk}/"
    assert generation.ingredients == ["cherry tomatoes", "eggs", "rice", "garlic", "basil"]
    assert generation.must_use == ["cherry tomatoes"]
    assert generation.scan == recognised
    assert (generation.count, generation.max_minutes, generation.cuisine) == (4, 30, "Italian")


def test_removing_every_ingredient_is_explained(cook: Client, recognised: Scan) -> None:
    response = cook.post(
        f"/scans/{recognised.pk}/",
        {"item-0-name": "tomato", "item-0-remove": "on", "count": "3"},
    )
    assert response.status_code == 400
    page = text_of(response)
    assert "Keep or add at least one ingredient." in page
    assert 'name="item-0-remove" checked' in page  # the cook's choices are kept on screen
    assert not Generation.objects.exists()


def test_recipes_cannot_be_asked_before_the_photo_is_read(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user, status=JobStatus.RUNNING, progress=30)
    response = cook.post(f"/scans/{scan.pk}/", {"item-0-name": "eggs", "count": "3"}, follow=True)
    assert response.redirect_chain[-1][0] == f"/scans/{scan.pk}/"
    assert "Wait until the photo has been looked at." in text_of(response)
    assert not Generation.objects.exists()


def test_a_failed_scan_explains_why_and_offers_retry(cook: Client, user: Any) -> None:
    scan = ScanFactory(
        user=user,
        status=JobStatus.FAILED,
        stage="Failed",
        error_code="ai_busy",
        error_message="The recipe service is busy, we will retry in a minute.",
    )
    page = text_of(cook.get(f"/scans/{scan.pk}/"))
    assert "The recipe service is busy, we will retry in a minute." in page
    assert f'action="/scans/{scan.pk}/retry/"' in page
    assert "Your photo is kept" in page
    assert f'src="/photos/{scan.pk}/"' in page


def test_retry_queues_the_same_photo_again(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user, status=JobStatus.FAILED, error_message="Busy.")
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


def test_someone_elses_scan_is_not_found_anywhere(cook: Client, other_user: Any) -> None:
    theirs = ScanFactory(user=other_user, status=JobStatus.FAILED)
    for method, url in [
        ("get", f"/scans/{theirs.pk}/"),
        ("get", f"/scans/{theirs.pk}/status/"),
        ("post", f"/scans/{theirs.pk}/"),
        ("post", f"/scans/{theirs.pk}/retry/"),
        ("get", f"/scans/{theirs.pk}/delete/"),
        ("post", f"/scans/{theirs.pk}/delete/"),
        ("get", f"/photos/{theirs.pk}/"),
    ]:
        assert getattr(cook, method)(url).status_code == 404, (method, url)
    theirs.refresh_from_db()
    assert theirs.status == JobStatus.FAILED


def test_huge_ids_are_simply_not_found(cook: Client) -> None:
    for url in ["/scans/99999999999999999999/", "/photos/99999999999999999999/"]:
        assert cook.get(url).status_code == 404


def test_deleting_a_scan_asks_first_then_removes_it(cook: Client, recognised: Scan) -> None:
    page = text_of(cook.get(f"/scans/{recognised.pk}/delete/"))
    assert "Delete this photo?" in page
    assert Scan.objects.filter(pk=recognised.pk).exists()
    response = cook.post(f"/scans/{recognised.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == "/history/"
    assert "The photo and its ingredients are deleted." in text_of(response)
    assert not Scan.objects.filter(pk=recognised.pk).exists()


def test_the_photo_is_served_to_its_owner(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user)
    response = cook.get(f"/photos/{scan.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=86400"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8")
    assert body == scan.image.read()


def test_the_photo_needs_a_signed_in_owner(client: Client, user: Any) -> None:
    scan = ScanFactory(user=user)
    response = client.get(f"/photos/{scan.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_behind_nginx_the_photo_is_handed_over_with_x_accel_redirect(
    cook: Client, user: Any, settings: Any
) -> None:
    """Django checks the owner; nginx sends the file from its internal location."""
    settings.MEDIA_X_ACCEL_PREFIX = "/protected-media/"
    scan = ScanFactory(user=user)
    response = cook.get(f"/photos/{scan.pk}/")
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{scan.image.name}"
    assert response.content == b""


def test_a_photo_whose_file_is_gone_is_not_found(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user)
    scan.image.storage.delete(scan.image.name)
    assert cook.get(f"/photos/{scan.pk}/").status_code == 404
