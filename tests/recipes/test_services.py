"""Generations: validated input, profile-respecting recipes, reuse of identical work."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage
from recipes import services
from recipes.models import Generation
from recipes.models import Recipe
from recipes.tasks import generation_run
from testkit.recipes import recipe_json
from tests.factories import ScanFactory
from tests.support.variants import shipped

pytestmark = pytest.mark.django_db


def start(user: Any, **kwargs: Any) -> Any:
    kwargs.setdefault("ingredients", ["tomato", "eggs"])
    return services.generation_create(user=user, **kwargs)


def written(user: Any, **kwargs: Any) -> Generation:
    """Start a request and run it here, as a worker would; the generation afterwards."""
    generation = start(user, **kwargs)
    generation_run.apply(args=[generation.pk])
    generation.refresh_from_db()
    return generation


def reply_with(fake_ollama: Any, *recipes: dict[str, Any]) -> None:
    """The model's next reply: these recipes."""
    fake_ollama.script("chat", content=json.dumps({"recipes": list(recipes)}))


def allergic_to(user: Any, *allergies: str) -> None:
    user.profile.allergies = list(allergies)
    user.profile.save()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"ingredients": []}, "ingredients"),
        ({"ingredients": ["  ", ""]}, "ingredients"),
        ({"count": 6}, "count"),
        ({"max_minutes": 1000}, "max_minutes"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(
    user: Any, kwargs: dict[str, Any], field: str
) -> None:
    with pytest.raises(services.GenerationInputError) as caught:
        start(user, **kwargs)
    assert caught.value.field == field


def test_another_users_scan_cannot_be_used(user: Any, other_user: Any) -> None:
    with pytest.raises(services.GenerationInputError):
        start(user, scan=ScanFactory(user=other_user))


def test_ingredient_names_are_trimmed_deduplicated_and_capped(user: Any, settings: Any) -> None:
    names = ["  Tomato ", "tomato", "x" * 200] + [f"item {i}" for i in range(100)]
    generation = start(user, ingredients=names)
    assert generation.ingredients[0] == "Tomato"
    assert len(generation.ingredients[1]) == settings.MAX_INGREDIENT_LENGTH
    assert len(generation.ingredients) == settings.MAX_INGREDIENTS


def test_recipes_are_written_with_have_and_to_buy_flags(user: Any, fake_ollama: Any) -> None:
    reply_with(
        fake_ollama,
        recipe_json("Tomato eggs", ["tomatoes", "eggs", "feta"]),
        recipe_json("Egg salad", ["egg", "lettuce"]),
        recipe_json("Tomato soup", ["tomato", "cream"]),
    )
    generation = written(user)

    assert generation.status == JobStatus.SUCCEEDED
    recipes = list(generation.recipes.order_by("position"))
    assert [r.title for r in recipes] == ["Tomato eggs", "Egg salad", "Tomato soup"]
    flags = {i["name"]: i["have"] for i in recipes[0].ingredients}
    assert flags == {"tomatoes": True, "eggs": True, "feta": False}
    assert recipes[0].model_name == "mistral" and recipes[0].prompt_version == "recipes-v3"
    assert recipes[0].prompt_variant == generation.prompt_variant == shipped("recipes")
    sent = fake_ollama.requests[-1].json
    schema_recipes = sent["format"]["properties"]["recipes"]
    assert schema_recipes["minItems"] == schema_recipes["maxItems"] == 3


PEANUT_REPLY = [
    recipe_json("Satay noodles", ["noodles", "peanut butter"]),
    recipe_json("Tomato eggs", ["tomato", "eggs"]),
    recipe_json("Crunchy salad", ["lettuce"], steps=["Top with crushed peanuts."]),
]


def test_a_recipe_that_names_an_allergen_is_never_shown(
    user: Any, fake_ollama: Any, settings: Any
) -> None:
    """With no replacement round, what passed is shown and the rest is counted as left out."""
    settings.RECIPE_REPLACEMENT_ROUNDS = 0
    allergic_to(user, "peanuts")
    reply_with(fake_ollama, *PEANUT_REPLY)
    generation = written(user)
    assert generation.status == JobStatus.SUCCEEDED
    assert list(generation.recipes.values_list("title", flat=True)) == ["Tomato eggs"]
    assert generation.dropped_unsafe == 2
    assert len(fake_ollama.requests_to("/api/chat")) == 1
    prompt = fake_ollama.requests[-1].json["messages"][-1]["content"]
    assert "<avoid>\n- peanuts\n</avoid>" in prompt
    assert "groups and everything made from them: Peanuts." in prompt


def test_withheld_recipes_are_replaced_so_the_asked_for_count_arrives(
    user: Any, fake_ollama: Any
) -> None:
    """The model is asked once more for the missing two, told what was wrong, and they arrive."""
    allergic_to(user, "арахис")
    reply_with(fake_ollama, *PEANUT_REPLY)
    reply_with(
        fake_ollama,
        recipe_json("Herb omelette", ["eggs", "parsley"]),
        recipe_json("Tomato rice", ["tomato", "rice"]),
    )
    generation = written(user)
    assert generation.status == JobStatus.SUCCEEDED, generation.error_text
    assert list(generation.recipes.order_by("position").values_list("title", flat=True)) == [
        "Tomato eggs",
        "Herb omelette",
        "Tomato rice",
    ]
    assert generation.dropped_unsafe == 0
    calls = fake_ollama.requests_to("/api/chat")
    assert len(calls) == 2
    second = calls[1].json
    prompt = second["messages"][-1]["content"]
    rejected = prompt.split("<rejected>\n", 1)[1].split("\n</rejected>", 1)[0].splitlines()
    assert rejected == [
        "- Satay noodles (allergy арахис: satay, peanut butter)",
        "- Crunchy salad (allergy арахис: peanuts)",
    ]
    assert "<keep_apart>\n- Tomato eggs\n</keep_apart>" in prompt
    assert "Write exactly 2 different recipes." in prompt
    schema_recipes = second["format"]["properties"]["recipes"]
    assert schema_recipes["minItems"] == schema_recipes["maxItems"] == 2


def test_when_replacements_break_the_rules_too_what_passed_is_shown(
    user: Any, fake_ollama: Any
) -> None:
    allergic_to(user, "peanuts")
    reply_with(fake_ollama, *PEANUT_REPLY)
    reply_with(
        fake_ollama,
        recipe_json("Gado gado", ["tofu", "arachis oil"]),
        recipe_json("Pad thai", ["rice noodles"], steps=["Посыпьте арахисом."]),
    )
    generation = written(user)
    assert generation.status == JobStatus.SUCCEEDED
    assert list(generation.recipes.values_list("title", flat=True)) == ["Tomato eggs"]
    assert generation.dropped_unsafe == 2


SLOW = json.dumps({"recipes": [recipe_json("Slow stew", ["tomato"], minutes=180)]})


@pytest.mark.parametrize(
    ("replies", "options", "code"),
    [
        ([SLOW, SLOW], {"count": 1, "max_minutes": 30}, ErrorCode.NO_SAFE_RECIPES),
        (["Sure! Here are some recipes", '{"recipes": "none"}'], {}, ErrorCode.INVALID_REPLY),
    ],
    ids=["recipes-over-the-time-budget-are-dropped", "a-malformed-reply-after-one-repair"],
)
def test_a_request_without_usable_recipes_fails_and_says_retry(
    user: Any, fake_ollama: Any, replies: list[str], options: dict[str, Any], code: str
) -> None:
    """Two replies (the answer and one more try) and no recipe to show: failed, press Retry."""
    for content in replies:
        fake_ollama.script("chat", content=content)
    generation = written(user, **options)
    assert generation.status == JobStatus.FAILED
    assert generation.error_code == code
    assert "Retry" in generation.error_text
    assert not Recipe.objects.exists()
    assert len(fake_ollama.requests_to("/api/chat")) == 2


def test_a_retry_checks_against_the_profile_as_it_is_now(user: Any, fake_ollama: Any) -> None:
    """Add a peanut allergy after a failure, press Retry: satay noodles are not shown."""
    fake_ollama.script("chat", status=400, error="model is broken")
    generation = written(user, count=1)
    assert generation.status == JobStatus.FAILED
    user.profile.language = "ru"
    allergic_to(user, "peanuts")
    for _ in range(2):
        reply_with(fake_ollama, recipe_json("Satay noodles", ["noodles", "peanut butter"]))
    assert services.generation_retry(generation=generation)
    generation_run.apply(args=[generation.pk])
    generation.refresh_from_db()
    assert generation.status == JobStatus.FAILED
    assert generation.error_code == ErrorCode.NO_SAFE_RECIPES
    assert not Recipe.objects.exists()
    assert generation.preferences["allergies"] == ["peanuts"]
    assert generation.language == "ru"
    prompt = fake_ollama.requests_to("/api/chat")[-1].json["messages"][-1]["content"]
    assert "<avoid>\n- peanuts\n</avoid>" in prompt
    assert "Write every text field in Russian" in prompt


def test_identical_requests_reuse_earlier_recipes_unless_fresh(
    user: Any, other_user: Any, fake_ollama: Any
) -> None:
    first = start(user)
    generation_run.apply(args=[first.pk])
    calls = len(fake_ollama.requests)

    again = start(user, ingredients=["Eggs", "tomato"])
    assert again.status == JobStatus.SUCCEEDED
    assert again.reused_from_id == first.pk
    assert again.recipes.count() == first.recipes.count()
    written = ("position", "title", "ingredients", "steps", "search_text", "prompt_version")
    assert list(again.recipes.order_by("position").values(*written)) == list(
        first.recipes.order_by("position").values(*written)
    ), "the same recipes, read the same way"
    assert len(fake_ollama.requests) == calls, "no model call for identical work"

    fresh = start(user, fresh=True)
    assert fresh.status == JobStatus.QUEUED


def test_a_duplicate_run_does_not_create_a_second_set_of_recipes(
    user: Any, fake_ollama: Any
) -> None:
    generation = written(user)
    count = Recipe.objects.count()
    generation_run.apply(args=[generation.pk])  # the same message, delivered again
    assert Recipe.objects.count() == count


def test_an_identical_request_in_flight_is_joined_not_run_again(
    user: Any, fake_ollama: Any
) -> None:
    """The second request names the first as its leader and copies its result: one model call."""
    first = start(user, count=2)
    second = start(user, count=2)
    assert second.reused_from_id == first.pk and first.reused_from_id is None
    generation_run.apply(args=[first.pk])
    generation_run.apply(args=[second.pk])
    second.refresh_from_db()
    assert second.status == JobStatus.SUCCEEDED
    assert (second.stage, second.stage_text) == (
        Stage.DONE_JOINED,
        "Done (same request as a moment ago)",
    )
    assert [r.title for r in second.recipes.order_by("position")] == [
        r.title for r in Generation.objects.get(pk=first.pk).recipes.order_by("position")
    ]
    assert len(fake_ollama.requests_to("/api/chat")) == 1


def test_a_follower_whose_leader_failed_runs_by_itself(user: Any, fake_ollama: Any) -> None:
    first = start(user, count=1)
    second = start(user, count=1)
    Generation.objects.filter(pk=first.pk).update(status=JobStatus.FAILED)
    generation_run.apply(args=[second.pk])
    second.refresh_from_db()
    assert second.status == JobStatus.SUCCEEDED
    assert second.reused_from_id is None
    assert len(fake_ollama.requests_to("/api/chat")) == 1


def test_a_follower_does_not_wait_forever_for_a_leader_that_never_starts(
    user: Any, fake_ollama: Any, monkeypatch: Any
) -> None:
    from core import single_flight

    monkeypatch.setattr(single_flight, "_START_GRACE_SECONDS", 0.3)
    start(user, count=1)  # stays queued: no worker takes it
    second = start(user, count=1)
    generation_run.apply(args=[second.pk])
    second.refresh_from_db()
    assert second.status == JobStatus.SUCCEEDED and second.reused_from_id is None
