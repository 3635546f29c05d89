"""A model that wraps its JSON in a code fence or prose: scans and generations still succeed with
one call each, and recipes still appear one by one while the reply streams."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest

from core.jobs import JobStatus
from core.models import ModelCall
from recipes.writing import RecipeStream
from testkit.recipes import recipes_reply
from tests.factories import jpeg_bytes
from tests.recipes.test_writing import noop
from tests.recipes.test_writing import play
from tests.recipes.test_writing import run
from vision import services as vision_services
from vision.tasks import scan_recognize

pytestmark = pytest.mark.django_db

WRAPPINGS = {
    "fence": "```json\n{}\n```",
    "prose": "Sure! Here is the JSON you asked for:\n{}\nEnjoy your meal!",
}


def chat_requests(fake: Any) -> int:
    return sum(1 for r in fake.requests if r.path == "/api/chat")


@pytest.mark.parametrize("wrapping", WRAPPINGS)
def test_recipes_in_a_wrapped_reply_are_handed_on_while_it_streams(wrapping: str) -> None:
    text = WRAPPINGS[wrapping].replace("{}", recipes_reply("One", "Two", "Three"))
    closing = text.rindex("]")

    handed = play(RecipeStream(need=3, take=noop), text)

    assert [title for title, _ in handed] == ["One", "Two", "Three"]
    assert handed[0][1] < text.index('{"title": "Three"'), "the first before the last is written"
    assert handed[2][1] <= closing + 1, "the last at its array's end, before the closing words"


@pytest.mark.parametrize("wrapping", WRAPPINGS)
def test_a_generation_from_a_wrapping_model_succeeds_with_one_call(
    user: Any, fake_ollama: Any, wrapping: str
) -> None:
    reply = recipes_reply("One", "Two", "Three")
    fake_ollama.script("chat", content=WRAPPINGS[wrapping].replace("{}", reply))

    generation = run(user)

    assert generation.status == JobStatus.SUCCEEDED
    assert list(generation.recipes.order_by("position").values_list("title", flat=True)) == [
        "One",
        "Two",
        "Three",
    ]
    assert chat_requests(fake_ollama) == 1
    assert ModelCall.objects.get(generation=generation).outcome == ModelCall.Outcome.SALVAGED


@pytest.mark.parametrize("wrapping", WRAPPINGS)
def test_a_scan_from_a_wrapping_model_succeeds_with_one_call(
    user: Any, fake_ollama: Any, wrapping: str
) -> None:
    found = json.dumps({"ingredients": [{"name": "tomato", "confidence": 0.9}]})
    fake_ollama.script("chat", content=WRAPPINGS[wrapping].replace("{}", found))
    scan = vision_services.scan_create(user=user, file=io.BytesIO(jpeg_bytes((800, 600))))

    scan_recognize.apply(args=[scan.pk])

    scan.refresh_from_db()
    assert scan.status == JobStatus.SUCCEEDED
    assert [i.name for i in scan.ingredients.all()] == ["tomato"]
    assert chat_requests(fake_ollama) == 1
    assert ModelCall.objects.get(scan=scan).outcome == ModelCall.Outcome.SALVAGED
