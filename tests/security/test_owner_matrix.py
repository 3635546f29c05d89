"""Another person's objects do not exist for you, on every route the site has, API and pages.

The routes are read from the URL configuration, not listed by hand: a new route that takes an
object id is covered the day it is added (and this test fails until its id is mapped to a kind
of object below). For each route and each method, bob asking about alice's object gets the very
answer he gets for an id that does not exist (404, or 405 where the method is not offered; a
page form that answers "that recipe is gone" with a redirect redirects both alike), and nothing
of alice's changes. Every list bob can open is free of alice's data.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver
from django.urls import get_resolver
from rest_framework.test import APIClient

from core.jobs import JobStatus
from recipes.models import Favorite
from recipes.models import Generation
from recipes.models import Recipe
from recipes.models import Review
from recipes.models import ShoppingItem
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.factories import UserFactory
from vision.models import Scan
from vision.models import ScanIngredient

pytestmark = pytest.mark.django_db

# Routes that hold no one's objects: the admin (staff only), documentation, probes, sign-in.
NOT_OWNED = (
    "admin/",
    "api/schema/",
    "api/docs/",
    "api/redoc/",
    "metrics",
    "healthz",
    "readyz",
    "accounts/login/",
    "accounts/logout/",
    "accounts/signup/",
    "accounts/password_",
    "accounts/reset/",
    "api/v1/auth/",
    "api/v1/prompt-variants/",  # staff only, no one's objects (tests/core/test_variant_report.py)
)
# The path segment before an id says whose object it is.
KINDS = {
    "scans": "scan",
    "photos": "scan",
    "generations": "generation",
    "recipes": "recipe",
    "reviews": "review",
    "shopping-list": "item",
}
MISSING_ID = 987654
PARAM = re.compile(r"<int:(\w+)>")
# Valid for every write endpoint, so only ownership can be the reason for a refusal.
PAYLOAD = {
    "rating": 1,
    "comment": "bob was here",
    "name": "stolen",
    "checked": False,
    "quantity": 1,
}
MARKERS = (
    "Saffron secret tart",
    "alice-only-caviar",
    "alice-review-marker",
    "alice-ingredient-marker",
    "alice-scan-marker",
)


def all_routes() -> list[str]:
    found: list[str] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            else:
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(
        {
            r
            for r in found
            if not r.startswith(NOT_OWNED)
            and not r.startswith("^")  # regex catch-alls (the API's JSON 404) hold no objects
            and "<" not in r.replace("<int:", "")  # tokens and uids of password reset links
        }
    )


ROUTES = all_routes()
OBJECT_ROUTES = [r for r in ROUTES if "<int:" in r]
LIST_ROUTES = [r for r in ROUTES if "<int:" not in r]


def kinds_of(route: str) -> list[tuple[str, str | None]]:
    """(parameter, kind) for each id in the route; kind None when the segment is unknown."""
    pairs = []
    for match in PARAM.finditer(route):
        segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        pairs.append((match.group(1), KINDS.get(segment)))
    return pairs


def fill(route: str, ids: dict[str, int]) -> str:
    path = route
    for name, kind in kinds_of(route):
        path = path.replace(f"<int:{name}>", str(ids.get(kind or "", MISSING_ID)))
    return "/" + path


@pytest.fixture
def alice() -> Any:
    return UserFactory(username="alice")


@pytest.fixture
def alices(alice: Any) -> dict[str, int]:
    """One of everything of alice's, in states where each action would otherwise succeed."""
    scan = ScanFactory(user=alice, status=JobStatus.FAILED, error_code="ai_unavailable")
    ScanIngredientFactory(scan=scan, name="alice-scan-marker")
    generation = GenerationFactory(
        user=alice, status=JobStatus.FAILED, scan=scan, ingredients=["alice-ingredient-marker"]
    )
    recipe = RecipeFactory(user=alice, title="Saffron secret tart")
    FavoriteFactory(recipe=recipe, user=alice)
    review = ReviewFactory(recipe=recipe, user=alice, rating=4, comment="alice-review-marker")
    item = ShoppingItemFactory(user=alice, name="alice-only-caviar", checked=True)
    return {
        "scan": scan.pk,
        "generation": generation.pk,
        "recipe": recipe.pk,
        "review": review.pk,
        "item": item.pk,
    }


def snapshot(user: Any) -> dict[str, list[dict[str, Any]]]:
    """Every row alice owns, field by field: any change by bob would show here."""
    owned = {
        "scans": Scan.objects.filter(user=user),
        "ingredients": ScanIngredient.objects.filter(scan__user=user),
        "generations": Generation.objects.filter(user=user),
        "recipes": Recipe.objects.filter(user=user),
        "favorites": Favorite.objects.filter(user=user),
        "reviews": Review.objects.filter(recipe__user=user),
        "items": ShoppingItem.objects.filter(user=user),
    }
    return {name: list(qs.order_by("pk").values()) for name, qs in owned.items()}


def bob_clients() -> tuple[APIClient, Client]:
    bob = UserFactory(username="bob")
    api = APIClient()
    api.force_authenticate(user=bob)
    page = Client()
    page.force_login(bob)
    return api, page


def ask(api: APIClient, page: Client, method: str, path: str) -> Any:
    if path.startswith("/api/"):
        call = getattr(api, method)
        return call(path, PAYLOAD, format="json") if method != "get" else call(path)
    call = getattr(page, method)
    return call(path, PAYLOAD) if method == "post" else call(path)


def test_every_route_with_an_object_id_says_whose_object_it_is() -> None:
    unknown = [r for r in OBJECT_ROUTES if any(kind is None for _, kind in kinds_of(r))]
    assert not unknown, f"map these routes' id segments in KINDS: {unknown}"
    assert len(OBJECT_ROUTES) >= 25, "API and page routes were both found"
    assert any(r.startswith("api/v1/") for r in OBJECT_ROUTES)
    assert "photos/<int:pk>/" in OBJECT_ROUTES


@pytest.mark.parametrize("route", OBJECT_ROUTES)
def test_someone_elses_object_looks_exactly_like_a_missing_one_on_every_method(
    route: str, alice: Any, alices: dict[str, int]
) -> None:
    api, page = bob_clients()
    methods = (
        ["get", "post", "put", "patch", "delete"] if route.startswith("api/") else ["get", "post"]
    )
    before = snapshot(alice)
    for method in methods:
        theirs = ask(api, page, method, fill(route, alices))
        missing = ask(api, page, method, fill(route, {}))
        assert theirs.status_code == missing.status_code, f"{method.upper()} {route}"
        if theirs.status_code == 302:
            # A page form may answer a missing object with a notice and a redirect: then the
            # redirect must be the one a missing id gets, so it reveals nothing either.
            assert not route.startswith("api/")
            assert theirs["Location"] == missing["Location"], route
        else:
            assert theirs.status_code in (404, 405), f"{method.upper()} {route}"
        for marker in MARKERS:
            assert marker not in theirs.content.decode(errors="replace")
    assert snapshot(alice) == before, f"{route}: alice's data changed"


@pytest.mark.parametrize("route", LIST_ROUTES)
def test_no_list_or_page_shows_someone_elses_objects(
    route: str, alice: Any, alices: dict[str, int]
) -> None:
    api, page = bob_clients()
    response = ask(api, page, "get", "/" + route)
    assert response.status_code in (200, 405), f"{route}: {response.status_code}"
    body = response.content.decode(errors="replace")
    for marker in MARKERS:
        assert marker not in body, f"{route} shows alice's {marker!r}"
    for kind, prefix in (("scan", "scans"), ("scan", "photos"), ("recipe", "recipes")):
        assert f"/{prefix}/{alices[kind]}/" not in body, f"{route} links to alice's {kind}"


def test_alice_herself_sees_her_objects_so_the_checks_above_can_fail(
    alice: Any, alices: dict[str, int]
) -> None:
    page = Client()
    page.force_login(alice)
    assert "Saffron secret tart" in page.get("/recipes/").content.decode()
    assert "alice-only-caviar" in page.get("/shopping-list/").content.decode()
    assert page.get(f"/photos/{alices['scan']}/").status_code == 200
