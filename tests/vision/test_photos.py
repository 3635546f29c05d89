"""Sending a scan's photo (vision/photos.py), on the page and over the API: only to its owner, as a
private JPEG, by nginx when configured, and a 404 once the file is gone."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image
from rest_framework.test import APIClient

from tests.factories import ScanFactory
from tests.factories import jpeg_bytes
from tests.support.api import assert_error
from tests.support.api import token_client

pytestmark = pytest.mark.django_db

SCANS = "/api/v1/scans/"


def photo(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("fridge.jpg", content, "image/jpeg")


@pytest.mark.parametrize(
    ("client_fixture", "url"),
    [("cook", "/photos/{}/"), ("api_client", "/api/v1/scans/{}/image/")],
    ids=["page", "api"],
)
def test_behind_nginx_the_photo_is_handed_over_with_x_accel_redirect(
    request: pytest.FixtureRequest, user: Any, settings: Any, client_fixture: str, url: str
) -> None:
    """Django checks the owner; nginx sends the file from its internal location."""
    client = request.getfixturevalue(client_fixture)
    settings.MEDIA_X_ACCEL_PREFIX = "/protected-media/"
    scan = ScanFactory(user=user)
    response = client.get(url.format(scan.pk))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{scan.image.name}"
    assert response.content == b""


# --- on the page --------------------------------------------------------------------------------


def test_the_photo_is_served_to_its_owner(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user)
    response = cook.get(f"/photos/{scan.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=86400"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xff\xd8")
    assert body == scan.image.read()


def test_a_photo_whose_file_is_gone_is_not_found(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user)
    scan.image.storage.delete(scan.image.name)
    assert cook.get(f"/photos/{scan.pk}/").status_code == 404


# --- over the API -------------------------------------------------------------------------------


def test_the_photo_is_downloaded_with_the_same_token_as_a_clean_jpeg(user: Any) -> None:
    """image_url works for a token client: the stored JPEG, private to the owner."""
    client = token_client(user)
    body = client.post(SCANS, {"image": photo(jpeg_bytes((800, 600)))}, format="multipart").json()

    response = client.get(body["image_url"], HTTP_ACCEPT="image/*")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=86400"
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (image.format, image.size) == ("JPEG", (800, 600))


def test_a_photo_missing_from_storage_is_a_json_404(api_client: APIClient, user: Any) -> None:
    scan = ScanFactory(user=user)
    scan.image.storage.delete(scan.image.name)

    response = api_client.get(f"/api/v1/scans/{scan.pk}/image/", HTTP_ACCEPT="image/jpeg")

    assert_error(response, 404, "not_found")


def big_photo() -> bytes:
    """A phone-sized photo (2560 × 1920) with detail, so it weighs what a real one does."""
    image = Image.effect_noise((2560, 1920), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def test_history_shows_a_small_thumbnail_not_the_whole_photo(cook: Client, user: Any) -> None:
    full = big_photo()
    scan = ScanFactory(user=user, image=SimpleUploadedFile("big.jpg", full, "image/jpeg"))
    page = cook.get("/history/").content.decode()
    assert f'src="/photos/{scan.pk}/thumbnail/"' in page
    assert f'src="/photos/{scan.pk}/"' not in page

    response = cook.get(f"/photos/{scan.pk}/thumbnail/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=86400"
    thumb = Image.open(io.BytesIO(response.content))
    assert thumb.format == "JPEG"
    assert thumb.size == (144, 144)  # 72 px on a 2× screen
    assert len(response.content) < min(20_000, len(full) // 20)


def test_a_thumbnail_is_gone_with_its_photo(cook: Client, user: Any) -> None:
    scan = ScanFactory(user=user)
    scan.image.delete()
    assert cook.get(f"/photos/{scan.pk}/thumbnail/").status_code == 404
