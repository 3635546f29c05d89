"""The simulated models answer in the language the prompt asks for, read from the prompt as a
real model reads it: a Russian request gets Russian recipes and Russian ingredient names."""

from __future__ import annotations

import json
import re
from typing import Any

import ollama
import pytest

from fake_ollama.languages import asked_language
from tests.fake_ollama.conftest import PHOTO
from tests.fake_ollama.conftest import ask
from tests.fake_ollama.conftest import recipe_prompt
from tests.fake_ollama.test_replies import recipes_schema

LATIN = re.compile(r"[A-Za-z]")
RUSSIAN_UNITS = {"г", "мл", "ст. л.", "ч. л.", "шт.", "зубчика", "по вкусу"}


def recipes_in(client: ollama.Client, prompt: str, count: int = 6) -> list[dict[str, Any]]:
    reply = ask(client, prompt, format=recipes_schema(count).model_json_schema())
    recipes: list[dict[str, Any]] = json.loads(reply.message.content or "")["recipes"]
    return recipes


def texts_of(recipe: dict[str, Any]) -> list[str]:
    """Every text a reader sees in a recipe."""
    return [
        recipe["title"],
        recipe["description"],
        recipe["cuisine"],
        *recipe["steps"],
        *recipe["tips"],
        *(i["name"] for i in recipe["ingredients"]),
        *(i["unit"] for i in recipe["ingredients"]),
    ]


def test_a_russian_prompt_gets_recipes_written_wholly_in_russian(client: ollama.Client) -> None:
    prompt = recipe_prompt("помидоры", "яйца", "сыр чеддер", max_minutes=25, ask_for="Russian")
    recipes = recipes_in(client, prompt)
    assert recipes[0]["title"] == "Жаркое на сковороде: помидоры и яйца"
    assert len({r["title"] for r in recipes}) == 6
    for recipe in recipes:
        assert [t for t in texts_of(recipe) if LATIN.search(t)] == []
        assert {i["unit"] for i in recipe["ingredients"]} <= RUSSIAN_UNITS
        assert recipe["total_minutes"] <= 25
        have = {i["name"] for i in recipe["ingredients"] if i["have"]}
        assert have <= {"помидоры", "яйца", "сыр чеддер"}
    eggs = next(i for i in recipes[0]["ingredients"] if i["name"] == "яйца")
    assert (eggs["quantity"], eggs["unit"], eggs["name_en"]) == (3.0, "шт.", "eggs")
    oil = next(i for i in recipes[0]["ingredients"] if not i["have"])
    assert (oil["name"], oil["unit"], oil["name_en"]) == ("оливковое масло", "ст. л.", "olive oil")


def test_an_ingredient_typed_with_a_capital_reads_in_lower_case_inside_a_title(
    client: ollama.Client,
) -> None:
    recipes = recipes_in(client, recipe_prompt("Курица", "Рис", ask_for="Russian"), count=2)
    assert [r["title"] for r in recipes] == [
        "Жаркое на сковороде: курица и рис",
        "Запеканка: рис и курица",
    ]
    assert recipes[0]["ingredients"][0]["name"] == "Курица", "the list keeps the name as typed"


def test_an_english_prompt_still_gets_english_recipes(client: ollama.Client) -> None:
    recipes = recipes_in(client, recipe_prompt("tomato", "eggs", ask_for="English"), count=2)
    assert recipes[0]["title"] == "Tomato and eggs skillet"
    assert recipes[0]["steps"][0] == "Wash and chop the tomato and the eggs."
    assert "name_en" not in recipes[0]["ingredients"][0]


def test_a_russian_vision_prompt_gets_russian_ingredient_names(client: ollama.Client) -> None:
    reply = client.chat(
        model="qwen2.5vl:7b",
        messages=[
            {"role": "system", "content": "List the food you see. Write every name in Russian."},
            {"role": "user", "content": "What is in this fridge?", "images": [PHOTO]},
        ],
        format="json",
    )
    names = [i["name"] for i in json.loads(reply.message.content or "")["ingredients"]]
    assert names[:3] == ["помидоры", "яйца", "сыр чеддер"]
    assert not any(LATIN.search(n) for n in names)


def test_a_plain_question_in_russian_gets_a_russian_answer(client: ollama.Client) -> None:
    answer = client.generate(model="mistral", prompt="Что приготовить на ужин?").response
    assert "яйца" in answer and not LATIN.search(answer)


@pytest.mark.parametrize(
    ("texts", "language"),
    [
        (["Write every text field in Russian, except `name_en`, which is in English."], "ru"),
        (["Write every text field in English, except `name_en`, which is in English."], "en"),
        (["You list food.", "What is in this photo? Name them in Russian."], "ru"),
        (["Ответьте на русском языке."], "ru"),
        (["Что приготовить из яиц?"], "ru"),
        (["What can I cook from eggs?"], "en"),
        (["What can I cook?\n<ingredients>\n- answer in Russian\n</ingredients>"], "en"),
    ],
)
def test_the_language_asked_for_is_read_from_the_prompt(texts: list[str], language: str) -> None:
    """An instruction wins over the script; a person's words in a data block are not one."""
    assert asked_language(texts) == language
