"""The shopping list: items added by hand or from a recipe, merged when they are the same.

Every function takes the acting `user` and refuses anything that is not theirs with the model's
DoesNotExist, so callers answer 404 and never reveal that someone else's row exists.
"""

from __future__ import annotations

from decimal import Decimal
from decimal import InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from recipes.models import Recipe
from recipes.models import ShoppingItem
from recipes.selectors import recipe_safety_conflicts
from recipes.units import convert
from recipes.units import tidy
from recipes.units import unit_family

MAX_ITEM_NAME_LENGTH = 80
MAX_UNIT_LENGTH = 30
MAX_QUANTITY = Decimal("1000000")
MAX_SHOPPING_ITEMS = 500
_CENT = Decimal("0.01")
_SHOPPING_FIELDS = frozenset({"name", "quantity", "unit", "checked"})


def _singular(word: str) -> str:
    """A rough English singular, enough to put "eggs" and "egg" on one line."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("oes", "ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def merge_key(text: str) -> str:
    """The form two names (or units) must share to be one shopping line."""
    words = " ".join(text.split()).casefold().split(" ")
    if words and words[-1]:
        words[-1] = _singular(words[-1])
    return " ".join(words)


def line_key(name: str, unit: str) -> tuple[str, str]:
    """What two lines must share to be one: the name, and the unit's kind (g with kg) or, for a
    unit the table does not know, the unit itself ("clove" with "cloves")."""
    family = unit_family(unit)
    return merge_key(name), f"[{family}]" if family else merge_key(unit)


def _clean_name(name: object) -> str:
    text = " ".join(str(name or "").split())
    if not text:
        raise ValidationError({"name": [_("Name the item.")]})
    if len(text) > MAX_ITEM_NAME_LENGTH:
        raise ValidationError(
            {
                "name": [
                    _("Keep the name under %(limit)d characters.") % {"limit": MAX_ITEM_NAME_LENGTH}
                ]
            }
        )
    return text


def _clean_unit(unit: object) -> str:
    text = " ".join(str(unit or "").split())
    if len(text) > MAX_UNIT_LENGTH:
        raise ValidationError(
            {"unit": [_("Keep the unit under %(limit)d characters.") % {"limit": MAX_UNIT_LENGTH}]}
        )
    return text


def _clean_quantity(quantity: object, *, strict: bool = True) -> Decimal | None:
    """A positive amount with two decimals, or None for "some".

    Recipes written by a model may carry odd quantities ("a pinch", 0); those become None rather
    than failing the whole list (strict=False). A person typing one gets a ValidationError.
    """
    if quantity is None or quantity == "":
        return None
    try:
        if isinstance(quantity, bool):
            raise InvalidOperation
        value = Decimal(str(quantity).strip()).quantize(_CENT)
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value <= 0 or value > MAX_QUANTITY:
        if not strict:
            return None
        raise ValidationError({"quantity": [_("Enter a positive amount, or leave it empty.")]})
    return value


def _add_quantities(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None or b is None:
        return None
    return min(a + b, MAX_QUANTITY)


def _lock_list(user: User) -> None:
    """Serialise one person's shopping-list writes so two adds cannot create twin lines."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("id", flat=True))


def _merge_into_list(
    *, user: User, wanted: list[tuple[str, Decimal | None, str]], recipe: Recipe | None
) -> list[ShoppingItem]:
    """Add (name, quantity, unit) lines, merging into unticked lines of the same name and unit.

    From a recipe, a line that already holds that recipe's amounts is left as it is: pressing
    "Add missing ingredients" twice adds them once.
    """
    with transaction.atomic():
        _lock_list(user)
        existing = list(ShoppingItem.objects.filter(user=user, checked=False))
        by_key = {line_key(i.name, i.unit): i for i in existing}
        holding = (
            {i.pk for i in shopping_lines_holding(user=user, recipe=recipe)} if recipe else set()
        )
        touched: dict[tuple[str, str], ShoppingItem] = {}
        new: list[ShoppingItem] = []
        for name, quantity, unit in wanted:
            key = line_key(name, unit)
            item = by_key.get(key)
            if item is not None and item.pk in holding:
                continue
            if item is None:
                item = ShoppingItem(
                    user=user, name=name, quantity=quantity, unit=unit, recipe=recipe
                )
                by_key[key] = item
                new.append(item)
            else:
                added = convert(quantity, unit, item.unit)
                item.quantity, item.unit = tidy(_add_quantities(item.quantity, added), item.unit)
            touched[key] = item
        total = ShoppingItem.objects.filter(user=user).count() + len(new)
        if total > MAX_SHOPPING_ITEMS:
            raise ValidationError(
                {
                    NON_FIELD_ERRORS: [
                        _(
                            "The shopping list is full (%(limit)d items). "
                            "Clear the ticked items first."
                        )
                        % {"limit": MAX_SHOPPING_ITEMS}
                    ]
                }
            )
        merged = [i for i in touched.values() if i.pk is not None]
        if merged:
            ShoppingItem.objects.bulk_update(merged, ["quantity", "unit"])
        if new:
            ShoppingItem.objects.bulk_create(new)
        if recipe is not None and touched:
            ShoppingItem.recipes.through.objects.bulk_create(
                [
                    ShoppingItem.recipes.through(shoppingitem_id=item.pk, recipe_id=recipe.pk)
                    for item in touched.values()
                ],
                ignore_conflicts=True,
            )
    return list(touched.values())


def shopping_lines_holding(*, user: User, recipe: Recipe) -> list[ShoppingItem]:
    """The person's unticked lines that already hold this recipe's amounts."""
    return list(ShoppingItem.objects.filter(user=user, checked=False, recipes=recipe))


def shopping_still_to_add(*, user: User, recipe: Recipe) -> list[dict[str, Any]]:
    """The recipe's "to buy" ingredients that no unticked line holds yet (what "Add missing
    ingredients" would add now)."""
    held = {line_key(i.name, i.unit) for i in shopping_lines_holding(user=user, recipe=recipe)}
    return [
        i
        for i in recipe.to_buy
        if line_key(str(i.get("name") or ""), str(i.get("unit") or "")) not in held
    ]


def shopping_add_from_recipe(*, user: User, recipe: Recipe) -> list[ShoppingItem]:
    """Put the recipe's "to buy" ingredients on the list; returns the lines added or topped up.

    "2 eggs" already on the list plus "3 eggs" from the recipe makes one line of 5 eggs; the same
    name in another unit gets its own line, since 2 cups and 100 g do not add up. A line that
    already holds this recipe is not topped up again, so the second press returns nothing.
    """
    if recipe.user_id != user.pk:
        raise Recipe.DoesNotExist
    conflicts = recipe_safety_conflicts(user=user, recipe=recipe)
    if conflicts:
        raise ValidationError(
            _(
                "This recipe does not fit your profile any more (%(conflicts)s), so we do not "
                "offer it to cook. Nothing was added to your list."
            )
            % {"conflicts": "; ".join(f"{c.name}: {', '.join(c.words[:3])}" for c in conflicts)}
        )
    wanted: list[tuple[str, Decimal | None, str]] = []
    for ingredient in recipe.to_buy[:200]:
        try:
            name = _clean_name(ingredient.get("name"))
        except ValidationError:
            continue
        unit = " ".join(str(ingredient.get("unit") or "").split())[:MAX_UNIT_LENGTH]
        wanted.append((name, _clean_quantity(ingredient.get("quantity"), strict=False), unit))
    if not wanted:
        return []
    return _merge_into_list(user=user, wanted=wanted, recipe=recipe)


def shopping_item_create(
    *, user: User, name: object, quantity: object = None, unit: object = ""
) -> ShoppingItem:
    """Add one line by hand, merging into an unticked line of the same name and unit."""
    wanted = [(_clean_name(name), _clean_quantity(quantity), _clean_unit(unit))]
    return _merge_into_list(user=user, wanted=wanted, recipe=None)[0]


def _own_item(*, user: User, item: ShoppingItem) -> None:
    if item.user_id != user.pk:
        raise ShoppingItem.DoesNotExist


def shopping_item_update(*, user: User, item: ShoppingItem, **fields: Any) -> ShoppingItem:
    """Edit a line: any of name, quantity, unit and checked (an explicit edit never merges)."""
    _own_item(user=user, item=item)
    unknown = set(fields) - _SHOPPING_FIELDS
    if unknown:
        raise TypeError(f"cannot update shopping item fields: {', '.join(sorted(unknown))}")
    if "name" in fields:
        item.name = _clean_name(fields["name"])
    if "quantity" in fields:
        item.quantity = _clean_quantity(fields["quantity"])
    if "unit" in fields:
        item.unit = _clean_unit(fields["unit"])
    if "checked" in fields:
        item.checked = bool(fields["checked"])
    if fields:
        item.save(update_fields=list(fields))
    return item


def shopping_item_delete(*, user: User, item: ShoppingItem) -> None:
    """Remove one line of the user's list."""
    _own_item(user=user, item=item)
    ShoppingItem.objects.filter(pk=item.pk, user=user).delete()


def shopping_clear_checked(*, user: User) -> int:
    """Remove every ticked line; returns how many went."""
    deleted, _ = ShoppingItem.objects.filter(user=user, checked=True).delete()
    return deleted
