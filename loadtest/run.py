"""`make loadtest`: bounded phases against the stack, figures printed and written to a report.

Phases (each a headless locust run of fixed users and seconds, 127.0.0.1 only):
1. ceiling — the status poll (ETag, 304) and the bare DRF one-row view at full speed, alternated
   A B A B so drift falls on both; then the poll at a steady 50 requests/s for its p99;
2. ours — people on the whole journey (50 jobs in flight) while others read pages;
3. sync — the same readers while uploads call the model inside the request.
Then `docs/load-testing.md` is rewritten with the figures (`--report ''` leaves it alone).
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from loadtest.report import write_report
from loadtest.stack import ROOT
from loadtest.stack import Stack
from loadtest.stack import StackConfig


@dataclass
class Row:
    name: str
    count: int
    failures: int
    rps: float
    p50: float
    p95: float
    p99: float


@dataclass
class Phase:
    name: str
    seconds: float
    rows: dict[str, Row] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)


def locust(
    stack: Stack, users: str, *, count: int, seconds: int, env: dict[str, str], out: Path
) -> dict[str, Row]:
    """One headless locust run; the rows of its stats, by request name."""
    prefix = out / users.replace(" ", "_")
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "loadtest" / "locustfile.py"),
        "--headless",
        "--only-summary",
        "--host",
        stack.url,
        "-u",
        str(count),
        "-r",
        str(max(1, count)),
        "-t",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--csv",
        str(prefix),
        "--loglevel",
        "ERROR",
        *users.split(),
    ]
    subprocess.run(
        command,
        cwd=ROOT,
        env=env | {"PYTHONPATH": str(ROOT)},
        check=False,
        timeout=seconds + 60,
        stdout=subprocess.DEVNULL,
        stderr=(out / "locust.log").open("ab"),
    )
    rows: dict[str, Row] = {}
    with Path(f"{prefix}_stats.csv").open() as fh:
        for line in csv.DictReader(fh):
            if line["Name"] == "Aggregated":
                continue
            rows[line["Name"]] = Row(
                name=line["Name"],
                count=int(line["Request Count"]),
                failures=int(line["Failure Count"]),
                rps=float(line["Requests/s"]),
                p50=float(line["50%"] or 0),
                p95=float(line["95%"] or 0),
                p99=float(line["99%"] or 0),
            )
    return rows


def fixtures(stack: Stack) -> dict[str, str]:
    """A person with a token and a running scan (nothing written below it yet) for the polls."""
    os.environ.update(stack.env())
    import django

    django.setup()
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from core.jobs import JobStatus
    from core.jobs import Stage
    from vision.models import Scan

    password = "Reader-Secret-42"  # noqa: S105 (a person of the throwaway database)
    user = User.objects.create_user(username="reader", password=password)
    token = Token.objects.create(user=user)
    scan = Scan.objects.create(
        user=user, status=JobStatus.RUNNING, progress=40, stage=Stage.READING_PHOTO
    )
    return {
        "LOADTEST_TOKEN": token.key,
        "LOADTEST_SCAN": str(scan.pk),
        "LOADTEST_USERNAME": user.username,
        "LOADTEST_PASSWORD": password,
    }


class QueueWatch(threading.Thread):
    """Samples the jobs in flight (queued, waiting, running) once a second."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = {"scans": 0, "generations": 0}
        self._halt = threading.Event()

    def run(self) -> None:
        from django.db import connection

        from core.jobs import ACTIVE
        from recipes.models import Generation
        from vision.models import Scan

        while not self._halt.wait(1.0):
            for key, model in (("scans", Scan), ("generations", Generation)):
                active = model.objects.filter(status__in=ACTIVE).count()
                self.peak[key] = max(self.peak[key], active)
        connection.close()

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=5)


def fake_stats(stack: Stack) -> dict[str, object]:
    import json
    import urllib.request

    with urllib.request.urlopen(f"{stack.fake_url}/fake/stats", timeout=5) as reply:
        return dict(json.loads(reply.read()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__)
    parser.add_argument("--cooks", type=int, default=50, help="people on the journey at once")
    parser.add_argument("--readers", type=int, default=10, help="people reading pages")
    parser.add_argument("--ceiling-seconds", type=int, default=12)
    parser.add_argument("--journey-seconds", type=int, default=80)
    parser.add_argument("--sync-seconds", type=int, default=35)
    parser.add_argument("--report", default=str(ROOT / "docs" / "load-testing.md"))
    args = parser.parse_args(argv)
    # A stop (Ctrl-C, SIGTERM, a time limit) still stops the stack and drops its database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    config = StackConfig()
    with Stack(config) as stack:
        out = stack.var / "locust"
        out.mkdir()
        env = stack.env() | fixtures(stack)
        phases: list[Phase] = []

        def run(users: str, count: int, seconds: int, **extra: str) -> dict[str, Row]:
            return locust(stack, users, count=count, seconds=seconds, env=env | extra, out=out)

        def with_readers(name: str, users: str, seconds: int) -> Phase:
            """`users` (cooks or uploaders) while the readers read pages."""
            rows = run(
                f"{users} Reader",
                args.cooks + args.readers,
                seconds,
                LOADTEST_READERS=str(args.readers),
            )
            return Phase(name, seconds, rows=rows)

        ceiling = Phase("ceiling", args.ceiling_seconds * 4)
        polls: list[Row] = []
        bare: list[Row] = []
        for _ in range(2):
            polls.append(run("Poller", 8, args.ceiling_seconds)["poll"])
            bare.append(run("OneRow", 8, args.ceiling_seconds)["bare DRF one row"])
        ceiling.rows = run("SteadyPoller", 50, args.ceiling_seconds)
        steady_bare = run("SteadyOneRow", 50, args.ceiling_seconds).get("bare DRF one row")
        ceiling.extra = {"polls": polls, "bare": bare, "steady_bare": steady_bare}
        phases.append(ceiling)
        print_ceiling(polls, bare, ceiling.rows.get("poll"), steady_bare)

        watch = QueueWatch()
        watch.start()
        ours = with_readers("ours", "Cook", args.journey_seconds)
        watch.stop()
        ours.extra = {"queue_peak": watch.peak, "ollama": fake_stats(stack)}
        sync = with_readers("sync", "SyncUploader", args.sync_seconds)
        phases += [ours, sync]
        print_pages(ours, sync)

    elapsed = time.monotonic() - started
    print(f"load test finished in {elapsed:.0f} s")
    if args.report:
        write_report(Path(args.report), phases=phases, config=config, args=args, elapsed=elapsed)
        print(f"report written to {args.report}")


def print_ceiling(
    polls: list[Row], bare: list[Row], steady: Row | None, steady_bare: Row | None
) -> None:
    for poll, row in zip(polls, bare, strict=True):
        print(
            f"poll (304) {poll.rps:6.0f} req/s p99 {poll.p99:4.0f} ms | bare DRF one row "
            f"{row.rps:6.0f} req/s p99 {row.p99:4.0f} ms | ratio {poll.rps / row.rps:.2f}"
        )
    for name, paced in (("steady poll", steady), ("steady bare DRF one row", steady_bare)):
        if paced is not None:
            print(f"{name} {paced.rps:.0f} req/s: p50 {paced.p50:.0f} ms p99 {paced.p99:.0f} ms")


def print_pages(ours: Phase, sync: Phase) -> None:
    for phase in (ours, sync):
        pages = [row for name, row in phase.rows.items() if name.startswith("page: ")]
        worst = max((row.p95 for row in pages), default=0)
        failed = sum(row.failures for row in pages)
        print(f"{phase.name}: page p95 {worst:.0f} ms, {failed} page requests failed")


if __name__ == "__main__":
    main()
