"""`make bench`: every benchmark, each in its own process, printing numbers."""

import subprocess
import sys
from pathlib import Path

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
    for title, module in BENCHMARKS:
        if not (root / (module.replace(".", "/") + ".py")).exists():
            continue
        print(f"\n== {title} ==", flush=True)
        failed |= subprocess.call([sys.executable, "-m", module], cwd=root)
    return failed


if __name__ == "__main__":
    sys.exit(main())
