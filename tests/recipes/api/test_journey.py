"""The API end to end with a real Celery worker on RabbitMQ and the fake Ollama over HTTP.

Each test starts a worker process (a few seconds), so only the journeys that need one are here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.journey import ask
from tests.support.journey import finished
from tests.support.journey import sign_up
from tests.support.journey import upload

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.broker, pytest.mark.slow]


def recipe(title: str, ingredients: list[str]) -> dict[str, Any]:
    return {
        "title": title,
        "description": "Quick and filling.",
        "cuisine": "asian",
        "total_minutes": 20,
        "difficulty": "easy",
        "servings": 2,
        "ingredients": [{"name": n, "quantity": 1, "unit": "", "have": True} for n in ingredients],
        "steps": ["Cook everything.", "Serve."],
        "nutrition": {"kcal": 450, "protein_g": 15, "fat_g": 12, "carbs_g": 60},
        "tips": [],
    }


def test_from_sign_up_to_recipes_through_the_api(worker: Any, fake_ollama: Any) -> None:
    """Register, upload a photo, poll the scan, ask for recipes with what it saw, read them."""
    client = sign_up()

    scan_url = upload(client)
    scan = finished(client, scan_url)

    assert scan["status"] == "succeeded", scan
    names = [i["name"] for i in scan["ingredients"]]
    assert {"tomato", "eggs"} <= set(names)
    assert client.get(scan["image_url"])["Content-Type"] == "image/jpeg", "the owner's photo"

    generation = finished(client, ask(client, ingredients=names, scan=scan["id"], count=2))

    assert generation["status"] == "succeeded", generation
    assert generation["scan"] == scan["id"]
    assert len(generation["recipes"]) == 2
    for listed in generation["recipes"]:
        detail = client.get(f"/api/v1/recipes/{listed['id']}/")
        assert detail.status_code == 200
        assert detail.json()["title"] == listed["title"]
        assert detail.json()["steps"], "a recipe has steps"
    assert client.get("/api/v1/recipes/").json()["count"] == 2
    history = client.get("/api/v1/history/").json()
    assert [item["type"] for item in history["results"]] == ["generation", "scan"]


LATIN = re.compile(r"[A-Za-z]")


def test_a_russian_cook_sees_russian_ingredients_and_recipes(worker: Any, fake_ollama: Any) -> None:
    """Photo to recipes for someone who reads Russian, with the simulated models answering the
    app's own prompts (as in `make run-demo`): every word they read is Russian."""
    client = sign_up("masha")
    assert client.patch("/api/v1/profile/", {"language": "ru"}, format="json").status_code == 200

    scan = finished(client, upload(client))

    assert (scan["status"], scan["language"]) == ("succeeded", "ru"), scan
    names = [i["name"] for i in scan["ingredients"]]
    assert names[:3] == ["помидоры", "яйца", "сыр чеддер"]

    generation = finished(client, ask(client, ingredients=names, scan=scan["id"], count=2))

    assert generation["status"] == "succeeded", generation
    recipes = [client.get(f"/api/v1/recipes/{r['id']}/").json() for r in generation["recipes"]]
    assert {r["title"] for r in recipes} == {
        "Жаркое на сковороде: помидоры и яйца",
        "Запеканка: яйца и сыр чеддер",
    }
    for recipe in recipes:
        assert (recipe["language"], recipe["prompt_version"]) == ("ru", "recipes-v3")
        ingredients = recipe["ingredients"]
        texts = [recipe["title"], recipe["description"], *recipe["steps"], *recipe["tips"]]
        texts += [i["name"] for i in ingredients] + [i["unit"] for i in ingredients]
        assert [t for t in texts if LATIN.search(t)] == []
        assert {i["unit"] for i in ingredients} <= {"г", "мл", "ст. л.", "шт.", "по вкусу"}
        assert all(i["have"] for i in ingredients if i["name"] in names), "seen in the photo"
        assert all(i["name_en"] for i in ingredients), "English names for the allergen check"


def test_ollama_down_fails_the_scan_in_plain_words_and_retry_works_after_recovery(
    start_worker: Callable[..., Any], fake_ollama: Any
) -> None:
    start_worker(extra_env={"OLLAMA_WAIT_MAX_SECONDS": "1"})
    client = sign_up()
    fake_ollama.go_down()

    scan_url = upload(client)
    failed = finished(client, scan_url)

    assert (failed["status"], failed["error_code"]) == ("failed", "ai_unavailable")
    assert failed["error_message"] == (
        "The AI was not reachable for 1 second, so we stopped waiting. Press Retry to try again."
    )
    body = str(failed).lower()
    assert "ollama" not in body and fake_ollama.url not in body, "no operator words in the body"

    fake_ollama.come_back()
    assert client.post(f"{scan_url}retry/").status_code == 202
    recovered = finished(client, scan_url)

    assert recovered["status"] == "succeeded", recovered
    assert (recovered["error_code"], recovered["error_message"]) == ("", "")
    assert recovered["ingredients"]


def test_a_missing_model_fails_the_generation_and_retry_works_once_installed(
    worker: Any, fake_ollama: Any
) -> None:
    client = sign_up()
    fake_ollama.models.discard("mistral")

    url = ask(client, ingredients=["eggs", "spinach"], count=1)
    failed = finished(client, url)

    assert (failed["status"], failed["error_code"]) == ("failed", "model_missing")
    assert failed["error_message"] == (
        "The AI model this needs is not installed yet. Press Retry later."
    )
    assert failed["recipes"] == []

    fake_ollama.models.add("mistral")
    assert client.post(f"{url}retry/").status_code == 202
    recovered = finished(client, url)

    assert recovered["status"] == "succeeded", recovered
    assert len(recovered["recipes"]) == 1


def test_a_reply_that_is_not_json_twice_fails_with_invalid_reply(
    worker: Any, fake_ollama: Any
) -> None:
    client = sign_up()
    fake_ollama.script("chat", content="not json")
    fake_ollama.script("chat", content="not json")

    failed = finished(client, ask(client, ingredients=["rice", "peas"], count=1))

    assert (failed["status"], failed["error_code"]) == ("failed", "invalid_reply")
    assert "could not read" in failed["error_message"]
    assert len(fake_ollama.requests_to("/api/chat")) == 2, "asked once more, then gave up"
