"""What the simulated models say in Russian: what the photo holds, the dishes, the pantry, the
units a Russian cook writes (г, мл, ст. л., шт.) and the English names of the foods they know.

Titles and steps never decline a person's ingredient: a name goes into a list after a colon or
into brackets ("Жаркое на сковороде: помидоры и яйца", "Добавьте второй продукт (шпинат)"), so
the sentence reads correctly whatever the name is and in whichever form it was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

VISION_INGREDIENTS: tuple[tuple[str, float], ...] = (
    ("помидоры", 0.94),
    ("яйца", 0.91),
    ("сыр чеддер", 0.82),
    ("шпинат", 0.77),
    ("молоко", 0.7),
)

GENERATE_TEXT = (
    "Взбейте яйца с небольшим количеством молока, прогрейте шпинат на горячей сковороде, "
    "затем соедините всё с тёртым сыром: получится нежный и быстрый омлет."
)

DEFAULT_NAMES = ("яйца", "помидоры", "лук")
SECOND = "чеснок"
OIL = "масло"


@dataclass(frozen=True)
class Dish:
    title: str
    cuisine: str
    method: str


# In the order of the English dishes: the same index is the same dish, time and difficulty.
DISHES: tuple[Dish, ...] = (
    Dish(
        "Жаркое на сковороде: {a} и {b}",
        "Средиземноморская",
        "Обжаривайте основной продукт ({a}) на сковороде, время от времени помешивая.",
    ),
    Dish(
        "Запеканка: {a} и {b}",
        "Французская",
        "Запекайте основной продукт ({a}) в духовке при 200 градусах до готовности.",
    ),
    Dish(
        "Вок: {a} и {b}",
        "Китайская",
        "Быстро обжарьте основной продукт ({a}) на сильном огне, постоянно помешивая.",
    ),
    Dish(
        "Крем-суп: {a} и {b}",
        "Итальянская",
        "Варите основной продукт ({a}) в кастрюле на слабом огне до готовности.",
    ),
    Dish(
        "Тако: {a} и {b}",
        "Мексиканская",
        "Подрумяньте основной продукт ({a}) на сухой сковороде.",
    ),
    Dish(
        "Тёплый салат: {a} и {b}",
        "Греческая",
        "Запеките основной продукт ({a}) до золотистой корочки.",
    ),
)

DIFFICULTY = {
    "easy": "Простое блюдо",
    "medium": "Блюдо средней сложности",
    "hard": "Блюдо для тех, кто любит готовить",
}

PANTRY: tuple[tuple[str, float | None, str], ...] = (
    ("оливковое масло", 2.0, "ст. л."),
    ("соль", None, "по вкусу"),
)

UNITS: tuple[tuple[str, float, str], ...] = (
    ("яйц|яйко", 3.0, "шт."),
    ("чеснок", 2.0, "зубчика"),
    ("молок|сливк|бульон|сок|вод[аы]|йогурт|кефир", 200.0, "мл"),
    (
        "сыр|масл|мук|сахар|рис|макарон|паст|шпинат|мяс|кур|говядин|свинин|рыб|фарш",
        150.0,
        "г",
    ),
    (
        "лук|помидор|томат|перец|перц|лимон|лайм|яблок|картоф|морков|кабач|огур|авокадо",
        2.0,
        "шт.",
    ),
)

DEFAULT_UNIT = (150.0, "г")

# The English name (`name_en`) of the foods the simulated model knows.
NAMES_EN = {
    "помидоры": "tomatoes",
    "помидор": "tomato",
    "томаты": "tomatoes",
    "яйца": "eggs",
    "яйцо": "egg",
    "сыр чеддер": "cheddar cheese",
    "сыр": "cheese",
    "шпинат": "spinach",
    "молоко": "milk",
    "лук": "onion",
    "репчатый лук": "onion",
    "чеснок": "garlic",
    "оливковое масло": "olive oil",
    "сливочное масло": "butter",
    "соль": "salt",
    "картофель": "potatoes",
    "морковь": "carrots",
    "рис": "rice",
    "курица": "chicken",
    "куриное филе": "chicken breast",
    "болгарский перец": "bell pepper",
    "красный болгарский перец": "red bell pepper",
    "огурцы": "cucumbers",
    "кабачок": "zucchini",
    "сметана": "sour cream",
    "творог": "cottage cheese",
    "гречка": "buckwheat",
    "грибы": "mushrooms",
}


def name_en(name: str) -> str:
    """The food in English, or "" for one the simulated model does not know."""
    return NAMES_EN.get(" ".join(name.casefold().split()), "")


def quantity(name: str) -> tuple[float, str]:
    for pattern, amount, unit in UNITS:
        if re.search(pattern, name, re.IGNORECASE):
            return amount, unit
    return DEFAULT_UNIT


def in_sentence(name: str) -> str:
    """A name as it stands inside a sentence: a common noun in lower case ("Помидоры" →
    "помидоры"), an abbreviation or a name with capitals further on kept as typed ("МОЛОКО",
    "Сыр Пармезан")."""
    later = name.split()[1:]
    if len(name) > 1 and name[1].islower() and all(w[:1].islower() for w in later):
        return name[0].lower() + name[1:]
    return name
