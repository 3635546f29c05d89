"""Time from creating a scan row to the row finished by a real worker, per broker.

For each broker (RabbitMQ when reachable: CELERY_BROKER_URL if it is an AMQP URL, else
guest@127.0.0.1:5672 vhost /; and the embedded filesystem transport used by `make run`), starts
a fake Ollama that answers at once and one Celery worker subprocess, then measures: 20 jobs one
after another (latency min / median / p90), and 100 jobs submitted together (throughput).
SQLite in WAL mode in a temp folder.
Usage: python -m benchmarks.job_latency [--jobs 20] [--burst 100]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time

from testkit.bench import run_child
from testkit.bench import site_with_worker
from testkit.broker import broker_reachable
from testkit.broker import purge_queues
from testkit.broker import rabbit_url

RABBIT = rabbit_url()


def _run_one(broker: str, jobs: int, burst: int) -> None:
    """Runs in a child process: settings are per process."""
    with site_with_worker(concurrency=2):
        from accounts.models import User
        from testkit.images import jpeg_bytes
        from vision.models import Scan
        from vision.services import scan_create

        user = User.objects.create_user(username="bench")
        photos = [jpeg_bytes((640, 480), (i % 255, 100, 50)) for i in range(jobs + burst)]

        def wait(ids: list[int]) -> None:
            while Scan.objects.filter(pk__in=ids).active().exists():
                time.sleep(0.002)

        # warm-up
        wait([scan_create(user=user, file=io.BytesIO(jpeg_bytes((64, 64))), fresh=True).pk])
        latencies = []
        for data in photos[:jobs]:
            t0 = time.perf_counter()
            scan = scan_create(user=user, file=io.BytesIO(data), fresh=True)
            wait([scan.pk])
            latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
        t0 = time.perf_counter()
        ids = [scan_create(user=user, file=io.BytesIO(d), fresh=True).pk for d in photos[jobs:]]
        wait(ids)
        elapsed = time.perf_counter() - t0
        ok = Scan.objects.filter(pk__in=ids, status="succeeded").count()
        p90 = latencies[int(len(latencies) * 0.9) - 1]
        print(
            f"{broker:12} latency ms: min {latencies[0]:.1f}  median "
            f"{statistics.median(latencies):.1f}  p90 {p90:.1f}   |   burst of {burst}: "
            f"{ok} succeeded in {elapsed:.2f} s = {burst / elapsed:.0f} jobs/s",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--child", default="")
    parser.add_argument("--only", choices=["rabbitmq", "filesystem"], default=None)
    args = parser.parse_args(argv)
    if args.child:
        _run_one(args.child, args.jobs, args.burst)
        return 0
    brokers = [("filesystem", "filesystem://")]
    if broker_reachable(RABBIT):
        brokers.insert(0, ("rabbitmq", RABBIT))
    else:
        print(f"RabbitMQ not reachable at {RABBIT}: measuring the filesystem broker only")
    if args.only:
        brokers = [b for b in brokers if b[0] == args.only]
        if not brokers:
            print(f"{args.only} broker unavailable")
            return 1
    for name, url in brokers:
        if name == "rabbitmq":
            purge_queues(RABBIT)  # leftovers out, so the numbers are this run's
        child_args = ["--jobs", str(args.jobs), "--burst", str(args.burst)]
        if code := run_child("benchmarks.job_latency", (name, url), child_args):
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
