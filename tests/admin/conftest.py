"""A logged-in superuser's browser for the admin tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(superuser: Any) -> Client:
    client = Client()
    client.force_login(superuser)
    return client
