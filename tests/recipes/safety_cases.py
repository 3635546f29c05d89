"""Recipe texts for the allergen and diet check, as a table.

`UNSAFE` holds texts that name a food a person with that allergy or diet must never be shown;
`SAFE` holds look-alike words that are not that food, each with a `control` text that is unsafe
for the same person, in the same field and language. The harness is `test_safety_table.py`.

Every row is a food fact: when it was unclear whether a food contains an allergen, it was left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

FIELDS: tuple[str, ...] = (
    "title",
    "description",
    "cuisine",
    "ingredient_name",
    "ingredient_unit",
    "ingredient_note",
    "ingredient_name_en",
    "step",
    "tip",
)

# The 14 allergens of EU Regulation 1169/2011, Annex II.
EU_ALLERGENS: tuple[str, ...] = (
    "gluten",
    "crustaceans",
    "eggs",
    "fish",
    "peanuts",
    "soybeans",
    "milk",
    "tree_nuts",
    "celery",
    "mustard",
    "sesame",
    "sulphites",
    "lupin",
    "molluscs",
)
FAMILIES: tuple[str, ...] = (*EU_ALLERGENS, "lactose")

DIETS: tuple[str, ...] = (
    "vegetarian",
    "vegan",
    "pescatarian",
    "keto",
    "halal",
    "kosher",
    "gluten_free",
    "dairy_free",
)

TREE_NUTS: tuple[str, ...] = (
    "almond",
    "hazelnut",
    "walnut",
    "cashew",
    "pecan",
    "brazil",
    "pistachio",
    "macadamia",
)


class UnsafeCase(NamedTuple):
    """A recipe text that must be withheld from a person with these allergies and this diet."""

    id: str
    family: str  # the allergen family it names ("" for a diet breach)
    allergies: list[str]
    diet: str
    field: str
    language: str  # the recipe's language
    text: str


class SafeCase(NamedTuple):
    """A look-alike text that must be shown, and a `control` that must not (same person)."""

    id: str
    family: str  # the allergen family it resembles ("" for a diet look-alike)
    allergies: list[str]
    diet: str
    field: str
    language: str
    text: str
    control: str


def _typed_in(allergy: str) -> str:
    return "ru" if any("а" <= ch <= "я" or ch == "ё" for ch in allergy.casefold()) else "en"


def _cross(allergy: str, language: str) -> str:
    return "" if _typed_in(allergy) == language else "-xlang"


def _allergy(family: str, rows: Iterable[tuple[str, str, str, str, str]]) -> list[UnsafeCase]:
    """Rows of (key, allergy as typed, field, language, text)."""
    return [
        UnsafeCase(
            f"{family}-{lang}-{field}-{key}{_cross(allergy, lang)}",
            family,
            [allergy],
            "none",
            field,
            lang,
            text,
        )
        for key, allergy, field, lang, text in rows
    ]


def _diet(diet: str, rows: Iterable[tuple[str, str, str, str]]) -> list[UnsafeCase]:
    """Rows of (key, field, language, text)."""
    return [
        UnsafeCase(f"{diet}-{lang}-{field}-{key}", "", [], diet, field, lang, text)
        for key, field, lang, text in rows
    ]


def _safe_allergy(
    family: str, rows: Iterable[tuple[str, str, str, str, str, str]]
) -> list[SafeCase]:
    """Rows of (key, allergy as typed, field, language, look-alike text, control text)."""
    return [
        SafeCase(
            f"{family}-{lang}-{field}-{key}{_cross(allergy, lang)}",
            family,
            [allergy],
            "none",
            field,
            lang,
            text,
            control,
        )
        for key, allergy, field, lang, text, control in rows
    ]


def _safe_diet(diet: str, rows: Iterable[tuple[str, str, str, str, str]]) -> list[SafeCase]:
    """Rows of (key, field, language, look-alike text, control text)."""
    return [
        SafeCase(f"{diet}-{lang}-{field}-{key}", "", [], diet, field, lang, text, control)
        for key, field, lang, text, control in rows
    ]


# --- allergens -----------------------------------------------------------------------------------

_GLUTEN = _allergy(
    "gluten",
    [
        ("spaghetti", "gluten", "title", "en", "Spaghetti with garlic and chilli"),
        ("couscous", "глютен", "description", "en", "A light lemony salad of couscous and herbs."),
        ("udon", "gluten", "cuisine", "en", "Japanese udon bar"),
        ("panko", "wheat", "ingredient_name", "en", "panko breadcrumbs"),
        ("rolled-oats", "gluten", "ingredient_name", "en", "rolled oats"),
        ("wheat-flour", "gluten intolerance", "ingredient_unit", "en", "cups plain wheat flour"),
        ("seitan", "gluten", "ingredient_note", "en", "or use seitan instead"),
        ("bulgur", "пшеница", "ingredient_name_en", "en", "bulgur wheat"),
        (
            "pearl-barley",
            "coeliac disease",
            "step",
            "en",
            "Stir in the pearl barley and simmer for 25 minutes.",
        ),
        ("beer-batter", "глютен", "step", "en", "Dip the courgette in beer batter and fry."),
        ("malt-vinegar", "gluten", "tip", "en", "A splash of malt vinegar brightens the chips."),
        ("spelt", "gluten", "tip", "en", "Spelt flour gives a deeper, earthier loaf."),
        ("spaghetti", "глютен", "title", "ru", "Спагетти с чесноком и перцем"),
        ("pearl-barley", "gluten", "description", "ru", "Сытный суп с перловкой и грибами."),
        ("udon", "глютен", "cuisine", "ru", "Японская, лапша удон"),
        ("wheat-flour", "пшеница", "ingredient_name", "ru", "пшеничная мука"),
        ("flour-genitive", "глютен", "ingredient_unit", "ru", "ст. л. муки"),
        ("breadcrumbs", "gluten", "ingredient_note", "ru", "или панировочные сухари"),
        ("couscous", "глютен", "ingredient_name_en", "ru", "couscous"),
        (
            "semolina",
            "аллергия на глютен",
            "step",
            "ru",
            "Всыпьте манку и варите 5 минут, помешивая.",
        ),
        ("bulgur", "глютен", "step", "ru", "Промойте булгур и залейте кипятком."),
        ("rye-bread", "gluten", "tip", "ru", "Подавайте с ржаным хлебом."),
    ],
)

_CRUSTACEANS = _allergy(
    "crustaceans",
    [
        ("prawns", "crustaceans", "title", "en", "Garlic butter prawns"),
        (
            "lobster-roll",
            "ракообразные",
            "description",
            "en",
            "A classic lobster roll for a summer lunch.",
        ),
        ("crawfish", "shellfish", "cuisine", "en", "Cajun crawfish boil"),
        ("king-prawns", "crustaceans", "ingredient_name", "en", "king prawns, peeled"),
        ("shrimp", "shrimp allergy", "ingredient_unit", "en", "cup cooked shrimp"),
        ("crayfish", "crustaceans", "ingredient_note", "en", "or crayfish tails"),
        ("tiger-prawns", "креветки", "ingredient_name_en", "en", "tiger prawns"),
        ("crab-meat", "crustaceans", "step", "en", "Add the crab meat and warm through."),
        ("scampi", "shellfish", "step", "en", "Fry the scampi in hot oil until crisp."),
        ("langoustines", "ракообразные", "tip", "en", "Langoustines work just as well."),
        ("shrimp-rice", "ракообразные", "title", "ru", "Рис с креветками и чесноком"),
        (
            "crab",
            "crustaceans",
            "description",
            "ru",
            "Нежный салат с мясом краба и авокадо.",
        ),
        ("crayfish", "ракообразные", "cuisine", "ru", "Скандинавская, раки с укропом"),
        ("king-prawns", "креветки", "ingredient_name", "ru", "королевские креветки"),
        ("shrimp-genitive", "ракообразные", "ingredient_unit", "ru", "г очищенных креветок"),
        ("langoustines", "shellfish", "ingredient_note", "ru", "можно заменить лангустинами"),
        ("lobster", "аллергия на ракообразных", "ingredient_name_en", "ru", "lobster tail"),
        ("shrimp", "crustaceans", "step", "ru", "Обжарьте креветки 2 минуты с каждой стороны."),
        ("crayfish-instrumental", "ракообразные", "tip", "ru", "Украсьте блюдо варёными раками."),
        ("lobster", "ракообразные", "tip", "ru", "К этому соусу хорошо подходит омар."),
    ],
)

_EGGS = _allergy(
    "eggs",
    [
        ("omelette", "eggs", "title", "en", "Spinach and feta omelette"),
        ("meringue", "яйца", "description", "en", "Crisp meringue nests with summer berries."),
        ("aioli", "eggs", "cuisine", "en", "Provençal, with aioli"),
        ("free-range", "egg allergy", "ingredient_name", "en", "free-range eggs"),
        ("yolks", "eggs", "ingredient_unit", "en", "large egg yolks"),
        ("mayonnaise", "eggs", "ingredient_note", "en", "or a spoon of mayonnaise"),
        ("quail-eggs", "аллергия на яйца", "ingredient_name_en", "en", "quail eggs"),
        ("egg-whites", "egg", "step", "en", "Whisk the egg whites to stiff peaks."),
        ("hollandaise", "eggs", "step", "en", "Spoon the hollandaise over the asparagus."),
        ("fried-egg", "яйцо", "tip", "en", "Top each bowl with a fried egg."),
        ("omelette", "яйца", "title", "ru", "Омлет с зеленью"),
        ("meringue", "eggs", "description", "ru", "Нежное безе с ягодами и мятой."),
        ("omelettes", "яйца", "cuisine", "ru", "Французская, омлеты"),
        ("chicken-eggs", "яйцо", "ingredient_name", "ru", "куриные яйца"),
        ("eggs-genitive-plural", "яйца", "ingredient_unit", "ru", "шт. яиц"),
        ("mayonnaise", "egg", "ingredient_note", "ru", "или 2 ст. л. майонеза"),
        ("egg-yolk", "яйца", "ingredient_name_en", "ru", "egg yolk"),
        ("yolk-adjective", "аллергия на яйца", "step", "ru", "Смажьте пирог яичным желтком."),
        ("beat-eggs", "яйца", "step", "ru", "Взбейте яйца с щепоткой соли."),
        ("quail-eggs", "eggs", "tip", "ru", "Вкусно с перепелиными яйцами."),
    ],
)

_FISH = _allergy(
    "fish",
    [
        ("salmon", "fish", "title", "en", "Baked salmon with dill"),
        (
            "anchovies",
            "рыба",
            "description",
            "en",
            "A Caesar dressing sharpened with anchovies.",
        ),
        ("fish-sauce", "fish", "cuisine", "en", "Thai, with fish sauce"),
        ("mackerel", "fish", "ingredient_name", "en", "smoked mackerel fillets"),
        ("sardines", "fish", "ingredient_name", "en", "sardines in tomato sauce"),
        ("tuna", "fish allergy", "ingredient_unit", "en", "tin tuna in olive oil"),
        ("worcestershire", "fish", "ingredient_note", "en", "a dash of Worcestershire sauce"),
        ("cod", "аллергия на рыбу", "ingredient_name_en", "en", "cod loin"),
        ("surimi", "fish", "step", "en", "Shred the surimi into the rice."),
        ("anchovy", "fish", "step", "en", "Lay an anchovy fillet on each tomato slice."),
        ("swordfish", "рыба", "tip", "en", "Swordfish steaks grill beautifully."),
        ("cod", "рыба", "title", "ru", "Треска, запечённая с лимоном"),
        ("tuna-instrumental", "fish", "description", "ru", "Салат с тунцом и фасолью."),
        ("fish-sauce", "рыба", "cuisine", "ru", "Вьетнамская, с рыбным соусом"),
        ("salmon-genitive", "рыба", "ingredient_name", "ru", "филе лосося"),
        ("herring", "аллергия на рыбу", "ingredient_unit", "ru", "г филе сельди"),
        ("mackerel", "fish", "ingredient_note", "ru", "можно заменить скумбрией"),
        ("anchovies", "рыба", "ingredient_name_en", "ru", "anchovies"),
        ("trout", "рыба", "step", "ru", "Обжарьте форель на сливочном масле."),
        ("fish-stock", "рыба", "step", "ru", "Влейте рыбный бульон и доведите до кипения."),
        ("salmon-roe", "fish", "tip", "ru", "Подайте с красной икрой."),
    ],
)

_PEANUTS = _allergy(
    "peanuts",
    [
        ("satay", "peanuts", "title", "en", "Chicken satay skewers"),
        ("peanut-sauce", "арахис", "description", "en", "Crunchy noodles in a peanut sauce."),
        ("satay", "peanuts", "cuisine", "en", "Indonesian satay"),
        ("peanut-satay", "peanut", "cuisine", "en", "Peanut satay"),
        ("salted-peanuts", "peanut allergy", "ingredient_name", "en", "roasted salted peanuts"),
        ("peanut-butter", "peanuts", "ingredient_unit", "en", "tbsp peanut butter"),
        ("arachis-oil", "peanuts", "ingredient_note", "en", "or a splash of arachis oil"),
        ("groundnuts", "аллергия на арахис", "ingredient_name_en", "en", "groundnuts"),
        ("crushed", "peanut", "step", "en", "Sprinkle with crushed peanuts and lime."),
        (
            "peanut-butter",
            "peanuts",
            "step",
            "en",
            "Stir a spoon of peanut butter into the sauce.",
        ),
        ("monkey-nuts", "арахис", "tip", "en", "Monkey nuts make a good snack on the side."),
        ("peanut-sauce", "арахис", "title", "ru", "Лапша с арахисовым соусом"),
        ("fried-peanuts", "peanuts", "description", "ru", "Хрустящий салат с жареным арахисом."),
        ("satay", "арахис", "cuisine", "ru", "Индонезийская, сатай"),
        ("peanut-paste", "арахис", "ingredient_name", "ru", "арахисовая паста"),
        ("genitive", "аллергия на арахис", "ingredient_unit", "ru", "ст. л. арахиса"),
        ("peanut-oil", "peanut allergy", "ingredient_note", "ru", "или арахисовое масло"),
        ("peanut-butter", "арахис", "ingredient_name_en", "ru", "peanut butter"),
        ("instrumental", "арахис", "step", "ru", "Посыпьте жареным арахисом."),
        ("kernels", "арахис", "step", "ru", "Обжарьте ядра арахиса на сухой сковороде."),
        ("ground-nut", "peanuts", "tip", "ru", "Можно украсить земляными орехами."),
    ],
)

_SOYBEANS = _allergy(
    "soybeans",
    [
        ("tofu", "soy", "title", "en", "Crispy tofu with greens"),
        ("miso", "соя", "description", "en", "Miso-glazed aubergine with rice."),
        ("miso-soup", "soybeans", "cuisine", "en", "Japanese, miso soup"),
        ("edamame", "soya", "ingredient_name", "en", "edamame beans"),
        ("soy-milk", "soy", "ingredient_name", "en", "soy milk"),
        ("soy-sauce", "soy allergy", "ingredient_unit", "en", "tbsp light soy sauce"),
        ("tempeh", "soybeans", "ingredient_note", "en", "or use tempeh"),
        ("soybeans", "соя", "ingredient_name_en", "en", "soybeans"),
        ("soya-sauce", "soy", "step", "en", "Drizzle with soya sauce and serve."),
        ("tamari", "soybeans", "step", "en", "Add a splash of tamari and toss."),
        ("natto", "аллергия на сою", "tip", "en", "Natto adds a deep savoury note."),
        ("tofu", "соя", "title", "ru", "Тофу с овощами в соусе"),
        ("miso-soup", "soy", "description", "ru", "Суп мисо с водорослями."),
        ("edamame", "соя", "cuisine", "ru", "Японская, с эдамаме"),
        ("soy-sauce", "соя", "ingredient_name", "ru", "соевый соус"),
        ("miso-paste", "аллергия на сою", "ingredient_unit", "ru", "ст. л. пасты мисо"),
        ("soy-milk", "soybeans", "ingredient_note", "ru", "или соевое молоко"),
        ("silken-tofu", "соя", "ingredient_name_en", "ru", "silken tofu"),
        ("soy-sauce-instrumental", "соя", "step", "ru", "Полейте соевым соусом и перемешайте."),
        ("soybeans", "соя", "step", "ru", "Замочите соевые бобы на ночь."),
        ("tempeh", "soya", "tip", "ru", "Вкусно с обжаренным темпе."),
    ],
)

_MILK = _allergy(
    "milk",
    [
        ("parmesan", "milk", "title", "en", "Creamy parmesan risotto"),
        ("ghee", "молоко", "description", "en", "Flatbreads brushed with golden ghee."),
        ("paneer", "allergic to milk", "cuisine", "en", "Indian, paneer curry"),
        ("butter", "milk", "ingredient_name", "en", "unsalted butter"),
        ("yogurt", "milk", "ingredient_name", "en", "plain yogurt"),
        ("yoghurt", "dairy", "ingredient_unit", "en", "cup Greek yoghurt"),
        ("ghee", "milk", "ingredient_note", "en", "or use ghee"),
        ("whole-milk", "аллергия на молоко", "ingredient_name_en", "en", "whole milk"),
        ("mascarpone", "milk allergy", "step", "en", "Stir in the mascarpone until smooth."),
        ("mozzarella", "milk", "step", "en", "Tear the mozzarella over the top and bake."),
        ("sour-cream", "молоко", "tip", "en", "A dollop of sour cream finishes it nicely."),
        ("butter", "milk", "tip", "en", "Finish with a knob of butter."),
        ("syrniki", "молоко", "title", "ru", "Сырники со сметаной"),
        (
            "mash",
            "milk",
            "description",
            "ru",
            "Картофельное пюре на молоке со сливочным маслом.",
        ),
        ("parmesan", "молоко", "cuisine", "ru", "Итальянская, с пармезаном"),
        ("butter", "молоко", "ingredient_name", "ru", "сливочное масло"),
        ("kefir", "молоко", "ingredient_name", "ru", "кефир"),
        ("sour-cream", "аллергия на молоко", "ingredient_unit", "ru", "ст. л. сметаны"),
        ("ghee", "allergic to milk", "ingredient_note", "ru", "или топлёное масло"),
        ("heavy-cream", "молоко", "ingredient_name_en", "ru", "heavy cream"),
        ("cheese-instrumental", "молоко", "step", "ru", "Посыпьте сыром и запекайте 10 минут."),
        ("cream", "молочные продукты", "step", "ru", "Влейте сливки и прогрейте."),
        ("cottage-cheese", "milk", "tip", "ru", "Подавайте с ложкой творога."),
    ],
)

_TREE_NUTS = _allergy(
    "tree_nuts",
    [
        ("walnut", "tree nuts", "title", "en", "Walnut and blue cheese salad"),
        ("frangipane", "almonds", "title", "en", "Almond frangipane tart"),
        ("praline", "орехи", "description", "en", "A rich cake layered with praline cream."),
        ("nougat", "nuts", "description", "en", "Chewy nougat studded with cherries."),
        ("pesto", "nuts (severe)", "cuisine", "en", "Italian, pesto Genovese"),
        ("almonds", "tree nuts", "ingredient_name", "en", "toasted almonds"),
        ("hazelnuts", "hazelnuts", "ingredient_name", "en", "blanched hazelnuts"),
        ("almond-milk", "tree nuts", "ingredient_name", "en", "almond milk"),
        ("cashews", "nuts", "ingredient_unit", "en", "cup raw cashews"),
        ("gianduja", "tree nuts", "ingredient_unit", "en", "g gianduja chocolate"),
        ("pecans", "tree nuts", "ingredient_note", "en", "or chopped pecans"),
        ("brazil-nuts", "аллергия на орехи", "ingredient_name_en", "en", "Brazil nuts"),
        ("pistachios", "nuts (severe)", "step", "en", "Scatter over the crushed pistachios."),
        ("marzipan", "tree nuts", "step", "en", "Roll the marzipan thinly and cover the cake."),
        ("macadamia", "орехи", "tip", "en", "Macadamia nuts make it extra buttery."),
        ("nutella", "nuts", "tip", "en", "Spread with Nutella while warm."),
        ("walnuts", "орехи", "title", "ru", "Торт с грецкими орехами"),
        ("almond-flour", "tree nuts", "description", "ru", "Нежное печенье на миндальной муке."),
        ("marzipan", "аллергия на орехи", "description", "ru", "Конфеты из марципана и шоколада."),
        ("pesto", "орехи", "cuisine", "ru", "Итальянская, песто"),
        ("hazelnut", "орехи", "ingredient_name", "ru", "фундук жареный"),
        ("hazelnut-synonym", "фундук", "ingredient_name", "ru", "лесные орехи"),
        ("pistachios", "аллергия на орехи", "ingredient_unit", "ru", "г очищенных фисташек"),
        ("praline", "орехи", "ingredient_unit", "ru", "ст. л. пралине"),
        ("cashew", "nuts (severe)", "ingredient_note", "ru", "или орехи кешью"),
        ("pecan", "орехи", "ingredient_name_en", "ru", "pecan halves"),
        ("almond-instrumental", "орехи", "step", "ru", "Посыпьте толчёным миндалём."),
        ("almond-flakes", "миндаль", "step", "ru", "Добавьте миндальные лепестки."),
        ("pecan", "орехи", "step", "ru", "Вмешайте в тесто рубленые орехи пекан."),
        ("macadamia", "nuts", "tip", "ru", "Украсьте орехами макадамия."),
        ("nutella", "орехи", "tip", "ru", "Подавайте с ложкой нутеллы."),
        ("brazil-nuts", "орехи", "tip", "ru", "Подайте с горстью бразильских орехов."),
    ],
)

_CELERY = _allergy(
    "celery",
    [
        ("soup", "celery", "title", "en", "Celery and apple soup"),
        ("celeriac", "сельдерей", "description", "en", "A creamy celeriac mash for winter."),
        ("remoulade", "celery", "cuisine", "en", "French, celeriac rémoulade"),
        ("sticks", "celery", "ingredient_name", "en", "celery sticks"),
        ("celery-salt", "celery allergy", "ingredient_unit", "en", "tsp celery salt"),
        ("celery-seeds", "celery", "ingredient_note", "en", "or a pinch of celery seeds"),
        ("celery-root", "сельдерей", "ingredient_name_en", "en", "celery root"),
        (
            "mirepoix",
            "celery",
            "step",
            "en",
            "Soften the mirepoix in olive oil for 10 minutes.",
        ),
        ("dice", "celery", "step", "en", "Dice the celery and onion finely."),
        ("stalk", "аллергия на сельдерей", "tip", "en", "Add a stalk of celery to the stock."),
        ("salad-genitive", "сельдерей", "title", "ru", "Салат из сельдерея и яблок"),
        ("root", "celery", "description", "ru", "Крем-суп из корня сельдерея."),
        ("instrumental", "сельдерей", "cuisine", "ru", "Французская, с сельдереем"),
        ("stalks", "сельдерей", "ingredient_name", "ru", "стебли сельдерея"),
        (
            "celery-salt",
            "аллергия на сельдерей",
            "ingredient_unit",
            "ru",
            "ч. л. сельдерейной соли",
        ),
        ("root", "celery", "ingredient_note", "ru", "или корень сельдерея"),
        ("celeriac", "сельдерей", "ingredient_name_en", "ru", "celeriac"),
        ("slice", "сельдерей", "step", "ru", "Нарежьте сельдерей тонкими ломтиками."),
        ("stew", "сельдерей", "step", "ru", "Тушите лук с сельдереем 5 минут."),
        ("leaves", "celery allergy", "tip", "ru", "Украсьте листьями сельдерея."),
    ],
)

_MUSTARD = _allergy(
    "mustard",
    [
        ("honey-mustard", "mustard", "title", "en", "Honey mustard chicken"),
        ("wholegrain", "горчица", "description", "en", "A sharp dressing with wholegrain mustard."),
        ("dijon", "mustard", "cuisine", "en", "French, Dijon mustard sauce"),
        ("dijon", "mustard", "ingredient_name", "en", "Dijon mustard"),
        ("powder", "mustard allergy", "ingredient_unit", "en", "tsp English mustard powder"),
        ("seeds", "mustard", "ingredient_note", "en", "or yellow mustard seeds"),
        ("seeds", "аллергия на горчицу", "ingredient_name_en", "en", "mustard seeds"),
        ("brush", "mustard", "step", "en", "Brush the chicken with mustard and roast."),
        ("temper", "mustard", "step", "en", "Temper the brown mustard seeds in hot oil."),
        ("dollop", "горчица", "tip", "en", "Serve with a dollop of mustard."),
        ("sauce-adjective", "горчица", "title", "ru", "Курица в горчичном соусе"),
        ("instrumental", "mustard", "description", "ru", "Курица, запечённая с горчицей и мёдом."),
        ("russian", "горчица", "cuisine", "ru", "Русская, с горчицей"),
        ("dijon", "горчица", "ingredient_name", "ru", "дижонская горчица"),
        (
            "powder",
            "аллергия на горчицу",
            "ingredient_unit",
            "ru",
            "ч. л. горчичного порошка",
        ),
        ("mustard-oil", "mustard", "ingredient_note", "ru", "или горчичное масло"),
        ("wholegrain", "горчица", "ingredient_name_en", "ru", "wholegrain mustard"),
        ("brush", "горчица", "step", "ru", "Смажьте мясо горчицей."),
        ("seeds", "горчица", "step", "ru", "Добавьте зёрна горчицы в горячее масло."),
        ("wholegrain", "mustard allergy", "tip", "ru", "Подавайте с зернистой горчицей."),
    ],
)

_SESAME = _allergy(
    "sesame",
    [
        ("crusted", "sesame", "title", "en", "Sesame-crusted salmon"),
        ("hummus", "кунжут", "description", "en", "Warm flatbreads with hummus and olives."),
        ("tahini", "sesame seeds", "cuisine", "en", "Levantine, with tahini"),
        ("sesame-oil", "sesame", "ingredient_name", "en", "toasted sesame oil"),
        ("tahini", "sesame allergy", "ingredient_unit", "en", "tbsp tahini"),
        ("hummus", "sesame", "ingredient_note", "en", "or a spoon of hummus"),
        ("seeds", "аллергия на кунжут", "ingredient_name_en", "en", "sesame seeds"),
        ("toasted-seeds", "sesame seeds", "step", "en", "Sprinkle with toasted sesame seeds."),
        ("halva", "кунжут", "tip", "en", "Serve the halva with strong coffee."),
        ("gomasio", "sesame", "tip", "en", "A pinch of gomasio lifts plain rice."),
        ("prepositional", "кунжут", "title", "ru", "Курица в кунжуте"),
        ("hummus", "sesame", "description", "ru", "Хумус с тёплыми лепёшками."),
        ("tahini", "кунжут", "cuisine", "ru", "Ближневосточная, с тахини"),
        ("sesame-oil", "кунжут", "ingredient_name", "ru", "кунжутное масло"),
        ("seeds-genitive", "аллергия на кунжут", "ingredient_unit", "ru", "ст. л. семян кунжута"),
        ("tahini", "sesame", "ingredient_note", "ru", "или паста тахини"),
        ("tahini", "кунжут", "ingredient_name_en", "ru", "tahini"),
        ("instrumental", "кунжут", "step", "ru", "Посыпьте обжаренным кунжутом."),
        ("oil-instrumental", "кунжут", "step", "ru", "Полейте кунжутным маслом."),
        ("tahini-halva", "sesame seeds", "tip", "ru", "Подавайте с тахинной халвой."),
    ],
)

_SULPHITES = _allergy(
    "sulphites",
    [
        ("red-wine", "sulphites", "title", "en", "Beef braised in red wine"),
        (
            "dried-apricots",
            "сульфиты",
            "description",
            "en",
            "A fruity tagine with dried apricots.",
        ),
        ("marsala", "sulphites", "cuisine", "en", "Italian, chicken Marsala"),
        ("white-wine", "sulfites", "ingredient_name", "en", "dry white wine"),
        ("sherry", "sulphites", "ingredient_unit", "en", "glass of dry sherry"),
        (
            "sulphur-dioxide",
            "sulphite sensitivity",
            "ingredient_note",
            "en",
            "contains sulphur dioxide",
        ),
        (
            "metabisulphite",
            "sulphites",
            "ingredient_note",
            "en",
            "preserved with sodium metabisulphite",
        ),
        ("dried-apricots", "сульфиты", "ingredient_name_en", "en", "dried apricots"),
        ("deglaze", "sulfites", "step", "en", "Deglaze the pan with a splash of wine."),
        ("prosecco", "sulphites", "step", "en", "Top up each glass with chilled prosecco."),
        ("port", "аллергия на сульфиты", "tip", "en", "A splash of ruby port deepens the sauce."),
        ("wine-prepositional", "сульфиты", "title", "ru", "Говядина, тушённая в красном вине"),
        ("kuraga", "sulphites", "description", "ru", "Плов с курагой и изюмом."),
        ("wine-instrumental", "сульфиты", "cuisine", "ru", "Грузинская, с вином"),
        ("white-wine", "сульфиты", "ingredient_name", "ru", "сухое белое вино"),
        ("wine-genitive", "аллергия на сульфиты", "ingredient_unit", "ru", "стакана красного вина"),
        ("kuraga", "sulfites", "ingredient_note", "ru", "можно заменить курагой"),
        ("e220", "сульфиты", "ingredient_note", "ru", "содержит диоксид серы (E220)"),
        ("red-wine", "сульфиты", "ingredient_name_en", "ru", "red wine"),
        ("wine", "сульфиты", "step", "ru", "Влейте вино и выпарите наполовину."),
        ("sherry", "sulphites", "tip", "ru", "Добавьте ложку хереса."),
    ],
)

_LUPIN = _allergy(
    "lupin",
    [
        ("flatbreads", "lupin", "title", "en", "Lupin flour flatbreads"),
        ("lupini", "люпин", "description", "en", "Crunchy roasted lupini beans with chilli."),
        ("lupini", "lupin", "cuisine", "en", "Italian, lupini beans"),
        ("flour", "lupine", "ingredient_name", "en", "lupin flour"),
        ("protein", "lupin", "ingredient_unit", "en", "tbsp lupin protein"),
        ("lupine-flour", "lupin allergy", "ingredient_note", "en", "or use lupine flour"),
        ("lupini", "люпин", "ingredient_name_en", "en", "lupini beans"),
        ("soak", "lupin", "step", "en", "Soak the lupin beans overnight."),
        ("batter", "аллергия на люпин", "tip", "en", "Lupin flour makes the batter crisper."),
        ("flatbreads", "люпин", "title", "ru", "Лепёшки из люпиновой муки"),
        ("beans-genitive", "lupin", "description", "ru", "Закуска из солёных бобов люпина."),
        ("instrumental", "люпин", "cuisine", "ru", "Средиземноморская, с люпином"),
        ("flour", "люпин", "ingredient_name", "ru", "люпиновая мука"),
        ("flour-genitive", "аллергия на люпин", "ingredient_unit", "ru", "ст. л. люпиновой муки"),
        ("beans", "lupine", "ingredient_note", "ru", "или бобы люпина"),
        ("flour", "люпин", "ingredient_name_en", "ru", "lupin flour"),
        ("soak", "люпин", "step", "ru", "Замочите люпин на ночь."),
        ("flour-instrumental", "lupin", "tip", "ru", "С люпиновой мукой тесто будет плотнее."),
    ],
)

_MOLLUSCS = _allergy(
    "molluscs",
    [
        ("mussels", "molluscs", "title", "en", "Mussels in white wine"),
        ("calamari", "моллюски", "description", "en", "Crispy fried calamari with lemon."),
        ("escargots", "mollusks", "cuisine", "en", "French, escargots in garlic butter"),
        ("oysters", "molluscs", "ingredient_name", "en", "fresh oysters"),
        ("cuttlefish", "molluscs", "ingredient_name", "en", "cuttlefish, cleaned"),
        ("oyster-sauce", "mollusc allergy", "ingredient_unit", "en", "tbsp oyster sauce"),
        ("squid", "molluscs", "ingredient_note", "en", "or baby squid"),
        ("scallops", "моллюски", "ingredient_name_en", "en", "king scallops"),
        ("clams", "mollusks", "step", "en", "Add the clams and cover until they open."),
        ("cockles", "shellfish", "step", "en", "Steam the cockles for three minutes."),
        ("octopus", "аллергия на моллюсков", "tip", "en", "Octopus takes well to the grill."),
        ("mussels", "моллюски", "title", "ru", "Мидии в сливочном соусе"),
        ("squid-instrumental", "molluscs", "description", "ru", "Салат с кальмарами и огурцом."),
        ("oysters", "моллюски", "cuisine", "ru", "Французская, с устрицами"),
        ("scallops", "моллюски", "ingredient_name", "ru", "морские гребешки"),
        (
            "oyster-sauce",
            "аллергия на моллюсков",
            "ingredient_unit",
            "ru",
            "ст. л. устричного соуса",
        ),
        ("squid-rings", "mollusks", "ingredient_note", "ru", "или кольца кальмара"),
        ("octopus", "моллюски", "ingredient_name_en", "ru", "octopus tentacles"),
        ("octopus-accusative", "моллюски", "step", "ru", "Обжарьте осьминога на гриле."),
        ("snails", "моллюски", "step", "ru", "Запеките улиток с чесночным маслом."),
        ("mussels-instrumental", "molluscs", "tip", "ru", "Украсьте блюдо мидиями."),
    ],
)

_LACTOSE = _allergy(
    "lactose",
    [
        ("whole-milk", "lactose", "title", "en", "Rice pudding with whole milk"),
        (
            "ice-cream",
            "непереносимость лактозы",
            "description",
            "en",
            "Served with a scoop of vanilla ice cream.",
        ),
        ("ricotta", "lactose", "cuisine", "en", "Sicilian, ricotta cannoli"),
        ("double-cream", "lactose intolerance", "ingredient_name", "en", "double cream"),
        ("condensed-milk", "lactose", "ingredient_unit", "en", "tin condensed milk"),
        ("milk-powder", "lactose", "ingredient_note", "en", "or skimmed milk powder"),
        ("whey", "лактоза", "ingredient_name_en", "en", "whey powder"),
        ("warm-milk", "lactose intolerance", "step", "en", "Warm the milk until it steams."),
        (
            "single-cream",
            "непереносимость лактозы",
            "tip",
            "en",
            "A splash of single cream makes it richer.",
        ),
        ("milk-porridge", "лактоза", "title", "ru", "Молочная рисовая каша"),
        ("condensed-milk", "lactose", "description", "ru", "Блинчики со сгущёнкой."),
        ("ricotta", "непереносимость лактозы", "cuisine", "ru", "Итальянская, с рикоттой"),
        ("milk", "лактоза", "ingredient_name", "ru", "молоко 3,2%"),
        ("milk-genitive", "непереносимость лактозы", "ingredient_unit", "ru", "стакана молока"),
        ("cream", "lactose intolerance", "ingredient_note", "ru", "или сливки 20%"),
        ("condensed-milk", "лактоза", "ingredient_name_en", "ru", "condensed milk"),
        ("cream", "лактоза", "step", "ru", "Влейте сливки и доведите до кипения."),
        ("ice-cream", "lactose", "tip", "ru", "Подавайте с шариком мороженого."),
    ],
)

# Allergies typed with odd case and spacing, or among others: the one that matches still counts.
_TYPED_OTHERWISE: list[UnsafeCase] = [
    UnsafeCase(
        "peanuts-en-step-second-of-two-allergies",
        "peanuts",
        ["milk", "peanuts"],
        "none",
        "step",
        "en",
        "Scatter the crushed peanuts over the noodles.",
    ),
    UnsafeCase(
        "sesame-en-title-shouted-allergy",
        "sesame",
        ["  SESAME  "],
        "none",
        "title",
        "en",
        "Cold sesame noodles",
    ),
    UnsafeCase(
        "fish-ru-tip-capitalised-allergy-xlang",
        "fish",
        ["Fish"],
        "none",
        "tip",
        "ru",
        "Подайте с копчёной скумбрией.",
    ),
    UnsafeCase(
        "milk-ru-ingredient_note-allergy-and-diet",
        "milk",
        ["молоко"],
        "vegetarian",
        "ingredient_note",
        "ru",
        "или ложка сметаны",
    ),
    UnsafeCase(
        "eggs-en-cuisine-two-allergies-xlang",
        "eggs",
        ["арахис", "яйца"],
        "none",
        "cuisine",
        "en",
        "Spanish, tortilla with eggs",
    ),
]

# --- diets ---------------------------------------------------------------------------------------

_VEGETARIAN = _diet(
    "vegetarian",
    [
        ("chicken-pie", "title", "en", "Chicken and leek pie"),
        ("beef-stew", "description", "en", "A warming beef stew with root vegetables."),
        ("anchovies", "cuisine", "en", "Italian, with anchovies"),
        ("bacon", "ingredient_name", "en", "smoked bacon lardons"),
        ("chicken-stock", "ingredient_unit", "en", "cups chicken stock"),
        ("lard", "ingredient_note", "en", "or use lard"),
        ("pork", "ingredient_name_en", "en", "pork shoulder"),
        ("gelatine", "step", "en", "Bloom the gelatine in cold water."),
        ("prawns", "step", "en", "Stir in the prawns at the end."),
        ("fish-sauce", "tip", "en", "A dash of fish sauce adds depth."),
        ("worcestershire", "tip", "en", "A splash of Worcestershire sauce adds depth."),
        ("chicken-instrumental", "title", "ru", "Плов с курицей"),
        ("chicken-stock", "description", "ru", "Суп на курином бульоне с лапшой."),
        ("ham", "cuisine", "ru", "Итальянская, с ветчиной"),
        ("beef-mince", "ingredient_name", "ru", "говяжий фарш"),
        ("chicken-stock", "ingredient_name", "ru", "куриный бульон"),
        ("salo", "ingredient_unit", "ru", "г сала"),
        ("anchovies", "ingredient_note", "ru", "можно заменить анчоусами"),
        ("chicken", "ingredient_name_en", "ru", "chicken thighs"),
        ("gelatin", "step", "ru", "Растворите желатин в холодной воде."),
        ("pork-instrumental", "tip", "ru", "Подавайте с жареной свининой."),
    ],
)

_VEGAN = _diet(
    "vegan",
    [
        ("honey", "title", "en", "Honey-glazed carrots"),
        ("butter", "description", "en", "Fluffy pancakes with butter and maple syrup."),
        ("feta-yoghurt", "cuisine", "en", "Greek, with feta and yoghurt"),
        ("eggs", "ingredient_name", "en", "free-range eggs"),
        ("gelatin", "ingredient_name", "en", "powdered gelatin"),
        ("honey", "ingredient_unit", "en", "tbsp runny honey"),
        ("butter", "ingredient_note", "en", "or a knob of butter"),
        ("milk", "ingredient_name_en", "en", "whole milk"),
        ("cream", "step", "en", "Fold in the whipped cream."),
        ("beaten-egg", "step", "en", "Brush with beaten egg."),
        ("parmesan", "tip", "en", "Finish with grated parmesan."),
        ("honey-adjective", "title", "ru", "Морковь в медовой глазури"),
        ("milk-sour-cream", "description", "ru", "Блины на молоке со сметаной."),
        ("feta", "cuisine", "ru", "Греческая, с фетой"),
        ("honey-yo", "ingredient_name", "ru", "мёд"),
        ("gelatin", "ingredient_name", "ru", "желатин"),
        ("honey-no-yo", "ingredient_unit", "ru", "ст. л. меда"),
        ("butter", "ingredient_note", "ru", "или сливочное масло"),
        ("honey", "ingredient_name_en", "ru", "honey"),
        ("honey-instrumental", "step", "ru", "Полейте мёдом и подавайте."),
        ("honey-no-yo", "step", "ru", "Добавьте мед по вкусу."),
        ("poached-egg", "tip", "ru", "Подавайте с яйцом пашот."),
    ],
)

_PESCATARIAN = _diet(
    "pescatarian",
    [
        ("roast-chicken", "title", "en", "Roast chicken with lemon"),
        ("lamb", "description", "en", "Slow-cooked lamb with rosemary."),
        ("brisket", "cuisine", "en", "Texan beef brisket"),
        ("lamb", "ingredient_name", "en", "lamb shoulder"),
        ("bacon", "ingredient_unit", "en", "slices of smoked bacon"),
        ("turkey", "ingredient_note", "en", "or turkey mince"),
        ("chicken", "ingredient_name_en", "en", "chicken breast"),
        ("beef-mince", "step", "en", "Brown the beef mince in batches."),
        ("duck-fat", "tip", "en", "Roast the carrots in duck fat."),
        ("beef-patties", "title", "ru", "Котлеты из говядины"),
        ("chicken-stock", "description", "ru", "Суп на курином бульоне."),
        ("pork", "cuisine", "ru", "Грузинская, шашлык из свинины"),
        ("chicken", "ingredient_name", "ru", "куриное филе"),
        ("beef-mince", "ingredient_unit", "ru", "г говяжьего фарша"),
        ("turkey", "ingredient_note", "ru", "можно заменить индейкой"),
        ("pork-belly", "ingredient_name_en", "ru", "pork belly"),
        ("pork", "step", "ru", "Обжарьте свинину до корочки."),
        ("duck", "tip", "ru", "Подавайте с запечённой уткой."),
    ],
)

_KETO = _diet(
    "keto",
    [
        ("pasta", "title", "en", "Creamy mushroom pasta"),
        ("rice", "description", "en", "Served with buttered basmati rice."),
        ("pasta", "cuisine", "en", "Italian, pasta al forno"),
        ("potatoes", "ingredient_name", "en", "baby potatoes"),
        ("sugar", "ingredient_unit", "en", "tbsp caster sugar"),
        ("bread", "ingredient_note", "en", "or a slice of white bread"),
        ("spaghetti", "ingredient_name_en", "en", "spaghetti"),
        ("mash", "step", "en", "Mash the potatoes with butter."),
        ("bread", "tip", "en", "Serve with crusty bread."),
        ("macaroni", "title", "ru", "Макароны по-флотски"),
        ("rice-instrumental", "description", "ru", "Курица с рисом и овощами."),
        ("plov", "cuisine", "ru", "Узбекская, плов с рисом"),
        ("sugar", "ingredient_name", "ru", "сахар"),
        ("potato-colloquial", "ingredient_name", "ru", "картошка молодая"),
        ("sugar-genitive", "ingredient_unit", "ru", "ст. л. сахара"),
        ("potato", "ingredient_note", "ru", "или картофель"),
        ("rice", "ingredient_name_en", "ru", "white rice"),
        ("potato", "step", "ru", "Отварите картофель до мягкости."),
        ("sugar-instrumental", "step", "ru", "Посыпьте сахаром."),
        ("bread", "tip", "ru", "Подавайте с чёрным хлебом."),
    ],
)

_HALAL = _diet(
    "halal",
    [
        ("pork-belly", "title", "en", "Pork belly with crackling"),
        ("white-wine", "description", "en", "Mussels steamed in white wine."),
        ("chorizo", "cuisine", "en", "Spanish, chorizo and beans"),
        ("bacon", "ingredient_name", "en", "smoked streaky bacon"),
        ("ham", "ingredient_unit", "en", "slices Parma ham"),
        ("rum", "ingredient_note", "en", "or a splash of dark rum"),
        ("beer", "ingredient_name_en", "en", "lager beer"),
        ("lard", "step", "en", "Fry the onions in lard."),
        ("beer", "step", "en", "Deglaze with a splash of beer."),
        ("brandy", "tip", "en", "A splash of brandy flambés beautifully."),
        ("pork", "title", "ru", "Свинина с яблоками"),
        ("beer-prepositional", "description", "ru", "Мясо, тушённое в пиве."),
        ("bacon", "cuisine", "ru", "Итальянская, с беконом"),
        ("ham", "ingredient_name", "ru", "ветчина"),
        ("salo", "ingredient_unit", "ru", "г свиного сала"),
        ("rum-genitive", "ingredient_note", "ru", "или ложка рома"),
        ("sausages", "ingredient_name_en", "ru", "pork sausages"),
        ("pork-instrumental", "step", "ru", "Обжарьте лук со свининой."),
        ("cognac", "step", "ru", "Влейте коньяк и подожгите."),
        ("wine-genitive", "tip", "ru", "Добавьте бокал красного вина."),
    ],
)

_KOSHER = _diet(
    "kosher",
    [
        ("prawns", "title", "en", "Garlic prawns"),
        ("pancetta", "description", "en", "Pasta with crispy pancetta."),
        ("lobster", "cuisine", "en", "American, lobster roll"),
        ("sausages", "ingredient_name", "en", "pork sausages"),
        ("bacon", "ingredient_unit", "en", "slices of bacon"),
        ("crab", "ingredient_note", "en", "or crab meat"),
        ("ham", "ingredient_name_en", "en", "ham hock"),
        ("mussels", "step", "en", "Add the mussels and steam."),
        ("lard", "tip", "en", "Fry in lard for extra crispness."),
        ("ribs", "title", "ru", "Свиные рёбрышки на гриле"),
        ("shrimp", "description", "ru", "Салат с креветками и авокадо."),
        ("bacon", "cuisine", "ru", "Французская, с беконом"),
        ("pork", "ingredient_name", "ru", "свинина"),
        ("shrimp-genitive", "ingredient_unit", "ru", "г креветок"),
        ("crab", "ingredient_note", "ru", "или мясо краба"),
        ("lobster", "ingredient_name_en", "ru", "lobster"),
        ("oysters", "step", "ru", "Добавьте устрицы и прогрейте."),
        ("bacon-instrumental", "tip", "ru", "Подавайте с беконом."),
    ],
)

_GLUTEN_FREE = _diet(
    "gluten_free",
    [
        ("wholemeal", "title", "en", "Wholemeal bread rolls"),
        ("panko", "description", "en", "Crispy panko chicken with slaw."),
        ("couscous", "cuisine", "en", "Moroccan, couscous"),
        ("plain-flour", "ingredient_name", "en", "plain flour"),
        ("malt-vinegar", "ingredient_unit", "en", "tbsp malt vinegar"),
        ("barley", "ingredient_note", "en", "or pearl barley"),
        ("spelt", "ingredient_name_en", "en", "spelt flour"),
        ("floured", "step", "en", "Knead the dough on a floured board."),
        ("breadcrumbs", "tip", "en", "Sprinkle with toasted breadcrumbs."),
        ("wheat-flour", "title", "ru", "Блины на пшеничной муке"),
        ("rye-croutons", "description", "ru", "Подаётся с ржаными гренками."),
        ("spaghetti", "cuisine", "ru", "Итальянская, спагетти"),
        ("semolina", "ingredient_name", "ru", "манная крупа"),
        ("bulgur-genitive", "ingredient_unit", "ru", "г булгура"),
        ("barley-grits", "ingredient_note", "ru", "или ячневая крупа"),
        ("wheat-flour", "ingredient_name_en", "ru", "wheat flour"),
        ("flour-prepositional", "step", "ru", "Обваляйте в муке и обжарьте."),
        ("wheat-bread", "tip", "ru", "Подавайте с пшеничным хлебом."),
    ],
)

_DAIRY_FREE = _diet(
    "dairy_free",
    [
        ("three-cheese", "title", "en", "Three-cheese macaroni"),
        ("butter", "description", "en", "Soft scrambled eggs finished with butter."),
        ("paneer", "cuisine", "en", "Indian, paneer tikka"),
        ("cheddar", "ingredient_name", "en", "grated cheddar"),
        ("creme-fraiche", "ingredient_unit", "en", "tbsp crème fraîche"),
        ("whey", "ingredient_note", "en", "or whey protein"),
        ("buttermilk", "ingredient_name_en", "en", "buttermilk"),
        ("ricotta", "step", "en", "Stir in the ricotta."),
        ("cream", "tip", "en", "Finish with a swirl of cream."),
        ("tvorog", "title", "ru", "Запеканка из творога"),
        ("sour-cream", "description", "ru", "Блины со сметаной."),
        ("paneer", "cuisine", "ru", "Индийская, с паниром"),
        ("butter", "ingredient_name", "ru", "сливочное масло"),
        ("cream-genitive", "ingredient_unit", "ru", "ст. л. сливок"),
        ("ryazhenka", "ingredient_note", "ru", "или ряженка"),
        ("cheese", "ingredient_name_en", "ru", "cheese"),
        ("grated-cheese", "step", "ru", "Посыпьте тёртым сыром."),
        ("yoghurt", "tip", "ru", "Подавайте с йогуртом."),
    ],
)

UNSAFE: list[UnsafeCase] = [
    *_GLUTEN,
    *_CRUSTACEANS,
    *_EGGS,
    *_FISH,
    *_PEANUTS,
    *_SOYBEANS,
    *_MILK,
    *_TREE_NUTS,
    *_CELERY,
    *_MUSTARD,
    *_SESAME,
    *_SULPHITES,
    *_LUPIN,
    *_MOLLUSCS,
    *_LACTOSE,
    *_TYPED_OTHERWISE,
    *_VEGETARIAN,
    *_VEGAN,
    *_PESCATARIAN,
    *_KETO,
    *_HALAL,
    *_KOSHER,
    *_GLUTEN_FREE,
    *_DAIRY_FREE,
]

# --- look-alikes ---------------------------------------------------------------------------------

_SAFE_ALLERGY: list[SafeCase] = [
    *_safe_allergy(
        "milk",
        [
            ("coconut-milk", "milk", "ingredient_name", "en", "coconut milk", "whole milk"),
            (
                "oat-milk",
                "allergic to milk",
                "ingredient_name",
                "en",
                "oat milk",
                "semi-skimmed milk",
            ),
            (
                "almond-milk",
                "milk",
                "ingredient_name",
                "en",
                "unsweetened almond milk",
                "cow's milk",
            ),
            ("soy-milk", "milk", "ingredient_unit", "en", "cup soy milk", "cup milk"),
            (
                "cream-of-tartar",
                "milk",
                "ingredient_note",
                "en",
                "a pinch of cream of tartar",
                "a splash of cream",
            ),
            ("cocoa-butter", "dairy", "ingredient_name", "en", "cocoa butter", "salted butter"),
            (
                "peanut-butter",
                "milk",
                "step",
                "en",
                "Stir the peanut butter into the sauce.",
                "Stir the butter into the sauce.",
            ),
            (
                "butternut",
                "milk",
                "title",
                "en",
                "Roasted butternut squash soup",
                "Butter-roasted squash soup",
            ),
            ("butter-beans", "milk", "ingredient_name", "en", "butter beans", "butter"),
            ("butterhead", "dairy", "ingredient_name", "en", "butterhead lettuce", "buttermilk"),
            (
                "coconut-milk",
                "молоко",
                "ingredient_name",
                "ru",
                "кокосовое молоко",
                "коровье молоко",
            ),
            ("oat-milk", "milk", "ingredient_name", "ru", "овсяное молоко", "молоко"),
            (
                "raw-egg",
                "молоко",
                "step",
                "ru",
                "Разбейте сырое яйцо в миску.",
                "Натрите сыр в миску.",
            ),
            ("raw", "молоко", "ingredient_note", "ru", "сырой, мелко нарезанный", "с тёртым сыром"),
            (
                "raw-plural",
                "молоко",
                "tip",
                "ru",
                "Огурцы лучше добавлять сырыми.",
                "Посыпьте сыром перед подачей.",
            ),
            ("olive-oil", "молоко", "ingredient_name", "ru", "оливковое масло", "сливочное масло"),
            (
                "russula",
                "молоко",
                "description",
                "ru",
                "Суп с грибами-сыроежками.",
                "Суп с плавленым сыром.",
            ),
            ("raw-beetroot", "milk", "ingredient_name", "ru", "сырая свёкла", "твёрдый сыр"),
        ],
    ),
    *_safe_allergy(
        "lactose",
        [
            ("lactose-free", "lactose", "ingredient_name", "en", "lactose-free milk", "whole milk"),
            (
                "lactose-free",
                "непереносимость лактозы",
                "ingredient_name",
                "ru",
                "безлактозное молоко",
                "цельное молоко",
            ),
        ],
    ),
    *_safe_allergy(
        "tree_nuts",
        [
            ("butternut", "nuts (severe)", "ingredient_name", "en", "butternut squash", "walnuts"),
            (
                "nutmeg",
                "tree nuts",
                "ingredient_unit",
                "en",
                "tsp ground nutmeg",
                "tbsp ground almonds",
            ),
            (
                "coconut",
                "tree nuts",
                "ingredient_name",
                "en",
                "desiccated coconut",
                "chopped hazelnuts",
            ),
            ("water-chestnut", "nuts", "ingredient_name", "en", "water chestnuts", "cashew nuts"),
            (
                "nut-free",
                "nuts",
                "description",
                "en",
                "A nut-free lunchbox bake.",
                "A hazelnut lunchbox bake.",
            ),
            ("doughnut", "nuts", "ingredient_name", "en", "glazed doughnuts", "glazed pecans"),
            (
                "nutritional-yeast",
                "nuts",
                "tip",
                "en",
                "A spoon of nutritional yeast adds a cheesy note.",
                "A spoon of almond butter adds a rich note.",
            ),
            ("nutmeg", "орехи", "ingredient_name", "ru", "мускатный орех", "грецкий орех"),
            ("chickpea", "орехи", "ingredient_name", "ru", "нут", "кешью"),
            (
                "greek",
                "орехи",
                "description",
                "ru",
                "Греческий салат с оливками.",
                "Салат с грецкими орехами и оливками.",
            ),
            (
                "coconut",
                "орехи",
                "ingredient_name",
                "ru",
                "кокосовая стружка",
                "миндальная стружка",
            ),
            ("nutmeg", "nuts", "step", "ru", "Натрите мускатный орех.", "Натрите фундук."),
            (
                "chickpea-flour",
                "аллергия на орехи",
                "ingredient_unit",
                "ru",
                "ст. л. нутовой муки",
                "ст. л. миндальной муки",
            ),
        ],
    ),
    *_safe_allergy(
        "peanuts",
        [
            (
                "peanut-free",
                "peanut allergy",
                "tip",
                "en",
                "Every part of this dish is peanut-free.",
                "Top with chopped peanuts.",
            ),
            (
                "ground-nutmeg",
                "peanuts",
                "ingredient_unit",
                "en",
                "tsp ground nutmeg",
                "tbsp groundnut oil",
            ),
            ("wild-strawberry", "арахис", "ingredient_name", "ru", "земляника", "земляной орех"),
        ],
    ),
    *_safe_allergy(
        "eggs",
        [
            ("eggplant", "eggs", "ingredient_name", "en", "eggplant", "eggs"),
            (
                "veggies",
                "eggs",
                "step",
                "en",
                "Roast the veggies until golden.",
                "Brush the veggies with beaten egg.",
            ),
            ("aubergine", "яйца", "ingredient_name", "ru", "баклажан", "яйца"),
            (
                "aubergines",
                "eggs",
                "step",
                "ru",
                "Обжарьте баклажаны до золотистого цвета.",
                "Обжарьте яйца до золотистого цвета.",
            ),
        ],
    ),
    *_safe_allergy(
        "fish",
        [
            ("crayfish", "fish", "ingredient_name", "en", "crayfish tails", "monkfish tails"),
            ("cuttlefish", "fish", "ingredient_name", "en", "cuttlefish", "swordfish steaks"),
            ("coddled", "fish", "ingredient_name", "en", "coddled eggs", "cod fillets"),
            (
                "peel",
                "fish",
                "step",
                "en",
                "Peel the carrots and slice.",
                "Skin the eel and slice.",
            ),
            (
                "charred",
                "fish",
                "tip",
                "en",
                "Serve with charred peppers.",
                "Serve with Arctic char.",
            ),
            (
                "aubergine-caviar",
                "рыба",
                "ingredient_name",
                "ru",
                "баклажанная икра",
                "красная икра",
            ),
            ("squash-caviar", "рыба", "ingredient_name", "ru", "кабачковая икра", "щучья икра"),
            ("celery", "рыба", "ingredient_name", "ru", "сельдерей", "сельдь"),
            (
                "dip",
                "рыба",
                "step",
                "ru",
                "Окуните клубнику в растопленный шоколад.",
                "Обжарьте окуня на сливочном масле.",
            ),
            ("cuttlefish", "fish", "ingredient_name", "ru", "каракатица", "судак"),
        ],
    ),
    *_safe_allergy(
        "crustaceans",
        [
            ("crab-apples", "crustaceans", "ingredient_name", "en", "crab apples", "crab legs"),
            (
                "lobster-mushroom",
                "crustaceans",
                "ingredient_name",
                "en",
                "lobster mushrooms",
                "lobster tails",
            ),
            (
                "pasta-shells",
                "ракообразные",
                "ingredient_name",
                "ru",
                "макароны-ракушки",
                "варёные раки",
            ),
        ],
    ),
    *_safe_allergy(
        "molluscs",
        [
            (
                "oyster-mushrooms",
                "molluscs",
                "ingredient_name",
                "en",
                "oyster mushrooms",
                "oysters",
            ),
            ("scallions", "molluscs", "ingredient_name", "en", "scallions", "scallops"),
            ("pasta-shells", "моллюски", "ingredient_name", "ru", "макароны-ракушки", "мидии"),
        ],
    ),
    *_safe_allergy(
        "celery",
        [
            ("herring", "сельдерей", "ingredient_name", "ru", "филе сельди", "стебель сельдерея"),
        ],
    ),
    *_safe_allergy(
        "mustard",
        [
            (
                "bitterness",
                "горчица",
                "tip",
                "ru",
                "Салат получится с лёгкой горчинкой.",
                "Заправьте салат горчицей.",
            ),
        ],
    ),
    *_safe_allergy(
        "sulphites",
        [
            (
                "fresh-apricots",
                "sulphites",
                "ingredient_name",
                "en",
                "fresh apricots",
                "dried apricots",
            ),
            (
                "twine",
                "sulphites",
                "step",
                "en",
                "Tie the roast with kitchen twine.",
                "Baste the roast with white wine.",
            ),
            ("pork", "сульфиты", "ingredient_name", "ru", "свинина", "вино"),
            ("fresh-apricots", "сульфиты", "ingredient_name", "ru", "свежие абрикосы", "курага"),
        ],
    ),
    *_safe_allergy(
        "soybeans",
        [
            ("coconut-aminos", "soy", "ingredient_name", "en", "coconut aminos", "soy sauce"),
            ("edam", "soy", "ingredient_name", "en", "Edam cheese", "edamame"),
            ("tomato-sauce", "соя", "ingredient_name", "ru", "томатный соус", "соевый соус"),
        ],
    ),
    *_safe_allergy(
        "gluten",
        [
            ("buckwheat", "gluten", "ingredient_name", "en", "buckwheat groats", "cracked wheat"),
            ("rice-noodles", "gluten", "ingredient_name", "en", "rice noodles", "egg noodles"),
            ("rice-flour", "gluten", "ingredient_name", "en", "rice flour", "plain flour"),
            (
                "corn-tortillas",
                "gluten",
                "ingredient_name",
                "en",
                "corn tortillas",
                "flour tortillas",
            ),
            ("cornflour", "gluten", "ingredient_unit", "en", "tbsp cornflour", "tbsp plain flour"),
            (
                "buckwheat-flour",
                "gluten",
                "ingredient_name",
                "en",
                "buckwheat flour",
                "spelt flour",
            ),
            ("buckwheat", "глютен", "ingredient_name", "ru", "гречка", "перловка"),
            ("rice-flour", "глютен", "ingredient_name", "ru", "рисовая мука", "пшеничная мука"),
            ("millet", "пшеница", "ingredient_name", "ru", "пшено", "манная крупа"),
            (
                "millet-porridge",
                "gluten",
                "step",
                "ru",
                "Сварите пшённую кашу на воде.",
                "Сварите манную кашу на воде.",
            ),
            ("tomato-paste", "глютен", "ingredient_name", "ru", "томатная паста", "спагетти"),
        ],
    ),
]

_SAFE_DIET: list[SafeCase] = [
    *_safe_diet(
        "gluten_free",
        [
            ("gluten-free-bread", "ingredient_name", "en", "gluten-free bread", "wholemeal bread"),
            ("cornmeal", "ingredient_name", "ru", "кукурузная мука", "ржаная мука"),
            ("rice-noodles", "ingredient_name", "ru", "рисовая лапша", "яичная лапша"),
            ("gluten-free-bread", "ingredient_name", "ru", "безглютеновый хлеб", "белый хлеб"),
        ],
    ),
    *_safe_diet(
        "dairy_free",
        [
            (
                "coconut-cream",
                "step",
                "en",
                "Whisk in the coconut cream.",
                "Whisk in the double cream.",
            ),
            ("oat-milk", "ingredient_name", "en", "oat milk", "skimmed milk"),
            ("soy-milk", "ingredient_name", "ru", "соевое молоко", "топлёное молоко"),
            (
                "dairy-free",
                "description",
                "en",
                "A dairy-free chocolate mousse.",
                "A chocolate mousse with whipped cream.",
            ),
        ],
    ),
    *_safe_diet(
        "vegan",
        [
            ("tofu", "ingredient_name", "en", "firm tofu", "feta cheese"),
            ("coconut-milk", "ingredient_name", "en", "coconut milk", "whole milk"),
            ("oat-milk", "ingredient_name", "en", "oat milk", "goat's milk"),
            ("cocoa-butter", "ingredient_unit", "en", "tbsp cocoa butter", "tbsp butter"),
            (
                "honeydew",
                "tip",
                "en",
                "Honeydew melon makes a fresh dessert.",
                "Honey makes a sweet glaze.",
            ),
            (
                "eggplant",
                "step",
                "en",
                "Roast the eggplant until soft.",
                "Brush the buns with beaten egg.",
            ),
            (
                "low-heat",
                "step",
                "ru",
                "Тушите на медленном огне 20 минут.",
                "Полейте медом и тушите 20 минут.",
            ),
            ("aubergine", "ingredient_name", "ru", "баклажан", "яйцо"),
        ],
    ),
    *_safe_diet(
        "vegetarian",
        [
            ("cheddar", "ingredient_name", "en", "mature cheddar", "chicken thighs"),
            ("chickpeas", "ingredient_name", "en", "tinned chickpeas", "chicken breast"),
            (
                "cauliflower-steaks",
                "title",
                "en",
                "Cauliflower steaks with chimichurri",
                "Beef steaks with chimichurri",
            ),
            ("beefsteak-tomatoes", "ingredient_name", "en", "beefsteak tomatoes", "beef brisket"),
            (
                "minced-garlic",
                "step",
                "en",
                "Add the minced garlic and stir.",
                "Add the beef mince and stir.",
            ),
            ("lambs-lettuce", "ingredient_name", "en", "lamb's lettuce", "lamb chops"),
            ("kuraga", "ingredient_name", "ru", "курага", "курица"),
            (
                "fleshy-tomatoes",
                "description",
                "ru",
                "Салат из мясистых помидоров.",
                "Салат с мясом и помидорами.",
            ),
            ("vegetable-stock", "ingredient_name", "ru", "овощной бульон", "куриный бульон"),
            ("lettuce", "ingredient_name", "ru", "салат латук", "сало"),
        ],
    ),
    *_safe_diet(
        "pescatarian",
        [
            ("salmon", "ingredient_name", "en", "salmon fillet", "chicken fillet"),
            (
                "tuna",
                "step",
                "en",
                "Flake the tuna into the salad.",
                "Shred the chicken into the salad.",
            ),
            ("shrimp", "ingredient_name", "ru", "креветки", "свинина"),
        ],
    ),
    *_safe_diet(
        "halal",
        [
            ("lamb", "ingredient_name", "en", "lamb shoulder", "pork shoulder"),
            ("rump-steak", "ingredient_name", "en", "rump steak", "dark rum"),
            ("ginger", "ingredient_name", "en", "fresh ginger", "London dry gin"),
            ("kale", "ingredient_name", "en", "curly kale", "pale ale"),
            ("hamburger", "ingredient_name", "en", "hamburger buns", "smoked ham"),
            (
                "twine",
                "step",
                "en",
                "Tie the roll with kitchen twine.",
                "Baste the roll with white wine.",
            ),
            ("drumsticks", "ingredient_name", "en", "chicken drumsticks", "spiced rum"),
            ("porcini", "ingredient_name", "en", "dried porcini", "pork mince"),
            (
                "crumble",
                "tip",
                "en",
                "Serve with an apple crumble.",
                "Serve with rum-soaked raisins.",
            ),
            ("lettuce", "ingredient_name", "ru", "салат айсберг", "свиное сало"),
            (
                "aromatic",
                "description",
                "ru",
                "Ароматный плов с бараниной.",
                "Плов со свининой.",
            ),
            ("grapes", "step", "ru", "Нарежьте виноград пополам.", "Влейте вино и прогрейте."),
            ("chamomile", "ingredient_name", "ru", "ромашковый чай", "тёмный ром"),
            ("vinegret", "title", "ru", "Винегрет с фасолью", "Курица в белом вине"),
        ],
    ),
    *_safe_diet(
        "kosher",
        [
            ("crab-apples", "ingredient_name", "en", "crab apples", "crab claws"),
            ("oyster-mushrooms", "ingredient_name", "en", "oyster mushrooms", "fresh oysters"),
            ("salmon", "ingredient_name", "en", "salmon fillet", "king prawns"),
            ("scallions", "step", "en", "Scatter over sliced scallions.", "Sear the scallops."),
            ("pasta-shells", "ingredient_name", "ru", "макароны-ракушки", "мидии"),
        ],
    ),
    *_safe_diet(
        "keto",
        [
            ("cauliflower-rice", "ingredient_name", "en", "cauliflower rice", "basmati rice"),
            (
                "riced-cauliflower",
                "step",
                "en",
                "Fry the riced cauliflower in butter.",
                "Fry the cooked rice in butter.",
            ),
            ("tomato-paste", "ingredient_name", "ru", "томатная паста", "паста фузилли"),
        ],
    ),
]

SAFE: list[SafeCase] = [*_SAFE_ALLERGY, *_SAFE_DIET]
