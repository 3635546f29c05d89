"""The food vocabulary loads only when every entry is well formed, and covers what it claims."""

from __future__ import annotations

from pathlib import Path

import pytest

import safety
from safety.cases import EU_ALLERGENS
from safety.vocabulary import DATA_DIR
from safety.vocabulary import load_vocabulary
from safety.vocabulary import vocabulary
from tests.safety.drafts import draft_with

# The 14 allergens of the regulation as the vocabulary names them (the case table says "gluten"
# and "soybeans" for two of them).
VOCABULARY_ID = {"gluten": "cereals_gluten", "soybeans": "soy"}
EU_ANNEX_II = {VOCABULARY_ID.get(name, name) for name in EU_ALLERGENS}


def test_every_allergen_of_the_regulation_and_lactose_has_english_and_russian_words() -> None:
    families = vocabulary().families
    assert len(EU_ANNEX_II) == 14
    assert EU_ANNEX_II | {"lactose"} <= set(families)
    for fid in EU_ANNEX_II:
        fam = families[fid].family
        assert fam.kind == "allergen"
        assert fam.en and fam.ru, fid
    # lactose takes in the whole milk family, exceptions included
    assert set(families["milk"].member_words) <= set(families["lactose"].member_words)
    assert "coconut milk" in families["lactose"].exception_words


def test_every_diet_of_the_profile_forbids_something() -> None:
    from accounts.models import Diet

    diets = vocabulary().diets
    for choice in Diet.values:
        if choice != Diet.NONE:
            assert diets[choice].families, choice


def _write(folder: Path, families: str, diets: str = "") -> Path:
    (folder / "families.toml").write_text(families, encoding="utf-8")
    (folder / "diets.toml").write_text(diets or "[diet]\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("families", "diets", "message"),
    [
        ('filler=[]\n[family.x]\nkind="allergen"\nen=["-"]\n', "", "family x: not a usable term"),
        ('filler=[]\n[family.x]\nkind="food"\n', "", "kind must be allergen or group"),
        ('filler=[]\n[family.x]\nkind="group"\nen=[1]\n', "", "en must be a list of strings"),
        (
            'filler=[]\n[family.a]\nkind="group"\ninclude=["b"]\n'
            '[family.b]\nkind="group"\ninclude=["a"]\n',
            "",
            "families include each other",
        ),
        ('filler=[]\n[family.a]\nkind="group"\ninclude=["zz"]\n', "", "unknown family"),
        (
            'filler=[]\n[family.a]\nkind="group"\nen=["ham"]\n',
            '[diet.v]\nfamilies=["meat"]\n',
            "diet v names unknown families",
        ),
    ],
)
def test_a_malformed_vocabulary_does_not_load(
    tmp_path: Path, families: str, diets: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_vocabulary(_write(tmp_path, families, diets))


def test_the_shipped_files_load_from_disk_as_they_are() -> None:
    fresh = load_vocabulary(DATA_DIR)
    assert set(fresh.families) == set(vocabulary().families)


def test_an_allergy_the_vocabulary_does_not_know_is_enforced_as_typed() -> None:
    rules = safety.rules_for(allergies=["kiwi allergy", "киви"], diet="none")
    assert [r.typed_only for r in rules.rules] == [True, True]
    assert safety.draft_conflicts(draft_with("step", "Slice two kiwis.", "en"), rules)
    assert safety.draft_conflicts(draft_with("ingredient_name", "киви", "ru"), rules)
    assert not safety.draft_conflicts(draft_with("step", "Slice two pears.", "en"), rules)
    coverage = safety.describe_allergies(["kiwi allergy", "sesame seeds"])
    assert [(c.typed, c.typed_only, c.families) for c in coverage] == [
        ("kiwi allergy", True, ()),
        ("sesame seeds", False, ("Sesame",)),
    ]


def test_a_conflict_names_the_rule_the_words_and_where_they_are() -> None:
    rules = safety.rules_for(allergies=["peanuts"], diet="vegan")
    found = safety.draft_conflicts(draft_with("ingredient_unit", "tbsp peanut butter", "en"), rules)
    # peanut butter is no dairy: for the vegan diet it is a look-alike of butter
    assert [c.as_dict() for c in found] == [
        {
            "kind": "allergy",
            "name": "peanuts",
            "words": ["peanut butter"],
            "where": ["ingredients[1].unit", "ingredients[1]"],
        },
    ]
