"""List pages with 10,000 recipes for one user: queries per request and response time.

Runs in its own SQLite database (WAL) under a temp folder; prints one line per page with the
query count and the min / median / p90 of 20 requests (after 2 warm-up requests).
Usage: python -m benchmarks.list_pages [--recipes 10000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from testkit.bench import migrate

PAGES = [
    ("page   /recipes/ (search, newest)", "/recipes/"),
    ("page   /recipes/?q=tomato&ordering=rating", "/recipes/?q=tomato&ordering=rating"),
    ("page   /favorites/", "/favorites/"),
    ("page   /history/", "/history/"),
    ("page   /shopping-list/", "/shopping-list/"),
    ("api    /api/v1/recipes/", "/api/v1/recipes/"),
    ("api    /api/v1/recipes/?q=tomato&max_minutes=30", "/api/v1/recipes/?q=tomato&max_minutes=30"),
    ("api    /api/v1/favorites/", "/api/v1/favorites/"),
    ("api    /api/v1/history/", "/api/v1/history/"),
    ("api    /api/v1/shopping-list/", "/api/v1/shopping-list/"),
]


def _setup(folder: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["VAR_DIR"] = str(folder)
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "ERROR"
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    migrate()


def _populate(n: int) -> object:
    from accounts.models import User
    from recipes.models import Favorite
    from recipes.models import Generation
    from recipes.models import Recipe
    from recipes.models import Review
    from recipes.models import ShoppingItem
    from recipes.reviews import recipe_rating_refresh
    from vision.models import Scan
    from vision.models import ScanIngredient

    user = User.objects.create_user(username="bench", password="bench-password-123")
    from accounts.models import Profile

    # Allergies and a diet, so every card pays the allergen check against the profile.
    Profile.objects.create(
        user=user, allergies=["peanut allergy", "молоко", "shellfish", "sesame"], diet="vegetarian"
    )
    names = ["tomato", "eggs", "spinach", "cheddar", "onion", "rice", "chicken", "lentils"]
    cuisines = ["italian", "french", "indian", "mexican", "japanese"]
    generations = Generation.objects.bulk_create(
        Generation(
            user=user,
            ingredients=names[: 3 + i % 5],
            cache_key=f"{i:064d}",
            status="succeeded",
            progress=100,
        )
        for i in range(n // 3 + 1)
    )
    scans = Scan.objects.bulk_create(
        Scan(user=user, image=f"scans/{i}.jpg", image_sha256=f"{i:064x}", status="succeeded")
        for i in range(n // 3 + 1)
    )
    ScanIngredient.objects.bulk_create(
        ScanIngredient(scan=s, name=name, confidence=0.9, position=j)
        for s in scans
        for j, name in enumerate(names[:4])
    )
    recipes = Recipe.objects.bulk_create(
        Recipe(
            user=user,
            generation=generations[i // 3],
            position=i % 3,
            title=f"{names[i % 8].title()} dish {i}",
            cuisine=cuisines[i % 5],
            total_minutes=10 + (i % 8) * 10,
            difficulty=["easy", "medium", "hard"][i % 3],
            ingredients=[
                {"name": names[(i + k) % 8], "quantity": 2, "unit": "", "have": k % 2 == 0}
                for k in range(6)
            ],
            steps=["Chop.", "Cook.", "Serve."],
            nutrition={"kcal": 400, "protein_g": 20, "fat_g": 10, "carbs_g": 40},
            search_text=f"{names[i % 8]} dish {i} " + " ".join(names),
        )
        for i in range(n)
    )
    Favorite.objects.bulk_create(Favorite(user=user, recipe=r) for r in recipes[::7])
    Review.objects.bulk_create(
        Review(user=user, recipe=r, rating=1 + i % 5, comment="ok")
        for i, r in enumerate(recipes[::5])
    )
    for r in recipes[::5][:200]:
        recipe_rating_refresh(recipe_id=r.pk)
    ShoppingItem.objects.bulk_create(
        ShoppingItem(user=user, name=f"item {i}", quantity=1) for i in range(50)
    )
    return user


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipes", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chef-bench-") as tmp:
        _setup(Path(tmp))
        from django.db import connection
        from django.test import Client

        started = time.monotonic()
        user = _populate(args.recipes)
        print(
            f"populated {args.recipes} recipes in {time.monotonic() - started:.1f} s (SQLite WAL)"
        )
        client = Client()
        client.force_login(user)  # type: ignore[arg-type]
        print(f"{'page':52} {'status':>6} {'queries':>7} {'min ms':>7} {'median':>7} {'p90':>7}")
        for label, url in PAGES:
            for _ in range(2):
                client.get(url)
            queries: list[str] = []

            def count(execute, sql, *args, queries=queries):  # type: ignore[no-untyped-def]
                queries.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                response = client.get(url)
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            p90 = times[int(len(times) * 0.9) - 1]
            print(
                f"{label:52} {response.status_code:>6} {len(queries):>7} {times[0]:>7.1f} "
                f"{statistics.median(times):>7.1f} {p90:>7.1f}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
