"""A reply wrapped in a code fence or prose, or with a trailing comma, costs no second call; one
that cannot be read locally still gets its repair round (integrations/ollama/structured.py)."""

from __future__ import annotations

from typing import Any

import pytest

from core.model_calls import CallRecord
from core.models import ModelCall
from tests.support.metrics import sample
from tests.support.ollama import Pair
from tests.support.ollama import ask

pytestmark = pytest.mark.django_db

LABELS = {"purpose": "recipes", "model": "mistral"}
SALVAGED = "chef_model_replies_salvaged_total"
REPAIRED = "chef_model_replies_repaired_total"


def chat_requests(fake: Any) -> int:
    return sum(1 for r in fake.requests if r.path == "/api/chat")


@pytest.mark.parametrize(
    "reply",
    [
        '```json\n{"name": "apple", "count": 2}\n```',
        'Sure! Here is the JSON: {"name": "apple", "count": 2} Enjoy',
        '{"name": "apple", "count": 2,}',
    ],
    ids=["fence", "prose", "trailing-comma"],
)
def test_a_wrapped_reply_is_read_without_asking_again(fake_ollama: Any, reply: str) -> None:
    fake_ollama.script("chat", content=reply)
    before = sample(SALVAGED, LABELS)

    assert ask() == Pair(name="apple", count=2)

    assert chat_requests(fake_ollama) == 1
    call = ModelCall.objects.get()
    assert (call.outcome, call.error) == (ModelCall.Outcome.SALVAGED, "")
    assert sample(SALVAGED, LABELS) == before + 1


def test_a_wrapped_reply_that_misses_a_field_is_repaired_with_the_schema_error(
    fake_ollama: Any,
) -> None:
    fake_ollama.script("chat", content='```json\n{"name": "apple"}\n```')
    fake_ollama.script("chat", content='{"name": "apple", "count": 3}')
    before = sample(REPAIRED, LABELS)

    assert ask(CallRecord(purpose="recipes", prompt_version="t-1")) == Pair(name="apple", count=3)

    assert chat_requests(fake_ollama) == 2
    repair = fake_ollama.requests[-1].json["messages"][-1]["content"]
    assert "- count: Field required" in repair
    outcomes = list(ModelCall.objects.order_by("id").values_list("outcome", "attempt"))
    assert outcomes == [(ModelCall.Outcome.INVALID_REPLY, 1), (ModelCall.Outcome.OK, 2)]
    assert sample(REPAIRED, LABELS) == before + 1


def test_an_unfinished_reply_is_not_completed_locally_but_asked_again(fake_ollama: Any) -> None:
    fake_ollama.script("chat", content='```json\n{"name": "apple", "count": 2')
    fake_ollama.script("chat", content='{"name": "apple", "count": 2}')

    assert ask() == Pair(name="apple", count=2)

    assert chat_requests(fake_ollama) == 2
    assert not ModelCall.objects.filter(outcome=ModelCall.Outcome.SALVAGED).exists()
