"""`make bench`: every benchmark, each in its own process, printing numbers."""

import os
import subprocess
import sys
from pathlib import Path

from testkit.broker import PrivateVhost
from testkit.broker import rabbit_url

BENCHMARKS = [
    ("allergen and diet check: its case table and its speed", "benchmarks.safety_check"),
    ("list pages with 10,000 recipes for one user", "benchmarks.list_pages"),
    ("job latency and throughput (fake Ollama answering instantly)", "benchmarks.job_latency"),
    ("time to the first recipe (three recipes streamed over 6 s)", "benchmarks.first_recipe"),
    ("web process memory while it validates the worst uploads", "benchmarks.upload_memory"),
    ("what a photo weighs on its way to each vision model", "benchmarks.model_image"),
    ("browser: upload -> ingredients on screen", "benchmarks.upload_to_ingredients"),
]


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    failed = 0
    # The benchmarks' workers consume in a RabbitMQ virtual host of this run's own.
    vhost = PrivateVhost(rabbit_url()).start()
    try:
        try:
            env = {**os.environ, "CELERY_BROKER_URL": vhost.ready()}
        except RuntimeError as exc:
            print(f"broker: {exc}", flush=True)
            env = dict(os.environ)
        for title, module in BENCHMARKS:
            if not (root / (module.replace(".", "/") + ".py")).exists():
                continue
            print(f"\n== {title} ==", flush=True)
            failed |= subprocess.call([sys.executable, "-m", module], cwd=root, env=env)
    finally:
        vhost.close()
    return failed


if __name__ == "__main__":
    sys.exit(main())
