"""An allergen or a diet violation is never shown, whatever the model wrote."""

import pytest

import safety
from recipes.schemas import RecipeDraft


def draft(
    *,
    title: str = "Tomato rice bowl",
    ingredients: list[str] | None = None,
    steps: list[str] | None = None,
) -> RecipeDraft:
    return RecipeDraft.model_validate(
        {
            "title": title,
            "description": "Quick and bright.",
            "cuisine": "french",
            "total_minutes": 15,
            "difficulty": "easy",
            "servings": 2,
            "ingredients": [
                {"name": n, "quantity": 1, "unit": "", "have": True}
                for n in (ingredients or ["tomato", "eggs"])
            ],
            "steps": steps or ["Chop everything.", "Cook."],
            "nutrition": {"kcal": 300, "protein_g": 18, "fat_g": 20, "carbs_g": 6},
            "tips": [],
        }
    )


@pytest.mark.parametrize(
    ("allergy", "ingredient"),
    [
        ("peanuts", "peanut butter"),
        ("Peanut", "Peanuts"),
        ("milk", "parmesan"),
        ("dairy", "butter"),
        ("gluten", "wheat flour"),
        ("eggs", "mayonnaise"),
        ("shellfish", "prawns"),
        ("nuts", "walnuts"),
        ("sesame", "tahini"),
    ],
)
def test_a_recipe_naming_an_allergen_or_its_derivative_is_flagged(
    allergy: str, ingredient: str
) -> None:
    rules = safety.rules_for(allergies=[allergy], diet="none")
    assert safety.draft_conflicts(draft(ingredients=["rice", ingredient]), rules)


def test_an_allergen_mentioned_only_in_a_step_is_flagged() -> None:
    rules = safety.rules_for(allergies=["sesame"], diet="none")
    found = safety.draft_conflicts(draft(steps=["Sprinkle with sesame seeds."]), rules)
    assert [(c.kind, c.name, c.words, c.fields) for c in found] == [
        ("allergy", "sesame", ("sesame seeds",), ("steps[0]",))
    ]


def test_look_alike_words_are_not_allergens() -> None:
    """Nutmeg is not a nut, eggplant is not an egg, coconut milk is not dairy."""
    rules = safety.rules_for(allergies=["nuts", "eggs", "milk"], diet="none")
    recipe = draft(ingredients=["eggplant", "nutmeg", "coconut milk", "rice"])
    assert safety.draft_conflicts(recipe, rules) == []
    assert safety.draft_conflicts(draft(ingredients=["rice", "milk"]), rules)


@pytest.mark.parametrize(
    ("diet", "ingredient", "allowed"),
    [
        ("vegetarian", "chicken breast", False),
        ("vegetarian", "cheddar", True),
        ("vegan", "honey", False),
        ("vegan", "eggs", False),
        ("vegan", "tofu", True),
        ("pescatarian", "salmon", True),
        ("pescatarian", "bacon", False),
        ("halal", "pork belly", False),
        ("halal", "lamb", True),
        ("gluten_free", "spaghetti", False),
    ],
)
def test_diet_rules(diet: str, ingredient: str, allowed: bool) -> None:
    rules = safety.rules_for(allergies=[], diet=diet)
    assert (safety.draft_conflicts(draft(ingredients=["rice", ingredient]), rules) == []) is allowed


def test_no_restrictions_flags_nothing() -> None:
    rules = safety.rules_for(allergies=[], diet="none")
    assert safety.draft_conflicts(draft(ingredients=["bacon", "peanuts"]), rules) == []
