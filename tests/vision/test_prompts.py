"""The vision prompt asks for the ingredient names in the scan's language."""

from __future__ import annotations

import pytest

from tests.support.variants import shipped
from vision import prompts

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "name", "example"),
    [("ru", "Russian", "'яйца'"), ("en", "English", "'eggs'")],
)
def test_the_names_are_asked_for_in_the_scans_language(
    language: str, name: str, example: str
) -> None:
    system, user = prompts.messages(shipped("vision"), b"jpeg", language=language)
    assert f"a short generic name in {name}" in system["content"]
    assert example in system["content"], "the examples are in the language asked for"
    assert f"Write every name in {name}." in system["content"]
    assert user["content"].endswith(f"Name them in {name}.")
    assert user["images"] == ["anBlZw=="]


def test_a_language_the_site_does_not_know_falls_back_to_english() -> None:
    system, user = prompts.messages(shipped("vision"), b"jpeg", language="de")
    assert "in English" in system["content"] and "'eggs'" in system["content"]
    assert "German" not in system["content"] + user["content"]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_compact_variant_asks_in_the_scans_language_too(language: str) -> None:
    system, user = prompts.messages(shipped("vision-compact"), b"jpeg", language=language)
    name = {"ru": "Russian", "en": "English"}[language]
    assert f"named in {name}?" in user["content"] and name in system["content"]
    assert ("'яйца'" in system["content"]) == (language == "ru")
    assert user["images"] == ["anBlZw=="]
