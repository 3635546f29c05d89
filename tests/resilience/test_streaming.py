"""Recipes as they are written, honest progress, and cancel — with a real worker process on the
real RabbitMQ and the fake Ollama streaming slowly."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.jobs import JobStatus
from core.models import ModelCall
from fake_ollama import FakeOllama
from recipes.models import Generation
from recipes.models import Recipe
from testkit.recipes import script_slow_recipes
from tests.conftest import wait_for
from tests.resilience.conftest import submit_generations
from tests.resilience.conftest import wait_until_finished
from tests.support.ollama import open_connections
from tests.support.ollama import wait_for_closed

pytestmark = [pytest.mark.broker, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

THREE = ("Shakshuka", "Tomato omelette", "Egg fried rice")


def stream_started(fake: FakeOllama) -> float:
    """When the worker's request for recipes reached the fake (time.time())."""
    asked = [r for r in fake.requests_to("/api/chat") if (r.json or {}).get("messages")]
    assert asked, "no request for recipes reached the model"
    return asked[0].received_at


def poll(client: APIClient, generation: Generation) -> dict[str, Any]:
    response = client.get(f"/api/v1/generations/{generation.pk}/")
    assert response.status_code == 200
    return response.json()


def test_the_first_recipe_is_in_the_api_long_before_the_last_is_written(
    user: Any, start_worker: Callable[..., Any], fake_ollama: FakeOllama, api_client: APIClient
) -> None:
    """A model that takes 6 s for three recipes: the poll shows the first while the job is
    still running, before 60 % of the time, then the second, then all three."""
    start_worker()
    script_slow_recipes(fake_ollama, *THREE, seconds=6)
    (generation,) = submit_generations(user, 1)

    seen: list[tuple[float, str, int]] = []  # (when, status, recipes shown)
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        body = poll(api_client, generation)
        seen.append((time.time(), body["status"], len(body["recipes"])))
        if body["status"] not in ("queued", "running"):
            break
        time.sleep(0.05)

    assert seen[-1][1:] == ("succeeded", 3)
    start, done = stream_started(fake_ollama), seen[-1][0]
    first = next(when for when, status, shown in seen if shown >= 1)
    assert any(status == "running" and shown == 1 for _, status, shown in seen)
    assert any(status == "running" and shown == 2 for _, status, shown in seen)
    assert (first - start) < 0.6 * (done - start), (first - start, done - start)
    titles = [r["title"] for r in poll(api_client, generation)["recipes"]]
    assert titles == list(THREE)


def test_progress_follows_the_stream_never_goes_back_and_the_estimate_counts_down(
    user: Any, start_worker: Callable[..., Any], fake_ollama: FakeOllama, api_client: APIClient
) -> None:
    """A first request records the model's speed; the second shows progress that moves at
    least once a second, never backwards, and "about N s left" from that speed."""
    start_worker()
    script_slow_recipes(fake_ollama, *THREE, seconds=4)
    first = submit_generations(user, 1)
    wait_until_finished(first, timeout=30)
    assert ModelCall.objects.filter(outcome=ModelCall.Outcome.OK, purpose="recipes").count() == 1

    script_slow_recipes(fake_ollama, "Frittata", "Tortilla", "Menemen", seconds=4)
    (generation,) = submit_generations(user, 1)
    samples: list[tuple[float, str, int, int | None]] = []
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        body = poll(api_client, generation)
        samples.append((time.monotonic(), body["status"], body["progress"], body["eta_seconds"]))
        if body["status"] not in ("queued", "running"):
            break
        time.sleep(0.1)

    assert samples[-1][1] == "succeeded"
    progress = [p for _, _, p, _ in samples]
    assert progress == sorted(progress), "progress never goes backwards"
    streaming = [(t, p) for t, status, p, _ in samples if status == "running" and 5 < p < 100]
    assert len({p for _, p in streaming}) >= 5, streaming
    changes = [
        t for (t, p), (_, before) in zip(streaming[1:], streaming, strict=False) if p > before
    ]
    gaps = [b - a for a, b in itertools.pairwise(changes)]
    assert gaps and max(gaps) < 1.2, gaps
    estimates = [eta for _, status, _, eta in samples if status == "running" and eta is not None]
    assert estimates, "the recorded speed gives an estimate while the job runs"
    assert max(estimates) <= 8, estimates  # the last one took about 4 s
    assert estimates[-1] < estimates[0]


def test_cancel_mid_stream_closes_the_models_stream_and_saves_nothing_more_then_retry_works(
    user: Any, start_worker: Callable[..., Any], fake_ollama: FakeOllama, api_client: APIClient
) -> None:
    start_worker()
    script_slow_recipes(fake_ollama, *THREE, seconds=12)
    (generation,) = submit_generations(user, 1)
    wait_for(lambda: Recipe.objects.filter(generation=generation).exists(), timeout=30)

    streaming = open_connections(fake_ollama)
    cancelled_at = time.monotonic()
    response = api_client.post(f"/api/v1/generations/{generation.pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert wait_for_closed(fake_ollama, streaming, timeout=3) < 1.5, "the stream was closed"
    saved = Recipe.objects.filter(generation=generation).count()
    assert saved == 1
    call = wait_for(
        lambda: ModelCall.objects.filter(generation=generation).first(), timeout=5, interval=0.1
    )
    assert call.outcome == ModelCall.Outcome.CANCELLED
    assert call.wall_ms < (time.monotonic() - cancelled_at + 12) * 1000
    time.sleep(2)  # the script had seconds left: nothing arrives after the cancel
    generation.refresh_from_db()
    assert generation.status == JobStatus.CANCELLED
    assert Recipe.objects.filter(generation=generation).count() == saved
    assert len([r for r in fake_ollama.requests_to("/api/chat") if r.json.get("messages")]) == 1
    assert api_client.post(f"/api/v1/generations/{generation.pk}/cancel/").status_code == 409

    assert api_client.post(f"/api/v1/generations/{generation.pk}/retry/").status_code == 202
    (done,) = wait_until_finished([generation], timeout=30)
    assert done.status == JobStatus.SUCCEEDED
    recipes = list(done.recipes.order_by("position").values_list("position", "title"))
    assert [p for p, _ in recipes] == [0, 1, 2]
    assert recipes[0][1] == THREE[0]
    assert len({t for _, t in recipes}) == 3
