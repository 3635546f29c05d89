"""A finished reply that is JSON but for its wrapping is read locally; an unfinished one is not."""

from __future__ import annotations

import json

import pytest

from integrations.ollama.salvage import salvage

OBJECT = {"ingredients": [{"name": "tomato", "confidence": 0.9}], "note": "Sure {really}"}
TEXT = json.dumps(OBJECT, ensure_ascii=False)


@pytest.mark.parametrize(
    "reply",
    [
        f"```json\n{TEXT}\n```",
        f"```\n{TEXT}\n```\nHope this helps!",
        f"Sure! Here is the JSON: {TEXT} Enjoy",
        f"Here you go:\n\n{TEXT}",
        TEXT.replace("0.9}]", "0.9},]"),  # a trailing comma in the array
        TEXT[:-1] + ",}",  # and in the object
        f"  {TEXT}  ",
    ],
    ids=[
        "fence",
        "fence-and-prose",
        "prose-around",
        "prose-before",
        "comma-array",
        "comma-object",
        "blank-around",
    ],
)
def test_a_wrapped_reply_gives_back_the_object_it_holds(reply: str) -> None:
    salvaged = salvage(reply)
    assert salvaged is not None
    assert json.loads(salvaged) == OBJECT


def test_russian_text_survives_as_it_was() -> None:
    reply = '```json\n{"title": "Яичница с помидорами", "steps": ["Нарежьте помидоры."],}\n```'
    assert json.loads(salvage(reply) or "") == {
        "title": "Яичница с помидорами",
        "steps": ["Нарежьте помидоры."],
    }


@pytest.mark.parametrize(
    "reply",
    [
        '{"ingredients": [{"name": "tomato"}',  # the array and the object never closed
        '{"title": "Tomato egg skil',  # cut off inside a string
        '```json\n{"recipes": [{"title": "Soup"}, {"title": "Sal',
        "I cannot see any food in this photo.",
        "",
        "[1, 2, 3]",  # not the object that was asked for
        "{}",
    ],
    ids=[
        "unclosed",
        "cut-in-string",
        "fenced-and-cut",
        "prose-only",
        "empty",
        "array",
        "empty-obj",
    ],
)
def test_an_unfinished_or_empty_reply_is_not_salvaged(reply: str) -> None:
    assert salvage(reply) is None
