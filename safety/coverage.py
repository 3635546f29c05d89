"""What each allergy in a profile is checked against, told plainly on the profile page."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from safety.check import resolve_allergy
from safety.text import CYRILLIC
from safety.vocabulary import vocabulary


@dataclass(frozen=True)
class AllergyCoverage:
    typed: str
    families: tuple[str, ...]  # labels in the requested language
    examples: tuple[str, ...]
    word_count: int

    @property
    def typed_only(self) -> bool:
        return not self.families


def describe_allergies(allergies: Iterable[str], *, language: str = "en") -> list[AllergyCoverage]:
    out = []
    for typed in dict.fromkeys(" ".join(a.split()) for a in allergies):
        if not typed:
            continue
        families = resolve_allergy(typed)
        words = [w for f in families for w in f.member_words if "*" not in w and "=" not in w]
        own = [w for w in words if bool(CYRILLIC.search(w)) == (language == "ru")]
        examples = tuple(dict.fromkeys(own or words))[:6]
        out.append(
            AllergyCoverage(
                typed=typed,
                families=tuple(f.family.label(language) for f in families),
                examples=examples,
                word_count=sum(len(f.member_words) for f in families),
            )
        )
    return out


@dataclass(frozen=True)
class DietCoverage:
    diet: str
    label: str
    families: tuple[str, ...]


def describe_diet(diet: str, *, language: str = "en") -> DietCoverage | None:
    known = vocabulary().diets.get(diet)
    if known is None:
        return None
    vocab = vocabulary()
    return DietCoverage(
        diet=diet,
        label=known.label_ru if language == "ru" else known.label_en,
        families=tuple(vocab.family(f).family.label(language) for f in known.families),
    )
