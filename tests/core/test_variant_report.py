"""Each prompt variant's signals, computed from rows whose answers are known, the verdict on two
active variants, and who may read them (the API for staff only, the admin's report)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from core.models import ModelCall
from core.models import PromptVariant
from core.variant_report import variant_report
from core.variant_report import verdict
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ReviewFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory
from tests.factories import UserFactory
from tests.support.variants import shipped

pytestmark = pytest.mark.django_db

OK, SALVAGED, INVALID = (
    ModelCall.Outcome.OK,
    ModelCall.Outcome.SALVAGED,
    ModelCall.Outcome.INVALID_REPLY,
)


def call(
    variant: PromptVariant, generation: Any, outcome: str, n: int, *, attempt: int = 1
) -> None:
    ModelCall.objects.create(
        purpose="recipes",
        generation=generation,
        model="mistral",
        prompt_version=variant.label,
        prompt_variant=variant,
        attempt=attempt,
        outcome=outcome,
        prompt_eval_count=100 * n if outcome != INVALID else None,
        eval_count=10 * n if outcome != INVALID else None,
        wall_ms=100 * n,
    )


def row_of(label: str) -> dict[str, Any]:
    return next(r for r in variant_report() if r["label"] == label)


def test_the_call_signals_of_a_variant() -> None:
    """Four asks: two valid as they came, one unwrapped, one repaired after an invalid reply."""
    v = shipped("recipes")
    jobs = GenerationFactory.create_batch(4, prompt_variant=v)
    call(v, jobs[0], OK, 1)
    call(v, jobs[1], OK, 2)
    call(v, jobs[2], SALVAGED, 3)
    call(v, jobs[3], INVALID, 0)
    call(v, jobs[3], OK, 4, attempt=2)

    row = row_of("recipes-v3")

    assert (row["jobs"], row["calls"]) == (4, 5)
    assert row["first_try_valid_rate"] == 0.5
    assert row["salvaged_rate"] == row["repaired_rate"] == 0.25
    assert row["failure_rate"] == 0.2
    assert (row["prompt_tokens_mean"], row["eval_tokens_mean"]) == (250, 25)
    assert row["latency_ms_p50"] == 250
    assert row["latency_ms_p95"] == pytest.approx(385)
    assert row_of("recipes-compact-v1")["calls"] == 0
    assert row_of("recipes-compact-v1")["first_try_valid_rate"] is None


def test_precision_and_recall_come_from_what_the_person_kept_and_added() -> None:
    """Recognised tomato, eggs, yogurt; the person removed yogurt and added milk and onion:
    precision 2 of 3, recall 2 of 4. A scan nobody confirmed does not count."""
    v = shipped("vision")
    scan = ScanFactory(prompt_variant=v)
    for name in ("Tomato", "eggs", "yogurt"):
        ScanIngredientFactory(scan=scan, name=name)
    GenerationFactory(scan=scan, user=scan.user, ingredients=["tomato", "eggs", "milk", "onion"])
    GenerationFactory(scan=scan, user=scan.user, ingredients=["tomato"])  # a later one: not used
    unconfirmed = ScanFactory(prompt_variant=v)
    ScanIngredientFactory(scan=unconfirmed, name="bread")

    row = row_of("vision-v2")

    assert row["scans_confirmed"] == 1
    assert row["precision"] == pytest.approx(2 / 3)
    assert row["recall"] == 0.5
    assert row["f1"] == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_the_recipe_signals_favourites_stars_and_withheld() -> None:
    v = shipped("recipes")
    generation = GenerationFactory(prompt_variant=v, dropped_unsafe=1)
    recipes = RecipeFactory.create_batch(
        3, generation=generation, user=generation.user, prompt_variant=v
    )
    FavoriteFactory(recipe=recipes[0])
    for rating in (4, 5):
        ReviewFactory(recipe=recipes[0], rating=rating, user=UserFactory())
    ReviewFactory(recipe=recipes[1], rating=1, hidden=True)

    row = row_of("recipes-v3")

    assert (row["recipes"], row["favourite_rate"]) == (3, pytest.approx(1 / 3))
    assert (row["ratings"], row["rating_mean"]) == (2, 4.5)
    low, high = row["rating_ci95"]
    assert low < 4.5 < high and high - low == pytest.approx(2 * 1.96 * 0.7071 / 2**0.5, rel=1e-3)
    assert row["withheld_rate"] == 0.25, "one withheld of four written"
    assert row["edited_rate"] is None and row["cooked_rate"] is None


def favourites(variant: PromptVariant, n: int, liked: int) -> None:
    generation = GenerationFactory(prompt_variant=variant)
    recipes = RecipeFactory.create_batch(
        n, generation=generation, user=generation.user, prompt_variant=variant
    )
    for recipe in recipes[:liked]:
        FavoriteFactory(recipe=recipe)


@pytest.mark.parametrize(
    ("compact_liked", "state", "leader"),
    [(30, "better", "recipes-compact-v1"), (11, "no_difference", "recipes-compact-v1")],
)
def test_the_verdict_on_two_active_variants(compact_liked: int, state: str, leader: str) -> None:
    """40 recipes each: 10 against 30 favourites is a clear difference; 10 against 11 is not."""
    compact = shipped("recipes-compact")
    compact.active = True
    compact.save()
    favourites(shipped("recipes"), 40, 10)
    favourites(compact, 40, compact_liked)

    found = verdict(variant_report(), "recipes")

    assert (found.state, found.leader) == (state, leader)
    assert (found.p_value < 0.05) == (state == "better")


def test_the_verdict_waits_for_enough_data_and_needs_two_active_variants() -> None:
    compact = shipped("recipes-compact")
    favourites(shipped("recipes"), 12, 3)
    assert verdict(variant_report(), "recipes").state == "single"

    compact.active = True
    compact.save()
    favourites(compact, 5, 4)
    found = verdict(variant_report(), "recipes")

    assert (found.state, found.needs) == ("not_enough_data", 25)


def test_only_staff_read_the_prompt_variants_over_the_api(api_client: Any, user: Any) -> None:
    url = "/api/v1/prompt-variants/"
    assert api_client.get(url).status_code == 403
    api_client.logout()
    api_client.credentials()
    assert api_client.get(url).status_code == 401

    user.is_staff = True
    user.save()
    api_client.force_authenticate(user)
    body = api_client.get(url).json()

    assert body["count"] == 4
    first = next(r for r in body["results"] if r["label"] == "vision-v2")
    assert {"precision", "recall", "prompt_tokens_mean", "eval_tokens_mean", "jobs"} <= set(first)
    recipes = next(r for r in body["results"] if r["label"] == "recipes-v3")
    assert {"favourite_rate", "rating_mean", "rating_ci95", "withheld_rate"} <= set(recipes)
    assert {v["kind"]: v["state"] for v in body["verdicts"]} == {
        "vision": "single",
        "recipes": "single",
    }


def test_the_admin_report_shows_the_verdict_and_promote_stops_the_other(admin_client: Any) -> None:
    compact = shipped("recipes-compact")
    compact.active = True
    compact.save()

    page = admin_client.get(reverse("admin:chef_site_promptvariant_report"))

    assert page.status_code == 200
    assert "Not enough data yet" in page.content.decode()
    assert "recipes-compact-v1" in page.content.decode()

    done = admin_client.post(
        reverse("admin:chef_site_promptvariant_changelist"),
        {"action": "promote_variant", "_selected_action": [compact.pk]},
        follow=True,
    )

    shown = [str(m) for m in done.context["messages"]]
    assert shown and "recipes-compact-v1 is now the only active variant" in shown[0], shown
    assert not shipped("recipes").active


def test_the_admin_freezes_a_used_variant_and_copies_it_as_a_new_version(
    admin_client: Any,
) -> None:
    used = shipped("vision")
    ScanFactory(prompt_variant=used)
    change = admin_client.get(reverse("admin:chef_site_promptvariant_change", args=[used.pk]))
    assert 'name="system"' not in change.content.decode(), "its words are read-only"

    admin_client.post(
        reverse("admin:chef_site_promptvariant_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [used.pk]},
    )

    copy = PromptVariant.objects.get(name="vision", version=3)
    assert (copy.system, copy.active) == (used.system, False)
    fresh = admin_client.get(reverse("admin:chef_site_promptvariant_change", args=[copy.pk]))
    assert 'name="system"' in fresh.content.decode(), "an unused version is edited freely"
