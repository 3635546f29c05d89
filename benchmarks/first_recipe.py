"""Time to the first recipe: a model that streams three recipes over about 6 s, a real worker.

Starts a fake Ollama whose reply streams three recipes evenly over `--seconds` (6 by default),
one Celery worker subprocess (RabbitMQ at 127.0.0.1:5672 when reachable, else the embedded
filesystem transport of `make run`) and SQLite in WAL mode in a temp folder, then asks for
recipes `--rounds` times and prints, from the request (generation_create) on: when the first
recipe row was saved, when the last one was, and when the job had succeeded, with the first as
a share of the whole. Before recipes were saved as they were written, the first one appeared
only with the last, at 100 %.
Usage: python -m benchmarks.first_recipe [--rounds 3] [--seconds 6] [--rabbit-url amqp://…]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from testkit.bench import run_child
from testkit.bench import site_with_worker
from testkit.broker import broker_reachable
from testkit.broker import rabbit_url
from testkit.recipes import script_slow_recipes

RABBIT = rabbit_url()


def _run(broker: str, rounds: int, seconds: float) -> None:
    """Runs in a child process: settings are per process."""
    with site_with_worker(concurrency=1) as fake:
        from accounts.models import User
        from recipes.models import Generation
        from recipes.models import Recipe
        from recipes.services import generation_create

        user = User.objects.create_user(username="bench")
        firsts, lasts, totals = [], [], []
        for n in range(rounds):
            script_slow_recipes(fake, f"Dish {n}a", f"Dish {n}b", f"Dish {n}c", seconds=seconds)
            t0 = time.perf_counter()
            generation = generation_create(user=user, ingredients=["tomato", "eggs", f"r{n}"])
            first = last = None
            while True:
                saved = Recipe.objects.filter(generation=generation).count()
                now = time.perf_counter() - t0
                if saved and first is None:
                    first = now
                if saved == 3 and last is None:
                    last = now
                status = Generation.objects.values_list("status", flat=True).get(pk=generation.pk)
                if status not in ("queued", "running"):
                    break
                if now > seconds * 5 + 30:
                    raise RuntimeError("the generation did not finish")
                time.sleep(0.01)
            if status != "succeeded" or first is None or last is None:
                raise RuntimeError(f"round {n}: {status}, {saved} recipes")
            firsts.append(first)
            lasts.append(last)
            totals.append(time.perf_counter() - t0)
        first_s, total_s = statistics.median(firsts), statistics.median(totals)
        print(
            f"{broker:10} time to first recipe: median {first_s:.2f} s "
            f"(min {min(firsts):.2f}, max {max(firsts):.2f}) of {total_s:.2f} s to the whole "
            f"generation = {first_s / total_s:.0%}; last recipe saved at "
            f"{statistics.median(lasts):.2f} s  ({rounds} rounds, 3 recipes streamed over "
            f"{seconds:g} s; before: the first recipe came with the last, at 100 %)",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--rabbit-url", default=RABBIT)
    parser.add_argument("--child", default="")
    args = parser.parse_args(argv)
    if args.child:
        _run(args.child, args.rounds, args.seconds)
        return 0
    rabbit = args.rabbit_url
    name, url = (
        ("rabbitmq", rabbit) if broker_reachable(rabbit) else ("filesystem", "filesystem://")
    )
    child_args = ["--rounds", str(args.rounds), "--seconds", str(args.seconds)]
    return run_child("benchmarks.first_recipe", (name, url), child_args)


if __name__ == "__main__":
    sys.exit(main())
