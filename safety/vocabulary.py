"""The food vocabulary: allergen families, food groups and diets, loaded from reviewed data.

The data lives in ``safety/data/*.toml`` (sources and review rules in
``docs/safety.md``). A family lists what a person calls it (``names``), the foods that belong
to it in English and Russian (``en``, ``ru``: member and derived foods), phrases that look like
a member but are not (``except``: coconut milk is not dairy) and other families it takes in
whole (``include``: lactose takes everything in milk). A diet forbids whole families.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from functools import lru_cache
from pathlib import Path
from typing import Any
from typing import Literal

from safety.text import Match
from safety.text import Matcher
from safety.text import Token
from safety.text import parse_term
from safety.text import tokenize

DATA_DIR = Path(__file__).resolve().parent / "data"

FamilyKind = Literal["allergen", "group"]


@dataclass(frozen=True)
class Family:
    id: str
    kind: FamilyKind
    label_en: str
    label_ru: str
    names: tuple[str, ...]
    en: tuple[str, ...]
    ru: tuple[str, ...]
    exceptions: tuple[str, ...]
    include: tuple[str, ...]

    def label(self, language: str = "en") -> str:
        return self.label_ru if language == "ru" else self.label_en


@dataclass(frozen=True)
class CompiledFamily:
    family: Family
    member_words: tuple[str, ...]
    exception_words: tuple[str, ...]

    @cached_property
    def members(self) -> Matcher:
        return Matcher.of(self.member_words)

    @cached_property
    def exceptions(self) -> Matcher:
        return Matcher.of(self.exception_words)

    @property
    def id(self) -> str:
        return self.family.id

    def find(self, tokens: list[Token]) -> list[str]:
        """The member words in `tokens` that no exception of this family covers."""
        matches = self.members.find(tokens)
        if not matches:
            return []
        excepted = self.exceptions.find(tokens) if self.exceptions else []
        return words_found(tokens, matches, excepted)


def words_found(tokens: list[Token], matches: list[Match], excepted: list[Match]) -> list[str]:
    """The words of the matches no exception covers; "sesame seeds" once, not also "sesame"."""
    kept = [m for m in matches if not any(m.covered_by(e) for e in excepted)]
    longest = [
        m
        for m in kept
        if not any(
            o is not m and m.covered_by(o) and o.end - o.start > m.end - m.start for o in kept
        )
    ]
    return [" ".join(t.surface for t in tokens[m.start : m.end]) for m in longest]


@dataclass(frozen=True)
class Diet:
    id: str
    label_en: str
    label_ru: str
    families: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    families: dict[str, CompiledFamily]
    diets: dict[str, Diet]
    filler: frozenset[str]

    def family(self, family_id: str) -> CompiledFamily:
        return self.families[family_id]

    @cached_property
    def _names(self) -> list[tuple[tuple[str, ...], str]]:
        """Each name of each family as a tuple of stems, for resolving what a person typed."""
        out = []
        for fam in self.families.values():
            for name in fam.family.names:
                out.append((self.key(name), fam.id))
        return out

    def key(self, phrase: str) -> tuple[str, ...]:
        return tuple(t.stem for t in tokenize(phrase) if t.surface not in self.filler)

    def families_named(self, phrase: str) -> list[str]:
        key = self.key(phrase)
        if not key:
            return []
        return sorted({fid for name, fid in self._names if name == key})


def _strings(table: dict[str, Any], name: str) -> tuple[str, ...]:
    value = table.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{name} must be a list of strings")
    return tuple(value)


def _family(family_id: str, table: dict[str, Any]) -> Family:
    kind = table.get("kind")
    if kind not in ("allergen", "group"):
        raise ValueError(f"family {family_id}: kind must be allergen or group")
    label = table.get("label", {})
    return Family(
        id=family_id,
        kind=kind,
        label_en=str(label.get("en", family_id)),
        label_ru=str(label.get("ru", label.get("en", family_id))),
        names=_strings(table, "names"),
        en=_strings(table, "en"),
        ru=_strings(table, "ru"),
        exceptions=_strings(table, "except"),
        include=_strings(table, "include"),
    )


def _compile(families: dict[str, Family]) -> dict[str, CompiledFamily]:
    def gather(fid: str, seen: tuple[str, ...]) -> tuple[list[str], list[str]]:
        if fid in seen:
            raise ValueError(f"families include each other: {' → '.join((*seen, fid))}")
        if fid not in families:
            raise ValueError(f"unknown family in include: {fid}")
        fam = families[fid]
        members = [*fam.names, *fam.en, *fam.ru]
        exceptions = list(fam.exceptions)
        for other in fam.include:
            more_members, more_exceptions = gather(other, (*seen, fid))
            members += more_members
            exceptions += more_exceptions
        return members, exceptions

    compiled = {}
    for fid, fam in families.items():
        members, exceptions = gather(fid, ())
        for word in (*members, *exceptions):
            try:
                parse_term(word)  # a malformed entry stops the load, not a later check
            except ValueError as exc:
                raise ValueError(f"family {fid}: {exc}") from exc
        compiled[fid] = CompiledFamily(
            family=fam,
            member_words=tuple(dict.fromkeys(members)),
            exception_words=tuple(dict.fromkeys(exceptions)),
        )
    return compiled


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The shipped vocabulary, loaded once per process."""
    return load_vocabulary(DATA_DIR)


def load_vocabulary(data_dir: Path) -> Vocabulary:
    """Read and compile the data files; a malformed entry raises ValueError naming it."""
    with (data_dir / "families.toml").open("rb") as f:
        raw_families = tomllib.load(f)
    with (data_dir / "diets.toml").open("rb") as f:
        raw_diets = tomllib.load(f)
    families = {fid: _family(fid, t) for fid, t in raw_families["family"].items()}
    diets = {}
    for did, table in raw_diets["diet"].items():
        label = table.get("label", {})
        fams = _strings(table, "families")
        unknown = [f for f in fams if f not in families]
        if unknown:
            raise ValueError(f"diet {did} names unknown families: {unknown}")
        diets[did] = Diet(
            id=did,
            label_en=str(label.get("en", did)),
            label_ru=str(label.get("ru", did)),
            families=fams,
        )
    # Words a person adds around an allergy ("allergic to", "(severe)") that name no food.
    filler = frozenset(t.surface for w in _strings(raw_families, "filler") for t in tokenize(w))
    return Vocabulary(families=_compile(families), diets=diets, filler=filler)
