"""A recipe that names an allergen or a diet-forbidden food in any field, in either language, is
never shown; a look-alike word that is not that food does not hide the recipe.

The cases are data in `safety/data/cases/*.toml`, read by `safety.cases`. Each case puts one text
into exactly one field a person reads; every other field holds neutral text in the recipe's
language.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

import safety
from recipes.schemas import RecipeDraft
from safety.cases import DIETS
from safety.cases import FAMILIES
from safety.cases import FIELDS
from safety.cases import INGREDIENT_KEYS
from safety.cases import NEUTRAL
from safety.cases import SAFE
from safety.cases import TREE_NUTS
from safety.cases import UNSAFE
from safety.cases import SafeCase
from safety.cases import UnsafeCase
from tests.safety.drafts import draft_with

LANGUAGES: tuple[str, ...] = ("en", "ru")
ALL_CASES: list[UnsafeCase | SafeCase] = [*UNSAFE, *SAFE]


def placed(draft: RecipeDraft, field: str) -> str:
    """The text the draft holds in `field` (for ingredients and lists: the last entry)."""
    if field in ("title", "description", "cuisine"):
        return str(getattr(draft, field))
    if field in INGREDIENT_KEYS:
        return str(getattr(draft.ingredients[-1], INGREDIENT_KEYS[field], ""))
    return draft.steps[-1] if field == "step" else draft.tips[-1]


def typed_in(allergy: str) -> str:
    return "ru" if re.search("[а-яё]", allergy, re.IGNORECASE) else "en"


def describe(case: UnsafeCase | SafeCase, text: str, found: list[safety.Conflict]) -> str:
    shown = [(c.kind, c.name, c.words) for c in found]
    return (
        f"{case.id}: allergies={case.allergies!r} diet={case.diet!r} "
        f"{case.language} {case.field}={text!r} -> conflicts {shown!r}"
    )


def conflicts_for(
    case: UnsafeCase | SafeCase, text: str
) -> tuple[RecipeDraft, list[safety.Conflict]]:
    draft = draft_with(case.field, text, case.language)
    assert placed(draft, case.field) == text, (
        f"{case.id}: the draft did not keep the text in {case.field}"
    )
    rules = safety.rules_for(allergies=case.allergies, diet=case.diet)
    return draft, safety.draft_conflicts(draft, rules)


@pytest.mark.parametrize("case", UNSAFE, ids=[c.id for c in UNSAFE])
def test_an_allergen_or_diet_breach_is_withheld(case: UnsafeCase) -> None:
    """A recipe that names an allergen or a forbidden food in any field, in either language, is
    never shown: at least one conflict is reported."""
    _, found = conflicts_for(case, case.text)
    assert found, describe(case, case.text, found)


@pytest.mark.parametrize("case", SAFE, ids=[c.id for c in SAFE])
def test_a_look_alike_is_shown(case: SafeCase) -> None:
    """A word that only looks like a forbidden food does not hide the recipe, while a real
    forbidden food in the same field and language still does (the check is active)."""
    _, found = conflicts_for(case, case.text)
    assert not found, describe(case, case.text, found)
    _, control = conflicts_for(case, case.control)
    assert control, "control not withheld: " + describe(case, case.control, control)


PROFILES: list[tuple[tuple[str, ...], str]] = sorted(
    {(tuple(c.allergies), c.diet) for c in ALL_CASES}
)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("allergies", "diet"), PROFILES, ids=[f"{'+'.join(a) or '-'}/{d}" for a, d in PROFILES]
)
def test_the_neutral_recipe_is_shown_to_everyone(
    allergies: tuple[str, ...], diet: str, language: str
) -> None:
    """The neutral text every case is built on conflicts with no profile in the table."""
    rules = safety.rules_for(allergies=list(allergies), diet=diet)
    for field in FIELDS:
        draft = draft_with(field, NEUTRAL[language][field], language)
        found = safety.draft_conflicts(draft, rules)
        assert not found, f"neutral {language} {field}: {[(c.name, c.words) for c in found]!r}"


def test_the_table_covers_every_allergen_diet_field_and_language() -> None:
    """At least 300 unsafe and 60 look-alike cases; every field 25 times; both languages; all 14
    EU allergens and lactose, each typed in the recipe's language and in the other one; every
    diet; every tree nut by name."""
    assert len(UNSAFE) >= 300
    assert len(SAFE) >= 60

    ids = [c.id for c in ALL_CASES]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    assert all(i.isascii() for i in ids)

    fields = Counter(c.field for c in UNSAFE)
    assert set(fields) == set(FIELDS)
    assert min(fields.values()) >= 25, fields

    assert {c.language for c in UNSAFE} == set(LANGUAGES)
    assert {c.language for c in SAFE} == set(LANGUAGES)

    for family in FAMILIES:
        combos = {
            (c.language, typed_in(a)) for c in UNSAFE if c.family == family for a in c.allergies
        }
        assert combos == {(r, t) for r in LANGUAGES for t in LANGUAGES}, (family, combos)
    assert {c.diet for c in UNSAFE} >= set(DIETS)
    for diet in DIETS:
        assert {c.language for c in UNSAFE if c.diet == diet and not c.family} == set(LANGUAGES)
    assert {c.family or c.diet for c in SAFE} <= {*FAMILIES, *DIETS}

    nut_texts = " ".join(c.text for c in UNSAFE if c.family == "tree_nuts").casefold()
    assert [n for n in TREE_NUTS if n not in nut_texts] == []

    for case in SAFE:
        assert case.text != case.control, case.id
