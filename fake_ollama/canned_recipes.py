"""The recipes the simulated text model writes from a prompt's ingredients and limits, in the
language the prompt asks for (English, or Russian from `russian`)."""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from . import russian
from .languages import RUSSIAN
from .wire import JSON


@dataclass(frozen=True)
class _Dish:
    title: str
    cuisine: str
    difficulty: str
    minutes: int
    method: str


_DISHES: tuple[_Dish, ...] = (
    _Dish("{a} and {b} skillet", "Mediterranean", "easy", 20, "Cook the {a} in the pan"),
    _Dish("Baked {a} with {b}", "French", "medium", 35, "Bake the {a} at 200 °C"),
    _Dish("{a} and {b} stir-fry", "Chinese", "easy", 15, "Stir-fry the {a} over high heat"),
    _Dish("Creamy {a} and {b} soup", "Italian", "medium", 30, "Simmer the {a} in the pot"),
    _Dish("{a} and {b} tacos", "Mexican", "easy", 25, "Sear the {a} in a dry pan"),
    _Dish("Roasted {a} salad with {b}", "Greek", "hard", 45, "Roast the {a} until golden"),
)

_PANTRY: tuple[tuple[str, float | None, str], ...] = (
    ("olive oil", 2.0, "tbsp"),
    ("salt", None, "to taste"),
)

_UNITS: tuple[tuple[str, float, str], ...] = (
    ("egg", 3.0, "pcs"),
    ("garlic", 2.0, "cloves"),
    ("milk|cream|stock|broth|juice|water|yogurt|yoghurt", 200.0, "ml"),
    ("cheese|butter|flour|sugar|rice|pasta|spinach|meat|chicken|beef|pork|fish", 150.0, "g"),
    ("onion|tomato|pepper|lemon|lime|apple|potato|carrot|zucchini|cucumber|avocado", 2.0, "pcs"),
)


def prompt_block(text: str, tag: str) -> list[str]:
    """The `- name` lines of every `<tag>` … `</tag>` block in the prompt."""
    names: list[str] = []
    pattern = rf"^\s*<{tag}>\s*$(.*?)^\s*</{tag}>\s*$"
    for block in re.finditer(pattern, text, re.MULTILINE | re.DOTALL):
        for raw in block.group(1).splitlines():
            line = raw.strip()
            if line.startswith("- "):
                name = re.sub(r"\s*\([^)]*\)\s*$", "", line[2:]).strip()
                if name and name != "(none)":
                    names.append(name)
    return names


def _prompt_number(text: str, pattern: str) -> int | None:
    found = re.search(pattern, text, re.IGNORECASE | re.MULTILINE)
    return int(found.group(1)) if found else None


def recipes_reply(text: str, *, count: int = 3, language: str = "en") -> JSON:
    """`count` different recipes from the ingredients in the prompt, within its time limit."""
    avoid = {n.casefold() for n in prompt_block(text, "avoid")}
    names: list[str] = []
    for name in prompt_block(text, "ingredients"):
        if name.casefold() not in avoid and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    if not names:
        names = list(russian.DEFAULT_NAMES) if language == RUSSIAN else ["eggs", "tomato", "onion"]
    max_minutes = _prompt_number(text, r"Maximum total time:\s*(\d+)\s*min")
    servings = _prompt_number(text, r"^\s*Servings:\s*(\d+)") or 2
    ask = _Ask(
        names=names,
        rng=random.Random(hashlib.sha256(text.encode()).digest()),
        max_minutes=max_minutes,
        servings=max(1, servings),
        cuisine=_preferred_cuisine(text),
    )
    write = _russian_recipe if language == RUSSIAN else _recipe
    return {"recipes": [write(i, ask) for i in range(count)]}


@dataclass(frozen=True)
class _Ask:
    """What the prompt asked for, as every recipe of the reply reads it."""

    names: list[str]
    rng: random.Random
    max_minutes: int | None
    servings: int
    cuisine: str | None

    def used(self, i: int) -> list[str]:
        """The (up to four) ingredients recipe `i` is built around, a different lead each."""
        return [self.names[(i + k) % len(self.names)] for k in range(min(4, len(self.names)))]

    def facts(self, dish: _Dish, cuisine: str) -> JSON:
        """The fields every recipe states alike, in any language."""
        return {
            "cuisine": self.cuisine or cuisine,
            "total_minutes": _minutes(dish, self.max_minutes),
            "difficulty": dish.difficulty,
            "servings": self.servings,
            "nutrition": _nutrition(self.rng),
        }


def _preferred_cuisine(text: str) -> str | None:
    """The cuisine asked for: the one name in the block after "Preferred cuisine:"."""
    found = re.search(r"^\s*Preferred cuisine:\s*$(.*)", text, re.MULTILINE | re.DOTALL)
    names = prompt_block(found.group(1), "cuisine") if found else []
    return names[0] if names else None


def _minutes(dish: _Dish, max_minutes: int | None) -> int:
    return dish.minutes if max_minutes is None else max(1, min(dish.minutes, max_minutes))


def _numbered(title: str, i: int) -> str:
    """Past the last dish the titles repeat, so they carry a number to stay different."""
    title = title[:1].upper() + title[1:]
    return title + f" ({i // len(_DISHES) + 1})" if i >= len(_DISHES) else title


def _nutrition(rng: random.Random) -> JSON:
    return {
        "kcal": rng.randint(320, 680),
        "protein_g": round(rng.uniform(12, 35), 1),
        "fat_g": round(rng.uniform(8, 30), 1),
        "carbs_g": round(rng.uniform(15, 70), 1),
    }


def _recipe(i: int, ask: _Ask) -> JSON:
    dish = _DISHES[i % len(_DISHES)]
    used = ask.used(i)
    main = used[0]
    second = used[1] if len(used) > 1 else "garlic"
    facts = ask.facts(dish, dish.cuisine)
    have = {n.casefold() for n in used}
    pantry = [p for p in _PANTRY[: 1 + (i + 1) % 2] if p[0] not in have]
    return {
        "title": _numbered(dish.title.format(a=main, b=second), i),
        "description": (
            f"A {dish.difficulty} {facts['cuisine']} dish built around {main} and {second}, "
            f"ready in {facts['total_minutes']} minutes."
        ),
        **facts,
        "ingredients": [
            {"name": n, "quantity": q, "unit": u, "have": True}
            for n, (q, u) in ((n, _quantity(n)) for n in used)
        ]
        + [{"name": n, "quantity": q, "unit": u, "have": False} for n, q, u in pantry],
        "steps": [
            f"Wash and chop the {main} and the {second}.",
            f"Heat the {pantry[0][0] if pantry else 'oil'} in a pan over medium heat.",
            dish.method.format(a=main) + ", stirring now and then.",
            f"Add the {second} and season to taste.",
            "Serve warm.",
        ],
        "tips": [
            f"The fresher the {main}, the better the dish.",
            "Leftovers keep for a day in the fridge.",
        ][: 1 + i % 2],
    }


def _russian_recipe(i: int, ask: _Ask) -> JSON:
    """The same dish as `_recipe` writes for index `i`, written in Russian."""
    dish = _DISHES[i % len(_DISHES)]
    words = russian.DISHES[i % len(russian.DISHES)]
    used = ask.used(i)
    main = russian.in_sentence(used[0])
    second = russian.in_sentence(used[1]) if len(used) > 1 else russian.SECOND
    facts = ask.facts(dish, words.cuisine)
    have = {n.casefold() for n in used}
    pantry = [p for p in russian.PANTRY[: 1 + (i + 1) % 2] if p[0] not in have]
    oil = next((n for n, _q, _u in pantry if russian.OIL in n), russian.OIL)
    return {
        "title": _numbered(words.title.format(a=main, b=second), i),
        "description": (
            f"{russian.DIFFICULTY[dish.difficulty]}: {main} и {second}. "
            f"Кухня: {russian.in_sentence(facts['cuisine'])}. "
            f"Готово за {facts['total_minutes']} мин."
        ),
        **facts,
        "ingredients": [
            _named({"name": n, "quantity": q, "unit": u, "have": True})
            for n, (q, u) in ((n, russian.quantity(n)) for n in used)
        ]
        + [_named({"name": n, "quantity": q, "unit": u, "have": False}) for n, q, u in pantry],
        "steps": [
            f"Подготовьте продукты: {main}, {second}.",
            f"Разогрейте {oil} в сковороде на среднем огне.",
            words.method.format(a=main),
            f"Добавьте второй продукт ({second}) и приправьте по вкусу.",
            "Подавайте сразу, пока блюдо тёплое.",
        ],
        "tips": [
            f"Чем свежее основной продукт ({main}), тем вкуснее блюдо.",
            "Остатки храните в холодильнике не дольше суток.",
        ][: 1 + i % 2],
    }


def _named(ingredient: JSON) -> JSON:
    """The ingredient with its English name too, as the prompt asks, when the model knows it."""
    english = russian.name_en(ingredient["name"])
    return {**ingredient, "name_en": english} if english else ingredient


def _quantity(name: str) -> tuple[float, str]:
    for pattern, amount, unit in _UNITS:
        if re.search(pattern, name, re.IGNORECASE):
            return amount, unit
    return 150.0, "g"
