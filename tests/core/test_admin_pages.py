"""Staff can open every admin list and page, and the lists stay cheap as tables grow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.jobs import ErrorCode, JobStatus
from core.models import ModelCall
from tests.factories import (
    FavoriteFactory,
    GenerationFactory,
    RecipeFactory,
    ReviewFactory,
    ScanFactory,
    ScanIngredientFactory,
    ShoppingItemFactory,
    UserFactory,
)
from tests.support.admin import model_call

pytestmark = pytest.mark.django_db


def failed_scan(**kwargs: Any) -> Any:
    return ScanFactory(
        status=JobStatus.FAILED,
        progress=0,
        stage="Failed",
        error_code=ErrorCode.AI_BUSY,
        error_message="The recognition service is busy.",
        **kwargs,
    )


def every_kind_of_row() -> dict[str, tuple[Any, str]]:
    """One row per admin screen, with a text the screen must show for it."""
    cook = UserFactory(username="marta", email="marta@example.com")
    scan = failed_scan(user=cook)
    ScanIngredientFactory(scan=scan, name="aubergine")
    recipe = RecipeFactory(user=cook, title="Baba ganoush")
    review = ReviewFactory(user=cook, recipe=recipe, rating=4, comment="Smoky and good")
    call = model_call(scan=scan, purpose=ModelCall.Purpose.VISION, model="qwen2.5vl:7b")
    return {
        "accounts_user": (cook, "marta@example.com"),
        "vision_scan": (scan, "The recognition service is busy."),
        "recipes_generation": (recipe.generation, "recipes-v1"),
        "recipes_recipe": (recipe, "Baba ganoush"),
        "recipes_review": (review, "Smoky and good"),
        "recipes_favorite": (FavoriteFactory(recipe=recipe), "Baba ganoush"),
        "recipes_shoppingitem": (ShoppingItemFactory(user=cook, name="tahini"), "tahini"),
        "chef_site_modelcall": (call, "qwen2.5vl:7b"),
    }


def test_the_superuser_sees_every_list_and_page(staff_client: Client) -> None:
    """Each changelist and each change page opens and shows the row's telling detail."""
    for name, (obj, text) in every_kind_of_row().items():
        listing = staff_client.get(reverse(f"admin:{name}_changelist"))
        assert listing.status_code == 200, name
        page = staff_client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert page.status_code == 200, name
        assert text in page.content.decode(), name


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


def test_a_user_page_shows_the_cooking_profile(staff_client: Client) -> None:
    cook = UserFactory(username="ines")
    cook.profile.allergies = ["peanuts"]
    cook.profile.save()
    html = staff_client.get(reverse("admin:accounts_user_change", args=[cook.pk])).content.decode()
    assert "peanuts" in html
    assert staff_client.get(reverse("admin:accounts_user_add")).status_code == 200


def test_job_lists_filter_by_status_and_search_by_username_or_id(staff_client: Client) -> None:
    """Finding one person's failed scans takes a filter and a name, typed as is."""
    mine = failed_scan(user=UserFactory(username="pilar"))
    ScanFactory(user=UserFactory(username="quentin"))
    url = reverse("admin:vision_scan_changelist")

    by_name = staff_client.get(url, {"q": "pilar", "status__exact": "failed"})
    by_id = staff_client.get(url, {"q": str(mine.pk)})

    assert by_name.status_code == by_id.status_code == 200
    assert [s.pk for s in by_name.context["cl"].result_list] == [mine.pk]
    assert [s.pk for s in by_id.context["cl"].result_list] == [mine.pk]


def test_the_model_call_log_is_read_only(staff_client: Client) -> None:
    """Staff read the log; nobody adds, edits or deletes history through the admin."""
    call = model_call()
    change = staff_client.get(reverse("admin:chef_site_modelcall_change", args=[call.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert staff_client.get(reverse("admin:chef_site_modelcall_add")).status_code == 403
    delete = staff_client.post(reverse("admin:chef_site_modelcall_delete", args=[call.pk]))
    assert delete.status_code == 403
    assert ModelCall.objects.filter(pk=call.pk).exists()


def test_people_who_are_not_staff_are_sent_to_the_login(client: Client) -> None:
    client.force_login(UserFactory(username="nosy"))
    response = client.get(reverse("admin:vision_scan_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


# --- changelists cost the same with 5 or 55 rows ------------------------------------------------


def grow(name: str, count: int) -> None:
    for _ in range(count):
        cook = UserFactory()
        if name == "vision_scan":
            ScanIngredientFactory(scan=failed_scan(user=cook))
        elif name == "recipes_generation":
            RecipeFactory(user=cook)
        elif name == "recipes_recipe":
            ReviewFactory(recipe=RecipeFactory(user=cook))
        elif name == "recipes_review":
            ReviewFactory(recipe=RecipeFactory(user=cook), user=UserFactory())
        elif name == "chef_site_modelcall":
            model_call(generation=GenerationFactory(user=cook))
        elif name == "recipes_shoppingitem":
            ShoppingItemFactory(user=cook, recipe=RecipeFactory(user=cook))


def count_queries(action: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "name",
    [
        "vision_scan",
        "recipes_generation",
        "recipes_recipe",
        "recipes_review",
        "accounts_user",
        "chef_site_modelcall",
        "recipes_shoppingitem",
    ],
)
@pytest.mark.parametrize("query", [{}, {"q": "cook"}, {"o": "-3"}])
def test_changelists_cost_the_same_queries_for_5_or_55_rows(
    staff_client: Client, name: str, query: dict[str, str]
) -> None:
    """No per-row queries: ten times the rows (plus search or sorting) cost the same queries."""
    url = reverse(f"admin:{name}_changelist")

    def load() -> None:
        response = staff_client.get(url, query)
        assert response.status_code == 200

    grow(name, 5)
    small = count_queries(load)
    grow(name, 50)
    large = count_queries(load)

    assert large == small
    assert small <= 12, f"{name} changelist runs {small} queries"
