"""Where recipes start: the home page (upload a photo, or type ingredients; both rate-limited)
and a scan's page (progress, then the editable ingredients and "Get recipes")."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from core.api.throttles import JobUserThrottle
from core.jobs import JobStatus
from core.jobs import Stage
from recipes.models import Generation
from tests.factories import ScanFactory
from tests.factories import jpeg_bytes
from tests.support.pages import text_of
from vision.models import Scan

pytestmark = pytest.mark.django_db


def _photo(content: bytes | None = None, name: str = "fridge.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes() if content is None else content, "image/jpeg")


def test_the_upload_field_offers_camera_and_gallery_and_knows_the_size_limit(
    cook: Client, settings: Any
) -> None:
    settings.MAX_UPLOAD_MB = 15
    page = text_of(cook.get("/"))
    assert 'type="file" name="photo"' in page
    assert 'accept="image/*"' in page
    assert "capture=" not in page  # a phone offers the camera and the gallery
    assert 'data-pick-photo="camera"' in page and 'data-pick-photo="gallery"' in page
    assert f'data-max-bytes="{15 * 1024 * 1024}"' in page
    assert "JPEG, PNG, WebP or HEIC, up to 15 MB." in page
    assert 'enctype="multipart/form-data"' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_uploading_a_photo_starts_a_scan_and_opens_its_page(cook: Client, user: Any) -> None:
    response = cook.post("/", {"photo": _photo()})
    scan = Scan.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == f"/scans/{scan.pk}/"
    assert scan.status == JobStatus.QUEUED
    assert scan.image.name.startswith("scans/")


def test_a_png_is_accepted_too(cook: Client, user: Any) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (10, 200, 30, 128)).save(out, format="PNG")
    response = cook.post("/", {"photo": _photo(out.getvalue(), "shelf.png")})
    assert response.status_code == 302
    assert Scan.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 not a photo at all", "This file is not a photo we can read."),
        (b"", "The file is empty. Please choose a photo."),
        (jpeg_bytes()[:300], "The photo is incomplete (the upload was cut off)"),
    ],
    ids=["not-an-image", "empty", "truncated"],
)
def test_unusable_uploads_are_explained_next_to_the_field(
    cook: Client, user: Any, content: bytes, message: str
) -> None:
    """The server decides by decoding; its plain-words reason is shown under the photo field."""
    response = cook.post("/", {"photo": _photo(content)})
    assert response.status_code == 400
    page = text_of(response)
    field = page[page.index('name="photo"') : page.index("Or skip the photo")]
    assert message in field
    assert not Scan.objects.filter(user=user).exists()


def test_a_photo_over_the_size_limit_is_refused(cook: Client, settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    big = jpeg_bytes() + b"\0" * (1024 * 1024)
    response = cook.post("/", {"photo": _photo(big)})
    assert response.status_code == 400
    assert "The photo is larger than 1 MB." in text_of(response)


def test_sending_the_form_without_a_photo_asks_for_one(cook: Client) -> None:
    response = cook.post("/", {})
    assert response.status_code == 400
    assert "Please choose a photo." in text_of(response)


def test_visitors_who_post_a_photo_are_asked_to_log_in(client: Client) -> None:
    response = client.post("/", {"photo": _photo()})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Scan.objects.exists()


def test_the_recipe_count_defaults_to_the_setting(cook: Client, settings: Any) -> None:
    settings.RECIPES_PER_GENERATION = 4
    page = text_of(cook.get("/"))
    assert '<option value="4" selected>4</option>' in page


def test_too_many_jobs_in_a_row_are_slowed_down(
    cook: Client, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The website shares the API's per-user budget: the next job waits, with a clear message."""
    monkeypatch.setattr(JobUserThrottle, "rate", "2/hour", raising=False)
    assert cook.post("/", {"photo": _photo()}).status_code == 302
    assert cook.post("/generations/new/", {"ingredients": "eggs", "count": "1"}).status_code == 302
    response = cook.post("/", {"photo": _photo(jpeg_bytes(color=(1, 2, 3)))})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert f"You are going too fast, try again in {response['Retry-After']} s" in text_of(response)
    assert Scan.objects.filter(user=user).count() == 1
    response = cook.post("/generations/new/", {"ingredients": "eggs", "count": "1"})
    assert response.status_code == 429


# --- a scan's page: the list to fix, then "Get recipes" -------------------------------------------


def test_a_queued_scan_shows_progress_that_polls_its_fragment(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user, status=JobStatus.QUEUED, progress=0, stage=Stage.QUEUED)
    page = text_of(cook.get(f"/scans/{scan.pk}/"))
    assert '<progress max="100" value="0"' in page
    assert '<span class="stage">Queued</span>' in page
    assert f'data-poll-url="/scans/{scan.pk}/status/"' in page
    assert 'data-finished="false"' in page
    assert '<meta http-equiv="refresh" content="3">' in page  # inside <noscript>
    assert f'src="/photos/{scan.pk}/"' in page


def test_recognised_ingredients_are_an_editable_list(
    cook: Client, recognised: Scan, settings: Any
) -> None:
    """Each row: a name box, the confidence, "must use", and a remove box that works without JS."""
    settings.RECIPES_PER_GENERATION = 2
    page = text_of(cook.get(f"/scans/{recognised.pk}/"))
    assert "3 ingredients on the list" in page
    assert "We found 3 ingredients in your photo." in page
    assert "how sure we are that it is in the photo" in page
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
