"""With the real worker on RabbitMQ: a model that fences its JSON costs one call per job, and every
job, model call and recipe names the variant the job drew."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.models import ModelCall
from recipes.models import Generation
from testkit.recipes import recipes_reply
from tests.support.journey import ask
from tests.support.journey import finished
from tests.support.journey import sign_up
from tests.support.journey import upload
from tests.support.variants import shipped
from vision.models import Scan

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.broker, pytest.mark.slow]


def fenced(body: str) -> str:
    return f"Sure! Here is the JSON:\n```json\n{body}\n```\nEnjoy!"


def test_fenced_replies_cost_one_call_and_each_job_keeps_its_drawn_variant(
    worker: Any, fake_ollama: Any
) -> None:
    compact = shipped("recipes-compact")
    compact.active = True
    compact.save()
    client = sign_up()
    seen = json.dumps({"ingredients": [{"name": "tomato", "confidence": 0.9}]})
    fake_ollama.script("chat", content=fenced(seen))
    scan = finished(client, upload(client))
    assert scan["status"] == "succeeded", scan

    generations = []
    for n in range(4):
        fake_ollama.script("chat", content=fenced(recipes_reply(f"Dish {n}")))
        done = finished(client, ask(client, ingredients=["tomato", f"rice {n}"], count=1))
        assert done["status"] == "succeeded", done
        generations.append(Generation.objects.get(pk=done["id"]))

    assert ModelCall.objects.get(scan=scan["id"]).outcome == ModelCall.Outcome.SALVAGED
    assert Scan.objects.get(pk=scan["id"]).prompt_variant == shipped("vision")
    drawn = set()
    for generation in generations:
        call = ModelCall.objects.get(generation=generation)  # one call: no repair round
        assert call.outcome == ModelCall.Outcome.SALVAGED
        recipe = generation.recipes.get()
        assert call.prompt_variant == recipe.prompt_variant == generation.prompt_variant
        assert call.prompt_version == generation.prompt_variant.label
        drawn.add(generation.prompt_variant.label)
    assert drawn <= {"recipes-v3", "recipes-compact-v1"}
    assert len(fake_ollama.requests_to("/api/chat")) == 5
