"""Recipes as they are written (recipes/writing.py): each one saved the moment it is complete,
a repaired reply that saves nothing twice, and nothing saved once the request is cancelled."""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models.signals import post_save

from core import job_progress
from core.jobs import JobStatus
from core.jobs import Stage
from core.jobs import job_cancel
from core.models import ModelCall
from fake_ollama.tokens import split_tokens
from integrations.ollama.streaming import StreamProgress
from recipes import services
from recipes.models import Generation
from recipes.models import Recipe
from recipes.schemas import RecipeDraft
from recipes.tasks import generation_run
from recipes.writing import RecipeStream
from testkit.recipes import recipe_json
from testkit.recipes import recipes_reply

pytestmark = pytest.mark.django_db


def stream_of(text: str, attempt: int = 1) -> Iterator[StreamProgress]:
    """What the gateway hands the caller, chunk after chunk, for a reply of `text`."""
    progress = StreamProgress(attempt=attempt)
    for piece in split_tokens(text):
        progress._parts.append(piece)
        progress.tokens += 1
        progress.chars += len(piece)
        progress.piece = piece
        yield progress


def play(stream: RecipeStream, text: str, attempt: int = 1) -> list[tuple[str, int]]:
    """Feed `text` to `stream`; each recipe handed on, with how much of the text had arrived."""
    handed: list[tuple[str, int]] = []
    stream.take = lambda draft: handed.append((draft.title, chars))
    chars = 0
    for progress in stream_of(text, attempt):
        chars = progress.chars
        stream.on_progress(progress)
    return handed


def noop(draft: RecipeDraft) -> None:
    pass


def test_each_recipe_is_handed_on_when_the_next_begins_and_the_last_when_the_array_closes() -> None:
    text = recipes_reply("One", "Two", "Three")
    starts = [text.index('{"title": "Two"'), text.index('{"title": "Three"')]

    handed = play(RecipeStream(need=3, take=noop), text)

    assert [title for title, _ in handed] == ["One", "Two", "Three"]
    assert handed[0][1] == starts[0] + 1  # the moment the second recipe opened
    assert handed[1][1] == starts[1] + 1
    assert handed[2][1] <= len(text) - 1  # at the "]", before the reply's last brace


def test_a_reply_that_is_not_json_hands_on_nothing() -> None:
    assert play(RecipeStream(need=3, take=noop), "Sure! Here are your recipes: {") == []


def test_a_reply_never_hands_on_more_than_it_was_asked_for() -> None:
    stream = RecipeStream(need=2, take=noop)

    handed = play(stream, recipes_reply("One", "Two", "Three"))

    assert [title for title, _ in handed] == ["One", "Two"]


def test_an_invalid_recipe_ends_the_reply_and_its_repair_continues_without_repeats() -> None:
    broken = recipe_json("Broken", ["tomato"]) | {"difficulty": "impossible"}
    first = json.dumps(
        {"recipes": [recipe_json("One", ["eggs"]), broken, recipe_json("Three", ["eggs"])]}
    )
    stream = RecipeStream(need=3, take=noop)

    assert [t for t, _ in play(stream, first, attempt=1)] == ["One"]
    repaired = recipes_reply("One again", "Two", "Three")
    assert [t for t, _ in play(stream, repaired, attempt=2)] == ["Two", "Three"]
    stream.finish([RecipeDraft.model_validate(r) for r in json.loads(repaired)["recipes"]])
    assert stream.handled == 3


def run(user: Any, **kwargs: Any) -> Generation:
    kwargs.setdefault("ingredients", ["tomato", "eggs"])
    generation = services.generation_create(user=user, **kwargs)
    generation_run.apply(args=[generation.pk])
    generation.refresh_from_db()
    return generation


def run_three_recipes(
    user: Any, fake_ollama: Any, *, on_saved: Callable[[Recipe], object]
) -> Generation:
    """Run a generation whose reply streams recipes One, Two and Three; `on_saved` is called
    with each recipe as its row is saved."""

    def saved(sender: Any, instance: Recipe, **_: Any) -> None:
        on_saved(instance)

    fake_ollama.script("chat", content=recipes_reply("One", "Two", "Three"))
    post_save.connect(saved, sender=Recipe)
    try:
        return run(user)
    finally:
        post_save.disconnect(saved, sender=Recipe)


def test_each_recipe_is_saved_while_the_reply_is_still_streaming(
    user: Any, fake_ollama: Any
) -> None:
    calls_when_saved: list[int] = []
    generation = run_three_recipes(  # the call's row comes at its end
        user, fake_ollama, on_saved=lambda _: calls_when_saved.append(ModelCall.objects.count())
    )

    assert generation.status == JobStatus.SUCCEEDED
    assert list(generation.recipes.order_by("position").values_list("title", "position")) == [
        ("One", 0),
        ("Two", 1),
        ("Three", 2),
    ]
    assert calls_when_saved == [0, 0, 0]


def test_while_the_reply_streams_the_stage_says_which_recipe_is_being_written(
    user: Any, fake_ollama: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(job_progress, "REPORT_SECONDS", 0)  # every token reports
    seen: list[str] = []

    def stage_when_saved(recipe: Recipe) -> None:
        row = Generation.objects.get(pk=recipe.generation_id)
        seen.append(row.stage_text)

    generation = run_three_recipes(user, fake_ollama, on_saved=stage_when_saved)

    assert generation.status == JobStatus.SUCCEEDED
    assert seen == ["Writing recipe 1 of 3", "Writing recipe 2 of 3", "Writing recipe 3 of 3"]
    assert (generation.stage, generation.stage_params) == (Stage.DONE, {})


def test_a_repaired_reply_keeps_what_its_valid_beginning_saved_and_saves_nothing_twice(
    user: Any, fake_ollama: Any
) -> None:
    beginning = recipes_reply("One", "Two", "Three")
    cut = beginning.index('{"title": "Three"') + 1
    fake_ollama.script("chat", content=beginning[:cut] + '"title": oops not json')

    generation = run(user)

    assert generation.status == JobStatus.SUCCEEDED
    titles = list(generation.recipes.order_by("position").values_list("title", flat=True))
    assert titles[:2] == ["One", "Two"]
    assert len(titles) == 3 and len(set(titles)) == 3
    outcomes = list(ModelCall.objects.order_by("created_at").values_list("outcome", flat=True))
    assert outcomes == [ModelCall.Outcome.INVALID_REPLY, ModelCall.Outcome.OK]


def test_nothing_is_saved_after_a_cancel_and_the_stream_is_stopped(
    user: Any, fake_ollama: Any
) -> None:
    def cancel_after_the_first(recipe: Recipe) -> None:
        job_cancel(job=Generation.objects.get(pk=recipe.generation_id))

    generation = run_three_recipes(user, fake_ollama, on_saved=cancel_after_the_first)

    assert generation.status == JobStatus.CANCELLED
    assert list(generation.recipes.values_list("title", flat=True)) == ["One"]
    assert ModelCall.objects.get().outcome == ModelCall.Outcome.CANCELLED
    assert len(fake_ollama.requests_to("/api/chat")) == 1


def test_a_retry_after_a_cancel_asks_only_for_the_recipes_still_missing(
    user: Any, fake_ollama: Any
) -> None:
    generation = services.generation_create(user=user, ingredients=["tomato", "eggs"])
    Generation.objects.filter(pk=generation.pk).update(status=JobStatus.RUNNING)
    Recipe.objects.create(user=user, generation=generation, position=0, title="Kept")
    job_cancel(job=generation)

    assert services.generation_retry(generation=generation)
    generation_run.apply(args=[generation.pk])
    generation.refresh_from_db()

    assert generation.status == JobStatus.SUCCEEDED
    asked = fake_ollama.requests_to("/api/chat")[-1].json["format"]["properties"]["recipes"]
    assert (asked["minItems"], asked["maxItems"]) == (2, 2)
    recipes = list(generation.recipes.order_by("position").values_list("position", "title"))
    assert [p for p, _ in recipes] == [0, 1, 2]
    assert recipes[0] == (0, "Kept")
