"""The allergen and diet check against its case table: misses, look-alikes withheld, speed.

Runs every case of the check's table (safety/data/cases/*.toml, read by safety.cases) through the
check with the check's own vocabulary and prints the misses (must be 0), the look-alikes wrongly
withheld (goal 0, at most 2 %), and how long resolving a profile and checking one whole recipe
take.
Usage: python -m benchmarks.safety_check [--repeat 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import safety
from recipes.schemas import RecipeDraft
from safety.cases import SAFE
from safety.cases import UNSAFE
from safety.cases import SafeCase
from safety.cases import UnsafeCase
from safety.cases import recipe_with
from safety.vocabulary import vocabulary

PROFILE = (["peanut allergy", "молоко", "shellfish", "sesame seeds", "kiwi"], "vegetarian")


def _withheld(case: UnsafeCase | SafeCase) -> bool:
    draft = RecipeDraft.model_validate(recipe_with(case.field, case.text, case.language))
    rules = safety.rules_for(allergies=case.allergies, diet=case.diet)
    return bool(safety.draft_conflicts(draft, rules))


def _table() -> None:
    misses = [c for c in UNSAFE if not _withheld(c)]
    withheld = [s for s in SAFE if _withheld(s)]
    print(f"cases: {len(UNSAFE)} breaches, {len(SAFE)} look-alikes")
    print(f"misses (breaches shown):       {len(misses)}")
    for c in misses:
        print(f"    {c.id}: {c.text!r}")
    share = 100 * len(withheld) / max(1, len(SAFE))
    print(f"look-alikes wrongly withheld:  {len(withheld)} ({share:.1f} %)")
    for s in withheld:
        print(f"    {s.id}: {s.text!r}")


def _recipe() -> RecipeDraft:
    return RecipeDraft.model_validate(
        {
            "title": "Roast vegetable traybake with herbs",
            "description": "A sheet-pan supper: it all roasts together while you set the table.",
            "cuisine": "mediterranean",
            "total_minutes": 40,
            "difficulty": "easy",
            "servings": 4,
            "ingredients": [
                {"name": n, "name_en": n, "quantity": 1, "unit": "pcs", "note": "roughly chopped"}
                for n in (
                    "courgette",
                    "red pepper",
                    "red onion",
                    "aubergine",
                    "cherry tomatoes",
                    "garlic",
                    "olive oil",
                    "thyme",
                    "rosemary",
                    "chickpeas",
                    "lemon",
                    "parsley",
                )
            ],
            "steps": [
                "Heat the oven to 220 C and line a large tray with baking paper.",
                "Cut the vegetables into bite-sized pieces and toss them with oil and herbs.",
                "Spread everything on the tray in one layer, chickpeas included.",
                "Roast for 30 minutes, turning once, until golden at the edges.",
                "Squeeze over the lemon, scatter the parsley and serve at once.",
            ],
            "nutrition": {"kcal": 380, "protein_g": 12, "fat_g": 14, "carbs_g": 48},
            "tips": ["Leftovers keep for two days in the fridge.", "Add olives if you like."],
        }
    )


def _speed(repeat: int) -> None:
    started = time.perf_counter()
    vocabulary()
    print(f"vocabulary load (once per process): {1000 * (time.perf_counter() - started):.0f} ms")
    allergies, diet = PROFILE
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        safety.rules_for(allergies=allergies, diet=diet)
        times.append(time.perf_counter() - t)
    print(
        f"resolve a profile of 5 allergies + diet: median {1e6 * statistics.median(times):.0f} µs"
    )
    rules = safety.rules_for(allergies=allergies, diet=diet)
    recipe = _recipe()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        found = safety.draft_conflicts(recipe, rules)
        times.append(time.perf_counter() - t)
    if found:
        raise SystemExit(f"the benchmark recipe should be safe: {found}")
    times.sort()
    print(
        f"check one 12-ingredient recipe: median {1e6 * statistics.median(times):.0f} µs, "
        f"p90 {1e6 * times[int(0.9 * len(times))]:.0f} µs"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    _speed(args.repeat)
    _table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
