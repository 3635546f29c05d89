"""Fixtures shared by the whole suite (a plugin registered in tests/conftest.py).

Signed-in clients for the pages (`cook`, `other_cook`), the API without credentials
(`anon_client`) and the admin (`superuser`, `staff_client`).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.factories import UserFactory

# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def cook(client: Client, user: Any) -> Client:
    """The test client signed in as `user` (alice)."""
    client.force_login(user)
    return client


@pytest.fixture
def other_cook(other_user: Any) -> Client:
    """A second client signed in as `other_user` (bob)."""
    other = Client()
    other.force_login(other_user)
    return other


# --- the API ------------------------------------------------------------------------------------


@pytest.fixture
def anon_client() -> APIClient:
    return APIClient()


# --- the admin ----------------------------------------------------------------------------------


@pytest.fixture
def superuser(db: None) -> Any:
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(superuser: Any) -> Client:
    """A logged-in superuser's browser."""
    client = Client()
    client.force_login(superuser)
    return client
