"""Template filters for how recipes read: amounts without noise ("1.5", not "1.50")."""

from __future__ import annotations

from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation

from django import template

register = template.Library()

_CENT = Decimal("0.01")


@register.filter
def amount(value: object) -> str:
    """A quantity with at most two decimals and no trailing zeros; "" for none or nonsense."""
    if value is None or value == "" or isinstance(value, bool):
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return ""
    if not number.is_finite() or number <= 0:
        return ""
    text = f"{number.quantize(_CENT, rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
