"""The scan admin (vision/admin.py): the photo, the ingredients and the model calls."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.support.admin import every_kind_of_row

pytestmark = pytest.mark.django_db


def test_a_scan_page_shows_the_photo_ingredients_and_model_calls(staff_client: Client) -> None:
    rows = every_kind_of_row()
    scan = rows["vision_scan"][0]
    html = staff_client.get(reverse("admin:vision_scan_change", args=[scan.pk])).content.decode()
    assert scan.image.url in html
    assert "aubergine" in html
    assert "qwen2.5vl:7b" in html
    assert (
        "Retry selected failed jobs"
        in staff_client.get(reverse("admin:vision_scan_changelist")).content.decode()
    )
