"""The user admin (accounts/admin.py): the cooking profile on the user's page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_user_page_shows_the_cooking_profile(staff_client: Client) -> None:
    cook = UserFactory(username="ines")
    cook.profile.allergies = ["peanuts"]
    cook.profile.save()
    html = staff_client.get(reverse("admin:accounts_user_change", args=[cook.pk])).content.decode()
    assert "peanuts" in html
    assert staff_client.get(reverse("admin:accounts_user_add")).status_code == 200
