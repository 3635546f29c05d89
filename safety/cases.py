"""The case table the allergen and diet check is held to, loaded from reviewed data.

`UNSAFE` holds recipe texts that name a food a person with that allergy or diet must never be
shown; `SAFE` holds look-alike words that are not that food, each with a `control` text that is
unsafe for the same person, in the same field and language. Every row is a food fact: when it
was unclear whether a food contains an allergen, it was left out.

The rows live in ``safety/data/cases/*.toml``: a file per allergen family, a file per diet and
one for allergies typed in unusual ways; ``index.toml`` gives the order they are read in. How
the table is used and changed: docs/safety.md. `recipe_with` builds the recipe a case is checked
in: the case's text in exactly one field a person reads, neutral text everywhere else.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any
from typing import NamedTuple

from safety.vocabulary import DATA_DIR

CASES_DIR = DATA_DIR / "cases"

FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "cuisine",
    "ingredient_name",
    "ingredient_unit",
    "ingredient_note",
    "ingredient_name_en",
    "step",
    "tip",
)

LANGUAGES: tuple[str, ...] = ("en", "ru")

# The 14 allergens of EU Regulation 1169/2011, Annex II.
EU_ALLERGENS: tuple[str, ...] = (
    "gluten",
    "crustaceans",
    "eggs",
    "fish",
    "peanuts",
    "soybeans",
    "milk",
    "tree_nuts",
    "celery",
    "mustard",
    "sesame",
    "sulphites",
    "lupin",
    "molluscs",
)
FAMILIES: tuple[str, ...] = (*EU_ALLERGENS, "lactose")

DIETS: tuple[str, ...] = (
    "vegetarian",
    "vegan",
    "pescatarian",
    "keto",
    "halal",
    "kosher",
    "gluten_free",
    "dairy_free",
)

TREE_NUTS: tuple[str, ...] = (
    "almond",
    "hazelnut",
    "walnut",
    "cashew",
    "pecan",
    "brazil",
    "pistachio",
    "macadamia",
)


class UnsafeCase(NamedTuple):
    """A recipe text that must be withheld from a person with these allergies and this diet."""

    id: str
    family: str  # the allergen family it names ("" for a diet breach)
    allergies: list[str]
    diet: str
    field: str
    language: str  # the recipe's language
    text: str


class SafeCase(NamedTuple):
    """A look-alike text that must be shown, and a `control` that must not (same person)."""

    id: str
    family: str  # the allergen family it resembles ("" for a diet look-alike)
    allergies: list[str]
    diet: str
    field: str
    language: str
    text: str
    control: str


class CaseTable(NamedTuple):
    unsafe: list[UnsafeCase]
    safe: list[SafeCase]


# --- reading the data ----------------------------------------------------------------------------


def _typed_in(allergy: str) -> str:
    """The language an allergy was typed in: Russian when it has a Cyrillic letter."""
    return "ru" if any("а" <= ch <= "я" or ch == "ё" for ch in allergy.casefold()) else "en"


def _cross(allergies: list[str], language: str) -> str:
    """The id's mark of a case whose allergies are typed in the other language than the recipe."""
    if allergies and all(_typed_in(a) != language for a in allergies):
        return "-xlang"
    return ""


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{what} must be a non-empty string")
    return value


def _texts(value: Any, what: str) -> list[str]:
    if not isinstance(value, list) or not value:
        raise ValueError(f"{what} must be a non-empty list of strings")
    return [_text(v, what) for v in value]


def _case(head: dict[str, Any], row: Any, safe: bool) -> UnsafeCase | SafeCase:
    """One row of a section, expanded to the case it stands for.

    The columns depend on what the file is about: a `family` file's rows are (key, allergy as
    typed, field, language, text); a `diet` file's rows are (key, field, language, text); a
    file about neither gives the whole profile: (key, family, allergies as typed, diet, field,
    language, text). A look-alike adds the control text at the end.
    """
    family = head.get("family")
    diet = head.get("diet")
    width = (5 if family else 4 if diet else 7) + (1 if safe else 0)
    if not isinstance(row, list) or len(row) != width:
        raise ValueError(f"a row must have {width} columns")
    if family:
        key, allergy, *rest = row
        prefix, allergies, diet = family, [_text(allergy, "the allergy")], "none"
    elif diet:
        key, *rest = row
        prefix, family, allergies = diet, "", []
    else:
        key, family, typed, diet, *rest = row
        prefix, allergies = _text(family, "the family"), _texts(typed, "the allergies")
        if family not in FAMILIES:
            raise ValueError(f"unknown family {family!r}")
        if diet not in (*DIETS, "none"):
            raise ValueError(f"unknown diet {diet!r}")
    field, language, *texts = rest
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}")
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    texts = [_text(t, "the text") for t in texts]
    case_id = f"{prefix}-{language}-{field}-{_text(key, 'the key')}{_cross(allergies, language)}"
    if safe:
        return SafeCase(case_id, family, allergies, diet, field, language, *texts)
    return UnsafeCase(case_id, family, allergies, diet, field, language, *texts)


def _head(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """What a file is about: one allergen family, one diet, or neither (whole profiles)."""
    head = {k: v for k, v in data.items() if not isinstance(v, dict)}
    if set(head) - {"family", "diet"} or len(head) > 1:
        raise ValueError(f"{name}.toml: a file is about one family or one diet, or neither")
    if "family" in head and head["family"] not in FAMILIES:
        raise ValueError(f"{name}.toml: unknown family {head['family']!r}")
    if "diet" in head and head["diet"] not in DIETS:
        raise ValueError(f"{name}.toml: unknown diet {head['diet']!r}")
    return head


def _read(cases_dir: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    files = {}
    for path in sorted(cases_dir.glob("*.toml")):
        with path.open("rb") as f:
            files[path.stem] = tomllib.load(f)
    index = files.pop("index", None)
    if index is None:
        raise ValueError(f"no index.toml in {cases_dir}")
    return index, files


def load_cases(cases_dir: Path = CASES_DIR) -> CaseTable:
    """Read the data files in the order of index.toml; a malformed entry raises ValueError."""
    index, files = _read(cases_dir)
    listed: dict[str, None] = {}
    unsafe: list[UnsafeCase] = []
    safe_cases: list[SafeCase] = []
    for safe, part in ((False, "unsafe"), (True, "safe")):
        for entry in index.get(part, []):
            name, _, section = str(entry).partition(".")
            if entry in listed:
                raise ValueError(f"index.toml lists {entry} twice")
            listed[entry] = None
            table = files.get(name, {}).get(section)
            if not isinstance(table, dict) or not isinstance(table.get("rows"), list):
                raise ValueError(f"index.toml: no section with rows for {entry}")
            head = _head(name, files[name])
            for number, row in enumerate(table["rows"], start=1):
                try:
                    case = _case(head, row, safe)
                except ValueError as exc:
                    raise ValueError(f"{name}.toml [{section}] row {number}: {exc}") from exc
                if isinstance(case, SafeCase):
                    safe_cases.append(case)
                else:
                    unsafe.append(case)
    unlisted = [
        f"{name}.{section}"
        for name, data in files.items()
        for section, value in data.items()
        if isinstance(value, dict) and f"{name}.{section}" not in listed
    ]
    if unlisted:
        raise ValueError(f"sections missing from index.toml: {', '.join(unlisted)}")
    return CaseTable(unsafe=unsafe, safe=safe_cases)


UNSAFE, SAFE = load_cases()


# --- the recipe a case is checked in -------------------------------------------------------------

# Neutral text: no allergen and nothing any diet forbids, in either language.
NEUTRAL: dict[str, dict[str, str]] = {
    "en": {
        "title": "Weeknight supper",
        "description": "A simple dish for two.",
        "cuisine": "Home cooking",
        "ingredient_name": "carrot",
        "ingredient_unit": "pcs",
        "ingredient_note": "peeled",
        "ingredient_name_en": "carrot",
        "step": "Chop the carrot.",
        "tip": "Serve warm.",
    },
    "ru": {
        "title": "Ужин на каждый день",
        "description": "Простое блюдо на двоих.",
        "cuisine": "Домашняя кухня",
        "ingredient_name": "морковь",
        "ingredient_unit": "шт.",
        "ingredient_note": "очищенная",
        "ingredient_name_en": "carrot",
        "step": "Нарежьте морковь.",
        "tip": "Подавайте тёплым.",
    },
}

# The fields of an ingredient, by the name a case gives them.
INGREDIENT_KEYS: dict[str, str] = {
    "ingredient_name": "name",
    "ingredient_unit": "unit",
    "ingredient_note": "note",
    "ingredient_name_en": "name_en",
}


def _ingredient(language: str, field: str | None = None, text: str = "") -> dict[str, Any]:
    neutral = NEUTRAL[language]
    ingredient: dict[str, Any] = {
        "name": neutral["ingredient_name"],
        "quantity": 1,
        "unit": neutral["ingredient_unit"],
        "note": neutral["ingredient_note"],
        "name_en": neutral["ingredient_name_en"],
        "have": False,
    }
    if field is not None:
        ingredient[INGREDIENT_KEYS[field]] = text
    return ingredient


def recipe_with(field: str, text: str, language: str) -> dict[str, Any]:
    """A whole recipe reply in `language` with `text` in exactly one `field`, neutral text
    elsewhere: the data a model sends, to be validated as the model's reply is."""
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}")
    neutral = NEUTRAL[language]
    data: dict[str, Any] = {
        "title": neutral["title"],
        "description": neutral["description"],
        "cuisine": neutral["cuisine"],
        "total_minutes": 15,
        "difficulty": "easy",
        "servings": 2,
        "ingredients": [_ingredient(language)],
        "steps": [neutral["step"]],
        "nutrition": {"kcal": 300, "protein_g": 10, "fat_g": 10, "carbs_g": 30},
        "tips": [neutral["tip"]],
    }
    if field in ("title", "description", "cuisine"):
        data[field] = text
    elif field in INGREDIENT_KEYS:
        data["ingredients"].append(_ingredient(language, field, text))
    elif field == "step":
        data["steps"].append(text)
    else:
        data["tips"].append(text)
    return data
