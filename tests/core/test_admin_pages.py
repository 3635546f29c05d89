"""Staff can open every admin list and page, and the lists stay cheap as tables grow."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import ModelCall
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import ShoppingItemFactory
from tests.factories import UserFactory
from tests.support.admin import every_kind_of_row
from tests.support.admin import failed_scan
from tests.support.admin import model_call

pytestmark = pytest.mark.django_db


def test_the_superuser_sees_every_list_and_page(staff_client: Client) -> None:
    """Each changelist and each change page opens and shows the row's telling detail."""
    for name, (obj, text) in every_kind_of_row().items():
        listing = staff_client.get(reverse(f"admin:{name}_changelist"))
        assert listing.status_code == 200, name
        page = staff_client.get(reverse(f"admin:{name}_change", args=[obj.pk]))
        assert page.status_code == 200, name
        assert text in page.content.decode(), name


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
