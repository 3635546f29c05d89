"""Fixtures shared by the whole suite (a plugin registered in tests/conftest.py).

Signed-in clients for the pages (`cook`, `other_cook`), the API without credentials
(`anon_client`), the admin (`superuser`, `staff_client`), a recipe with every part filled, a
scan whose photo was read, and a second fake Ollama host (`second_ollama`).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from fake_ollama import FakeOllama
from integrations.ollama.hosts import forget_models
from recipes.models import Recipe
from tests.conftest import serve_fake_ollama
from tests.factories import RecipeFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import UserFactory
from tests.support.pages import signed_in
from vision.models import Scan

# --- pages --------------------------------------------------------------------------------------


@pytest.fixture
def cook(client: Client, user: Any) -> Client:
    """The test client signed in as `user` (alice)."""
    return signed_in(user, client)


@pytest.fixture
def other_cook(other_user: Any) -> Client:
    """A second client signed in as `other_user` (bob)."""
    return signed_in(other_user)


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
    return signed_in(superuser)


# --- rows ---------------------------------------------------------------------------------------


@pytest.fixture
def recipe(user: Any) -> Recipe:
    """One of alice's recipes with every part a recipe page shows."""
    return RecipeFactory(
        user=user,
        title="Spinach frittata",
        description="Eggs and spinach, baked until just set.",
        cuisine="italian",
        total_minutes=25,
        difficulty="medium",
        servings=3,
        ingredients=[
            {"name": "eggs", "quantity": 6.0, "unit": "", "have": True},
            {"name": "spinach", "quantity": 150, "unit": "g", "have": True},
            {"name": "olive oil", "quantity": 1.5, "unit": "tbsp", "have": False},
            {"name": "parmesan", "quantity": None, "unit": "", "have": False},
        ],
        steps=["Beat the eggs.", "Wilt the spinach.", "Bake for 15 minutes."],
        nutrition={"kcal": 310.4, "protein_g": 21.25, "fat_g": 22.0, "carbs_g": 4.5},
        tips=["Serve with a green salad."],
        model_name="mistral:7b",
    )


@pytest.fixture
def recognised(user: Any) -> Scan:
    """One of alice's scans, read: tomato, eggs and milk, in that order."""
    scan = ScanFactory(user=user)
    for position, (name, confidence) in enumerate(
        [("tomato", 0.94), ("eggs", 0.91), ("milk", 0.7)]
    ):
        ScanIngredientFactory(scan=scan, name=name, confidence=confidence, position=position)
    return scan


# --- a second Ollama host -----------------------------------------------------------------------


@pytest.fixture(scope="session")
def _second_ollama_server() -> Iterator[FakeOllama]:
    yield from serve_fake_ollama()


@pytest.fixture
def second_ollama(
    fake_ollama: FakeOllama, _second_ollama_server: FakeOllama, settings: Any
) -> Iterator[FakeOllama]:
    """Another fake Ollama server; OLLAMA_HOSTS lists `fake_ollama` and it for this test.

    A worker started by the test needs `OLLAMA_HOSTS` too: `hosts_env(fake_ollama, it)`.
    """
    _second_ollama_server.reset()
    settings.OLLAMA_HOSTS = [fake_ollama.url, _second_ollama_server.url]
    forget_models()
    yield _second_ollama_server
    _second_ollama_server.reset()  # listening again if the test took it down
    forget_models()


def hosts_env(*servers: FakeOllama) -> dict[str, str]:
    """The environment that points a worker process at these fake Ollama hosts."""
    return {"OLLAMA_HOSTS": ",".join(server.url for server in servers)}
