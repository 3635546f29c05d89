"""Allergens never reach a plate: the whole flow through the API with a real worker.

The model (the fake Ollama, scripted) returns recipes with allergens, in Russian and in English;
the worker withholds them, asks once more for the missing number, and the person gets the count
they asked for. A recipe made before an allergy was added carries warnings afterwards.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.support.journey import ask
from tests.support.journey import finished
from tests.support.journey import sign_up

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.broker, pytest.mark.slow]


def dish(title: str, ingredients: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "description": extra.pop("description", "Quick."),
        "cuisine": extra.pop("cuisine", ""),
        "total_minutes": 20,
        "difficulty": "easy",
        "servings": 2,
        "ingredients": [{"quantity": 1, "unit": "", "have": False, **i} for i in ingredients],
        "steps": extra.pop("steps", ["Cook.", "Serve."]),
        "nutrition": {"kcal": 450, "protein_g": 15, "fat_g": 12, "carbs_g": 60},
        "tips": extra.pop("tips", []),
    }


def everything_shown(client: Any) -> str:
    """All the text the API shows of the person's recipes, lower-cased."""
    body = client.get("/api/v1/recipes/").json()
    return json.dumps(body["results"], ensure_ascii=False).casefold()


def test_russian_recipes_with_peanuts_are_withheld_and_replaced(
    worker: Any, fake_ollama: Any
) -> None:
    client = sign_up("masha")
    assert (
        client.patch(
            "/api/v1/profile/", {"allergies": ["арахис"], "language": "ru"}, format="json"
        ).status_code
        == 200
    )
    fake_ollama.script(
        "chat",
        content=json.dumps(
            {
                "recipes": [
                    dish("Лапша сатай", [{"name": "арахисовая паста", "name_en": "peanut butter"}]),
                    dish(
                        "Салат с огурцом",
                        [{"name": "огурец", "name_en": "cucumber"}],
                        steps=["Нарежьте огурец.", "Посыпьте жареным арахисом."],
                    ),
                    dish("Омлет с помидорами", [{"name": "яйца", "name_en": "eggs"}]),
                ]
            },
            ensure_ascii=False,
        ),
    )
    fake_ollama.script(
        "chat",
        content=json.dumps(
            {
                "recipes": [
                    dish("Гречка с грибами", [{"name": "гречка", "name_en": "buckwheat"}]),
                    # The Russian name hides it; the English name the model gives does not.
                    dish("Соус к рису", [{"name": "соус", "name_en": "groundnut sauce"}]),
                ]
            },
            ensure_ascii=False,
        ),
    )
    fake_ollama.script(
        "chat",
        content=json.dumps(
            {"recipes": [dish("Рис с овощами", [{"name": "рис", "name_en": "rice"}])]},
            ensure_ascii=False,
        ),
    )
    generation = finished(client, ask(client, ingredients=["яйца", "гречка"], count=3))
    # One replacement round by default: 1 kept, then 1 of 2 replacements; one short.
    assert generation["status"] == "succeeded", generation
    titles = [r["title"] for r in generation["recipes"]]
    assert titles == ["Омлет с помидорами", "Гречка с грибами"]
    shown = everything_shown(client)
    assert "арахис" not in shown and "groundnut" not in shown
    assert all(r["warnings"] == [] for r in generation["recipes"])
    assert len(fake_ollama.requests_to("/api/chat")) == 2
    assert fake_ollama.pending_scripts == 1


def test_english_recipes_with_peanuts_anywhere_are_replaced_to_the_asked_for_count(
    start_worker: Any, fake_ollama: Any
) -> None:
    start_worker(extra_env={"RECIPE_REPLACEMENT_ROUNDS": "2"})
    client = sign_up("dave")
    client.patch("/api/v1/profile/", {"allergies": ["peanut allergy"]}, format="json")
    fake_ollama.script(
        "chat",
        content=json.dumps(
            {
                "recipes": [
                    dish("Noodles", [{"name": "spread", "unit": "tbsp peanut butter"}]),
                    dish("Noodle bowl", [{"name": "noodles"}], cuisine="Peanut satay"),
                ]
            }
        ),
    )
    fake_ollama.script(
        "chat",
        content=json.dumps(
            {
                "recipes": [
                    dish("Crunchy slaw", [{"name": "cabbage", "note": "or monkey nuts"}]),
                    dish("Tomato soup", [{"name": "tomato"}, {"name": "cream"}]),
                ]
            }
        ),
    )
    fake_ollama.script(
        "chat",
        content=json.dumps({"recipes": [dish("Herb omelette", [{"name": "eggs"}])]}),
    )
    generation = finished(client, ask(client, ingredients=["tomato", "eggs"], count=2))
    assert generation["status"] == "succeeded", generation
    assert [r["title"] for r in generation["recipes"]] == ["Tomato soup", "Herb omelette"]
    shown = everything_shown(client)
    assert "peanut" not in shown and "satay" not in shown and "monkey" not in shown

    # Later the person adds a milk allergy: the soup made earlier now carries a warning.
    client.patch("/api/v1/profile/", {"allergies": ["peanut allergy", "молоко"]}, format="json")
    soup = next(r for r in generation["recipes"] if r["title"] == "Tomato soup")
    detail = client.get(f"/api/v1/recipes/{soup['id']}/").json()
    assert detail["warnings"] == [
        {
            "kind": "allergy",
            "name": "молоко",
            "words": ["cream"],
            "where": ["ingredients[1].name", "ingredients[1]"],
        }
    ]
    listed = {r["title"]: r["warnings"] for r in client.get("/api/v1/recipes/").json()["results"]}
    assert listed["Herb omelette"] == []
    assert listed["Tomato soup"][0]["name"] == "молоко"
    refused = client.post(f"/api/v1/recipes/{soup['id']}/add-to-shopping-list/")
    assert refused.status_code == 400
    assert "does not fit your profile" in json.dumps(refused.json())
    assert client.get("/api/v1/shopping-list/").json()["results"] == []
