"""The shop aisle of a shopping line, from its name (English or Russian), so the list reads in
the order one walks through a shop. Worked out when shown, never stored: a better table changes
every list at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from typing import TypeVar

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


class Named(Protocol):
    name: str


T = TypeVar("T", bound=Named)


@dataclass(frozen=True)
class Aisle:
    code: str
    name: StrOrPromise
    # Word beginnings that put a line here (casefolded; "tomat" covers tomato, tomatoes).
    starts: tuple[str, ...]


AISLES: tuple[Aisle, ...] = (
    Aisle(
        "produce",
        _("Fruit and vegetables"),
        (
            "tomat",
            "potat",
            "onion",
            "garlic",
            "carrot",
            "cucumb",
            "lettuc",
            "spinach",
            "cabbag",
            "zucchin",
            "courgett",
            "aubergin",
            "eggplant",
            "mushroom",
            "lemon",
            "lime",
            "apple",
            "banana",
            "orange",
            "berr",
            "avocado",
            "herb",
            "parsley",
            "dill",
            "basil",
            "coriander",
            "cilantro",
            "ginger",
            "celery",
            "leek",
            "broccol",
            "cauliflower",
            "помидор",
            "томат",
            "картоф",
            "картош",
            "лук",
            "чеснок",
            "морков",
            "огур",
            "пастерн",
            "салат",
            "шпинат",
            "капуст",
            "кабач",
            "баклажан",
            "гриб",
            "шампиньон",
            "лимон",
            "лайм",
            "яблок",
            "банан",
            "апельсин",
            "ягод",
            "авокадо",
            "зелень",
            "петрушк",
            "укроп",
            "базилик",
            "кинз",
            "имбир",
            "сельдере",
            "брокколи",
        ),
    ),
    Aisle(
        "dairy",
        _("Dairy and eggs"),
        (
            "milk",
            "cream",
            "butter",
            "cheese",
            "cheddar",
            "feta",
            "mozzarella",
            "parmesan",
            "yogurt",
            "yoghurt",
            "kefir",
            "egg",
            "молок",
            "сливк",
            "сливочное",
            "сыр",
            "творог",
            "йогурт",
            "кефир",
            "сметан",
            "яйц",
            "яйк",
        ),
    ),
    Aisle(
        "meat_fish",
        _("Meat and fish"),
        (
            "chicken",
            "beef",
            "pork",
            "lamb",
            "turkey",
            "mince",
            "bacon",
            "ham",
            "sausag",
            "fish",
            "salmon",
            "tuna",
            "cod",
            "shrimp",
            "prawn",
            "кур",
            "говядин",
            "свинин",
            "баранин",
            "индейк",
            "фарш",
            "бекон",
            "ветчин",
            "колбас",
            "сосиск",
            "рыб",
            "лосос",
            "семг",
            "тунец",
            "треск",
            "кревет",
        ),
    ),
    Aisle(
        "bakery",
        _("Bread and bakery"),
        (
            "bread",
            "baguette",
            "bun",
            "roll",
            "tortilla",
            "pita",
            "хлеб",
            "батон",
            "багет",
            "лаваш",
            "булк",
            "тортиль",
        ),
    ),
    Aisle(
        "pantry",
        _("Pasta, grains and tins"),
        (
            "rice",
            "pasta",
            "spaghetti",
            "noodle",
            "flour",
            "oat",
            "lentil",
            "bean",
            "chickpea",
            "buckwheat",
            "couscous",
            "quinoa",
            "tin",
            "canned",
            "sugar",
            "рис",
            "макарон",
            "паст",
            "спагетти",
            "лапш",
            "мук",
            "овсян",
            "чечевиц",
            "фасол",
            "нут",
            "гречк",
            "кускус",
            "киноа",
            "консерв",
            "сахар",
        ),
    ),
    Aisle(
        "spices_oils",
        _("Oils, sauces and spices"),
        (
            "oil",
            "vinegar",
            "salt",
            "pepper",
            "paprika",
            "cumin",
            "curry",
            "cinnamon",
            "soy",
            "sauce",
            "ketchup",
            "mustard",
            "mayonnaise",
            "honey",
            "spice",
            "масл",
            "уксус",
            "соль",
            "перец",
            "паприк",
            "зира",
            "карри",
            "кориц",
            "соев",
            "соус",
            "кетчуп",
            "горчиц",
            "майонез",
            "мёд",
            "мед",
            "специ",
            "припра",
        ),
    ),
)
OTHER = Aisle("other", _("Everything else"), ())
# Names whose last word alone would mislead: a sweet pepper is a vegetable, butter is "масло".
PHRASES: dict[str, str] = {
    "bell pepper": "produce",
    "sweet pepper": "produce",
    "red pepper": "produce",
    "green pepper": "produce",
    "chili pepper": "produce",
    "болгарский перец": "produce",
    "сладкий перец": "produce",
    "перец чили": "produce",
    "сливочное масло": "dairy",
    "peanut butter": "spices_oils",
    "арахисовая паста": "spices_oils",
}
_ORDER = {a.code: n for n, a in enumerate((*AISLES, OTHER))}


def aisle_of(name: str) -> Aisle:
    """The first aisle whose word beginnings start any word of the name; "other" else.

    The last word decides first, as it names the thing ("olive oil" is oil, "black pepper" a
    spice); PHRASES settle the names where it misleads ("bell pepper", "сливочное масло").
    """
    words = name.casefold().replace("ё", "е").split()
    text = " ".join(words)
    for phrase, code in PHRASES.items():
        if phrase in text:
            return next(a for a in AISLES if a.code == code)
    for word in reversed(words):
        for aisle in AISLES:
            if any(word.startswith(start.replace("ё", "е")) for start in aisle.starts):
                return aisle
    return OTHER


def aisle_order(code: str) -> int:
    return _ORDER.get(code, len(_ORDER))


def grouped(items: Iterable[T]) -> list[tuple[Aisle, list[T]]]:
    """`items` (shopping lines) by aisle, in shop order; each group keeps the order it was given."""
    groups: dict[str, tuple[Aisle, list[T]]] = {}
    for item in items:
        aisle = aisle_of(item.name)
        groups.setdefault(aisle.code, (aisle, []))[1].append(item)
    return sorted(groups.values(), key=lambda group: aisle_order(group[0].code))
