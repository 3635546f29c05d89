"""Hard checks on generated recipes: an allergen or a diet violation is never shown.

The prompt asks the model to respect the profile; this module does not trust it. Matching is by
whole words over the title, ingredient names and steps, with common derived foods per allergen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from recipes.schemas import RecipeDraft

# What an allergy or diet word implies. Keys are matched after lower-casing and trimming a
# trailing "s", so "Peanuts" and "peanut" are the same allergy.
_TREE_NUTS = (
    "almond",
    "walnut",
    "cashew",
    "pecan",
    "hazelnut",
    "pistachio",
    "macadamia",
    "brazil nut",
    "pine nut",
    "praline",
    "marzipan",
)
_DAIRY = (
    "milk",
    "cheese",
    "butter",
    "cream",
    "yogurt",
    "yoghurt",
    "ghee",
    "whey",
    "casein",
    "mozzarella",
    "parmesan",
    "cheddar",
    "ricotta",
    "feta",
    "kefir",
    "buttermilk",
)

ALLERGEN_FAMILIES: dict[str, tuple[str, ...]] = {
    "peanut": ("peanut", "peanut butter", "groundnut", "satay"),
    "nut": (*_TREE_NUTS, "nutella", "peanut"),
    "tree nut": _TREE_NUTS,
    "milk": _DAIRY,
    "dairy": _DAIRY,
    "lactose": ("milk", "cheese", "cream", "yogurt", "yoghurt", "butter", "whey", "kefir"),
    "egg": ("egg", "mayonnaise", "mayo", "meringue", "aioli"),
    "gluten": (
        "wheat",
        "flour",
        "bread",
        "pasta",
        "spaghetti",
        "noodle",
        "barley",
        "rye",
        "couscous",
        "bulgur",
        "semolina",
        "breadcrumb",
        "crouton",
        "tortilla",
        "seitan",
        "soy sauce",
    ),
    "wheat": ("wheat", "flour", "bread", "pasta", "spaghetti", "couscous", "semolina", "bulgur"),
    "fish": (
        "fish",
        "salmon",
        "tuna",
        "cod",
        "anchovy",
        "sardine",
        "trout",
        "mackerel",
        "haddock",
        "tilapia",
        "fish sauce",
    ),
    "shellfish": (
        "shellfish",
        "shrimp",
        "prawn",
        "crab",
        "lobster",
        "crayfish",
        "mussel",
        "clam",
        "oyster",
        "scallop",
        "squid",
        "octopus",
    ),
    "soy": ("soy", "soya", "tofu", "tempeh", "edamame", "miso", "soy sauce"),
    "sesame": ("sesame", "tahini", "halva"),
    "celery": ("celery", "celeriac"),
    "mustard": ("mustard",),
}

_MEAT = (
    "beef",
    "pork",
    "chicken",
    "lamb",
    "mutton",
    "veal",
    "turkey",
    "duck",
    "goose",
    "bacon",
    "ham",
    "sausage",
    "salami",
    "pepperoni",
    "prosciutto",
    "chorizo",
    "meat",
    "steak",
    "mince",
    "gelatin",
    "lard",
    "venison",
    "rabbit",
)
_SEAFOOD = ALLERGEN_FAMILIES["fish"] + ALLERGEN_FAMILIES["shellfish"]
_ANIMAL = ALLERGEN_FAMILIES["dairy"] + ALLERGEN_FAMILIES["egg"] + ("honey",)

DIET_FORBIDDEN: dict[str, tuple[str, ...]] = {
    "vegetarian": _MEAT + _SEAFOOD,
    "vegan": _MEAT + _SEAFOOD + _ANIMAL,
    "pescatarian": _MEAT,
    "halal": (
        "pork",
        "bacon",
        "ham",
        "lard",
        "prosciutto",
        "salami",
        "pepperoni",
        "chorizo",
        "wine",
        "beer",
        "rum",
        "brandy",
        "gelatin",
    ),
    "kosher": (
        "pork",
        "bacon",
        "ham",
        "lard",
        "prosciutto",
        "shrimp",
        "prawn",
        "crab",
        "lobster",
        "clam",
        "mussel",
        "oyster",
        "scallop",
    ),
    "gluten_free": ALLERGEN_FAMILIES["gluten"],
}

# Words that contain a forbidden word but are not that food.
_SAFE_PHRASES = (
    "coconut milk",
    "almond milk",
    "oat milk",
    "soy milk",
    "rice milk",
    "peanut-free",
    "cream of tartar",
    "eggplant",
    "butternut",
    "buttermilk substitute",
    "nut-free",
    "gluten-free",
    "dairy-free",
    "egg-free",
    "vegan butter",
    "vegan cheese",
    "nutmeg",
)


def _norm(word: str) -> str:
    word = " ".join(word.casefold().split())
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


@lru_cache(maxsize=512)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})(?:e?s)?\b", re.IGNORECASE)


def forbidden_terms(*, allergies: Iterable[str], diet: str) -> tuple[str, ...]:
    terms: set[str] = set()
    for allergy in allergies:
        key = _norm(allergy)
        if not key:
            continue
        terms.add(key)
        terms.update(ALLERGEN_FAMILIES.get(key, ()))
    terms.update(DIET_FORBIDDEN.get(diet, ()))
    return tuple(sorted(terms))


def _text_of(recipe: RecipeDraft) -> str:
    text = " \n ".join(
        [recipe.title, recipe.description]
        + [i.name for i in recipe.ingredients]
        + recipe.steps
        + recipe.tips
    ).casefold()
    for phrase in _SAFE_PHRASES:
        text = text.replace(phrase, " ")
    return text


def violations(recipe: RecipeDraft, terms: tuple[str, ...]) -> list[str]:
    """The forbidden words a recipe names (empty when it is safe)."""
    if not terms:
        return []
    return sorted({m.group(0).casefold() for m in _pattern(terms).finditer(_text_of(recipe))})
