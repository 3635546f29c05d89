"""The case table reads only when every row is well formed, and expands rows to whole cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from safety.cases import CASES_DIR
from safety.cases import SAFE
from safety.cases import UNSAFE
from safety.cases import CaseTable
from safety.cases import SafeCase
from safety.cases import UnsafeCase
from safety.cases import load_cases
from safety.cases import recipe_with

INDEX = 'unsafe = ["milk.unsafe"]\nsafe = ["milk.safe"]\n'
MILK_BREACHES = (
    'family = "milk"\n[unsafe]\nrows = [["butter", "молоко", "step", "en", "Add the butter."]]\n'
)
MILK = (
    MILK_BREACHES
    + '[safe]\nrows = [["cocoa-butter", "milk", "step", "en", "Add cocoa butter.", "Add it."]]\n'
)


def _typed(row: str) -> dict[str, str]:
    return {"index": 'unsafe = ["typed.unsafe"]\n', "typed": f"[unsafe]\nrows = [{row}]\n"}


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
    return folder


def test_rows_expand_to_whole_cases_in_the_order_of_the_index(tmp_path: Path) -> None:
    """An allergy typed in the other language marks the id `-xlang`; a diet row has no allergy;
    a whole-profile row keeps its allergies and diet."""
    files = {
        "index": 'unsafe = ["vegan.unsafe", "milk.unsafe", "typed.unsafe"]\nsafe = ["milk.safe"]\n',
        "milk": MILK,
        "vegan": 'diet = "vegan"\n[unsafe]\nrows = [["honey", "tip", "ru", "Полейте мёдом."]]\n',
        "typed": (
            '[unsafe]\nrows = [["two", "eggs", ["арахис", "яйца"], "vegetarian", "title", "ru",'
            ' "Омлет"]]\n'
        ),
    }
    assert load_cases(_write(tmp_path, files)) == CaseTable(
        unsafe=[
            UnsafeCase("vegan-ru-tip-honey", "", [], "vegan", "tip", "ru", "Полейте мёдом."),
            UnsafeCase(
                "milk-en-step-butter-xlang",
                "milk",
                ["молоко"],
                "none",
                "step",
                "en",
                "Add the butter.",
            ),
            UnsafeCase(
                "eggs-ru-title-two",
                "eggs",
                ["арахис", "яйца"],
                "vegetarian",
                "title",
                "ru",
                "Омлет",
            ),
        ],
        safe=[
            SafeCase(
                "milk-en-step-cocoa-butter",
                "milk",
                ["milk"],
                "none",
                "step",
                "en",
                "Add cocoa butter.",
                "Add it.",
            )
        ],
    )


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"milk": MILK}, "no index.toml"),
        (
            {"index": INDEX, "milk": MILK.replace('"Add the butter."]', '"Add", "butter"]')},
            r"milk.toml \[unsafe\] row 1: a row must have 5 columns",
        ),
        (
            {
                "index": INDEX,
                "milk": MILK.replace('"step", "en", "Add the', '"body", "en", "Add the'),
            },
            "row 1: unknown field 'body'",
        ),
        (
            {"index": INDEX, "milk": MILK.replace('"en", "Add the', '"fr", "Add the')},
            "row 1: unknown language 'fr'",
        ),
        (
            {"index": INDEX, "milk": MILK.replace('"Add the butter."', '" "')},
            "row 1: the text must be a non-empty string",
        ),
        (
            {"index": INDEX, "milk": MILK.replace('family = "milk"', 'family = "kiwi"')},
            "milk.toml: unknown family 'kiwi'",
        ),
        ({"index": INDEX, "milk": 'diet = "vegan"\n' + MILK}, "one family or one diet"),
        ({"index": INDEX, "milk": MILK_BREACHES}, "no section with rows for milk.safe"),
        (
            {"index": INDEX, "milk": MILK_BREACHES + "[safe]\nrows = 1\n"},
            "no section with rows for milk.safe",
        ),
        ({"index": 'unsafe = ["milk.unsafe", "milk.unsafe"]\n', "milk": MILK}, "twice"),
        (
            {"index": 'unsafe = ["milk.unsafe"]\n', "milk": MILK},
            "sections missing from index.toml: milk.safe",
        ),
        (_typed('["k", "eggs", ["eggs"], "paleo", "tip", "en", "Eggs"]'), "unknown diet 'paleo'"),
        (
            _typed('["k", "eggs", [], "none", "tip", "en", "Eggs"]'),
            "row 1: the allergies must be a non-empty list of strings",
        ),
    ],
    ids=[
        "no-index",
        "row-width",
        "field",
        "language",
        "empty-text",
        "unknown-family",
        "family-and-diet",
        "section-missing",
        "section-without-rows",
        "listed-twice",
        "section-not-listed",
        "unknown-diet",
        "no-allergies",
    ],
)
def test_a_malformed_table_does_not_load(
    tmp_path: Path, files: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        load_cases(_write(tmp_path, files))


def test_the_shipped_table_loads_from_disk_as_it_is() -> None:
    assert load_cases(CASES_DIR) == CaseTable(unsafe=UNSAFE, safe=SAFE)


def test_a_case_goes_only_into_a_field_a_person_reads() -> None:
    with pytest.raises(ValueError, match="unknown field 'servings'"):
        recipe_with("servings", "4", "en")
