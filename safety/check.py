"""The hard check: which allergies and diet a recipe's text breaks, word by word.

The prompt asks the model to respect the profile; this module does not trust it. Every field a
person reads is checked (title, description, cuisine, each ingredient's name, unit, note and the
English name the model gives, steps, tips, and each ingredient line as the page shows it), in
both languages at once, against the families the profile's allergies and diet resolve to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from typing import Literal

from safety.text import Match
from safety.text import Matcher
from safety.text import Term
from safety.text import Token
from safety.text import parse_term
from safety.text import tokenize
from safety.vocabulary import CompiledFamily
from safety.vocabulary import vocabulary
from safety.vocabulary import words_found

ConflictKind = Literal["allergy", "diet"]


@dataclass(frozen=True)
class Conflict:
    """One allergy or the diet a recipe breaks, with the words that break it."""

    kind: ConflictKind
    name: str
    words: tuple[str, ...]
    fields: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "words": list(self.words),
            "where": list(self.fields),
        }


@dataclass(frozen=True)
class Rule:
    """What one allergy (as typed) or the diet is checked against."""

    kind: ConflictKind
    name: str
    families: tuple[CompiledFamily, ...]
    typed: str | None = None  # the allergy as a term, when no family knows it

    @property
    def typed_only(self) -> bool:
        return not self.families

    @property
    def keys(self) -> tuple[str, ...]:
        keys = tuple(f.id for f in self.families)
        return (*keys, f"typed:{self.typed}") if self.typed else keys


@dataclass(frozen=True)
class _Screen:
    """Every term of a profile's families in one matcher: one pass over a text for all rules."""

    matcher: Matcher
    labels: dict[Term, tuple[tuple[str, bool], ...]]  # (family id or typed key, is exception)

    def find(self, tokens: list[Token]) -> dict[str, list[str]]:
        members: dict[str, list[Match]] = defaultdict(list)
        excepted: dict[str, list[Match]] = defaultdict(list)
        for match in self.matcher.find(tokens):
            for key, is_exception in self.labels[match.term]:
                (excepted if is_exception else members)[key].append(match)
        found = {}
        for key, matches in members.items():
            words = words_found(tokens, matches, excepted.get(key, []))
            if words:
                found[key] = words
        return found


@lru_cache(maxsize=512)
def _screen(family_ids: tuple[str, ...], typed: tuple[str, ...]) -> _Screen:
    vocab = vocabulary()
    labels: dict[Term, list[tuple[str, bool]]] = defaultdict(list)
    for fid in family_ids:
        family = vocab.family(fid)
        for term in family.members.terms:
            labels[term].append((fid, False))
        for term in family.exceptions.terms:
            labels[term].append((fid, True))
    for text in typed:
        labels[parse_term(text)].append((f"typed:{text}", False))
    return _Screen(
        matcher=Matcher(terms=tuple(labels)), labels={k: tuple(v) for k, v in labels.items()}
    )


@dataclass(frozen=True)
class SafetyRules:
    rules: tuple[Rule, ...]

    def __bool__(self) -> bool:
        return bool(self.rules)

    @property
    def allergies(self) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == "allergy")

    @property
    def screen(self) -> _Screen:
        families = sorted({f.id for r in self.rules for f in r.families})
        typed = sorted({r.typed for r in self.rules if r.typed})
        return _screen(tuple(families), tuple(typed))


def resolve_allergy(typed: str) -> tuple[CompiledFamily, ...]:
    """The families an allergy as a person typed it stands for (empty when unknown).

    First by a family's own names ("crustaceans", "орехи", "peanut allergy" once the filler
    words are gone), then by the foods the phrase names ("sesame seeds", "shrimp", "cheese"):
    an allergy to one member is checked against its whole family, the cautious reading.
    """
    vocab = vocabulary()
    named = vocab.families_named(typed)
    if named:
        return tuple(vocab.family(f) for f in named)
    tokens = [t for t in tokenize(typed) if t.surface not in vocab.filler]
    if not tokens:
        return ()
    return tuple(
        fam for fam in vocab.families.values() if fam.family.kind == "allergen" and fam.find(tokens)
    )


def _typed_term(typed: str) -> str | None:
    vocab = vocabulary()
    words = [t.surface for t in tokenize(typed) if t.surface not in vocab.filler]
    if not words:
        return None
    try:
        parse_term(" ".join(words))
    except ValueError:
        return None
    return " ".join(words)


def rules_for(*, allergies: Iterable[str], diet: str) -> SafetyRules:
    """The rules a profile's allergies and diet make, ready to check recipes against."""
    vocab = vocabulary()
    rules: list[Rule] = []
    for typed in dict.fromkeys(" ".join(a.split()) for a in allergies):
        if not typed:
            continue
        families = resolve_allergy(typed)
        term = None if families else _typed_term(typed)
        if families or term is not None:
            rules.append(Rule(kind="allergy", name=typed, families=families, typed=term))
    known = vocab.diets.get(diet)
    if known is not None:
        rules.append(
            Rule(
                kind="diet",
                name=diet,
                families=tuple(vocab.family(f) for f in known.families),
            )
        )
    return SafetyRules(rules=tuple(rules))


def conflicts_in(fields: Iterable[tuple[str, str]], rules: SafetyRules) -> list[Conflict]:
    """The conflicts in a recipe given as (field, text) pairs; empty when it is safe."""
    if not rules:
        return []
    seen: dict[str, list[Token]] = {}
    pairs = []
    for field, text in fields:
        if text and text.strip():
            if text not in seen:
                seen[text] = tokenize(text)
            pairs.append((field, seen[text]))
    screen = rules.screen
    found_in = [(field, found) for field, tokens in pairs if (found := screen.find(tokens))]
    out: list[Conflict] = []
    for rule in rules.rules:
        words: dict[str, None] = {}
        where: dict[str, None] = {}
        keys = rule.keys
        for field, found in found_in:
            for key in keys:
                if key in found:
                    words.update(dict.fromkeys(found[key]))
                    where[field] = None
        if words:
            out.append(
                Conflict(kind=rule.kind, name=rule.name, words=tuple(words), fields=tuple(where))
            )
    return out


def _ingredient_fields(index: int, item: Mapping[str, Any]) -> list[tuple[str, str]]:
    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    quantity = item.get("quantity")
    line = " ".join(
        p
        for p in (str(quantity) if quantity else "", text("unit"), text("name"), text("note"))
        if p
    )
    return [
        (f"ingredients[{index}].name", text("name")),
        (f"ingredients[{index}].unit", text("unit")),
        (f"ingredients[{index}].note", text("note")),
        (f"ingredients[{index}].name_en", text("name_en")),
        (f"ingredients[{index}]", line),
    ]


def recipe_fields(
    *,
    title: str,
    description: str,
    cuisine: str,
    ingredients: Sequence[Mapping[str, Any]],
    steps: Sequence[str],
    tips: Sequence[str],
) -> list[tuple[str, str]]:
    """Every text a person reads in a recipe, named by where it is."""
    fields = [("title", title), ("description", description), ("cuisine", cuisine)]
    for i, item in enumerate(ingredients):
        if isinstance(item, Mapping):
            fields += _ingredient_fields(i, item)
    fields += [(f"steps[{i}]", s) for i, s in enumerate(steps) if isinstance(s, str)]
    fields += [(f"tips[{i}]", t) for i, t in enumerate(tips) if isinstance(t, str)]
    return fields
