"""Words as the check sees them: normalised, split into tokens, stemmed by Snowball.

Each token keeps its surface form (lower-cased, ``ё`` as ``е``, Latin accents dropped) and its
Snowball stem, English for Latin script and Russian for Cyrillic, so that "anchovies" and
"anchovy", "арахиса" and "арахисом" meet. The script of the word decides the stemmer, not the
recipe's language: a Russian recipe may name "tofu", an English one "сметана".

A vocabulary term is a short phrase whose words are one of:
- ``word``: the stems must be equal (``peanuts`` matches ``peanut``);
- ``word*``: the surface form starts with ``word`` (``арахис*`` matches ``арахисовая``);
- ``=word``: the surface form is exactly ``word`` (for short or ambiguous Russian words);
- ``*``: any one word (only in exceptions: ``gluten-free *``).
A stem shorter than three letters is too ambiguous to trust, so such a word is matched by its
surface form only and the vocabulary lists the forms it needs.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from functools import lru_cache
from typing import Literal

import Stemmer  # PyStemmer: the Snowball project's own Python binding

_WORD = re.compile(r"[^\W_]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_APOSTROPHES = str.maketrans("", "", "'’ʼ`´")
_MIN_STEM = 3
_SEEN_LIMIT = 20000  # words remembered per matcher (a dict lookup instead of ~20)
_local = threading.local()


def _latin_plain(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Accented Latin letters lose their accents (crème → creme); Cyrillic (й) is left alone.
_LATIN_ACCENTS = str.maketrans({chr(c): _latin_plain(chr(c)) for c in range(0xC0, 0x250)})


def normalize(text: str) -> str:
    return text.casefold().replace("ё", "е").translate(_APOSTROPHES).translate(_LATIN_ACCENTS)


def _stemmer(language: str) -> Stemmer.Stemmer:
    # PyStemmer objects are not safe to share between threads.
    stemmers: dict[str, Stemmer.Stemmer] | None = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = Stemmer.Stemmer(language)
    return stemmers[language]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of one normalised word, in the stemmer its script calls for."""
    language = "russian" if CYRILLIC.search(word) else "english"
    return str(_stemmer(language).stemWord(word))


@dataclass(frozen=True, slots=True)
class Token:
    surface: str
    stem: str


def tokenize(text: str) -> list[Token]:
    return [Token(w, stem(w)) for w in _WORD.findall(normalize(text))]


Kind = Literal["stem", "prefix", "exact", "any"]


@dataclass(frozen=True, slots=True)
class Part:
    kind: Kind
    value: str

    def matches(self, token: Token) -> bool:
        if self.kind == "stem":
            return token.stem == self.value
        if self.kind == "prefix":
            return token.surface.startswith(self.value)
        if self.kind == "exact":
            return token.surface == self.value
        return True


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    parts: tuple[Part, ...]


def parse_term(text: str) -> Term:
    """A vocabulary phrase in the notation above; raises ValueError for an empty one."""
    parts: list[Part] = []
    for chunk in re.split(r"[\s\-/]+", normalize(text).strip()):
        if not chunk:
            continue
        if chunk == "*":
            parts.append(Part("any", ""))
            continue
        exact = chunk.startswith("=")
        prefix = chunk.endswith("*")
        words = _WORD.findall(chunk)
        if not words:
            continue
        for i, word in enumerate(words):
            last = i == len(words) - 1
            if exact:
                parts.append(Part("exact", word))
            elif prefix and last:
                parts.append(Part("prefix", word))
            else:
                s = stem(word)
                parts.append(Part("stem", s) if len(s) >= _MIN_STEM else Part("exact", word))
    if not parts or all(p.kind == "any" for p in parts):
        raise ValueError(f"not a usable term: {text!r}")
    return Term(text=text, parts=tuple(parts))


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    term: Term

    def covered_by(self, other: Match) -> bool:
        return other.start <= self.start and self.end <= other.end


@dataclass
class Matcher:
    """Finds every occurrence of a set of terms in a token list, indexed by the first word."""

    terms: tuple[Term, ...] = ()
    _by_stem: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    _by_exact: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    _by_prefix: dict[str, list[Term]] = field(default_factory=lambda: defaultdict(list))
    _anywhere: list[Term] = field(default_factory=list)
    _seen: dict[Token, tuple[Term, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for term in self.terms:
            first = term.parts[0]
            if first.kind == "stem":
                self._by_stem[first.value].append(term)
            elif first.kind == "exact":
                self._by_exact[first.value].append(term)
            elif first.kind == "prefix":
                self._by_prefix[first.value].append(term)
            else:
                self._anywhere.append(term)
        self._prefix_lengths = sorted({len(p) for p in self._by_prefix})

    @classmethod
    def of(cls, texts: Iterable[str]) -> Matcher:
        return cls(terms=tuple(parse_term(t) for t in dict.fromkeys(texts)))

    def _candidates(self, token: Token) -> tuple[Term, ...]:
        # The same few hundred words recur in every recipe: remember each word's candidates.
        found = self._seen.get(token)
        if found is not None:
            return found
        terms: list[Term] = [
            *self._by_stem.get(token.stem, ()),
            *self._by_exact.get(token.surface, ()),
        ]
        for length in self._prefix_lengths:
            if length > len(token.surface):
                break
            terms += self._by_prefix.get(token.surface[:length], ())
        found = (*terms, *self._anywhere)
        if len(self._seen) >= _SEEN_LIMIT:
            self._seen.clear()
        self._seen[token] = found
        return found

    def find(self, tokens: list[Token]) -> list[Match]:
        found: list[Match] = []
        for i, token in enumerate(tokens):
            for term in self._candidates(token):
                end = i + len(term.parts)
                if end <= len(tokens) and all(
                    part.matches(tokens[i + k]) for k, part in enumerate(term.parts)
                ):
                    found.append(Match(i, end, term))
        return found

    def __bool__(self) -> bool:
        return bool(self.terms)
