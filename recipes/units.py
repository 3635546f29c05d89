"""Units a shopping line adds up in: grams with kilograms, and millilitres with litres, spoons and
cups, in English and Russian ("100 g" + "1 kg" of flour is one line of 1.1 kg).

A small table rather than a units library: the cooking units and their Russian abbreviations
(г, кг, мл, л, ч. л., ст. л., стакан) are the whole need, and a spoon is a kitchen measure
(5 ml, 15 ml), not a physical one. A unit not in the table adds up only with itself.
"""

from __future__ import annotations

from decimal import Decimal

MASS = "mass"
VOLUME = "volume"

_TABLE: dict[str, tuple[str, Decimal]] = {}
for family, factor, spellings in (
    (MASS, "1", "g gram grams gr г гр грамм граммов грамма"),
    (MASS, "1000", "kg kilo kilos kilogram kilograms кг килограмм килограмма килограммов"),
    (VOLUME, "1", "ml millilitre millilitres milliliter milliliters мл миллилитр миллилитров"),
    (VOLUME, "1000", "l litre litres liter liters л литр литра литров"),
    (VOLUME, "5", "tsp teaspoon teaspoons чл чайная чайные чайных"),
    (VOLUME, "15", "tbsp tablespoon tablespoons стл столовая столовые столовых"),
    (VOLUME, "240", "cup cups"),
    (VOLUME, "250", "стакан стакана стаканов"),
):
    for spelling in spellings.split():
        _TABLE[spelling] = (family, Decimal(factor))

# Above this many of the small unit, a line reads in the large one (1500 g -> 1.5 kg).
_LARGER = {"g": "kg", "г": "кг", "ml": "l", "мл": "л"}
_CENT = Decimal("0.01")


def _spelling(unit: str) -> str:
    return "".join(unit.casefold().replace(".", " ").split())


def unit_family(unit: str) -> str | None:
    """The kind of a unit in the table ("mass", "volume"), or None for one it does not know."""
    found = _TABLE.get(_spelling(unit))
    return found[0] if found else None


def convert(quantity: Decimal | None, from_unit: str, to_unit: str) -> Decimal | None:
    """`quantity` of `from_unit` in `to_unit` (same family), to the hundredth; None stays None."""
    if quantity is None or _spelling(from_unit) == _spelling(to_unit):
        return quantity
    source, target = _TABLE.get(_spelling(from_unit)), _TABLE.get(_spelling(to_unit))
    if source is None or target is None or source[0] != target[0]:
        return quantity
    return (quantity * source[1] / target[1]).quantize(_CENT)


def tidy(quantity: Decimal | None, unit: str) -> tuple[Decimal | None, str]:
    """A line in the unit a cook would write: 1000 g or more in kg, 1000 ml or more in l."""
    larger = _LARGER.get(_spelling(unit))
    if quantity is None or larger is None or quantity < 1000:
        return quantity, unit
    return convert(quantity, unit, larger), larger
