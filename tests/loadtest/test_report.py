"""The load test's report (loadtest/report.py) and the stack it runs (loadtest/stack.py)."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from loadtest.report import write_report
from loadtest.run import Phase
from loadtest.run import Row
from loadtest.stack import Stack
from loadtest.stack import StackConfig
from tests.support.pages import missing


def row(
    name: str, *, count: int = 100, failures: int = 0, rps: float = 10.0, p95: float = 9.0
) -> Row:
    return Row(name=name, count=count, failures=failures, rps=rps, p50=5.0, p95=p95, p99=20.0)


def test_the_report_carries_the_figures_and_names_the_bottleneck(tmp_path: Path) -> None:
    ceiling = Phase("ceiling", 48, rows={"poll": row("poll", rps=50)})
    ceiling.extra = {
        "polls": [row("poll", rps=800), row("poll", rps=700)],
        "bare": [row("bare DRF one row", rps=400), row("bare DRF one row", rps=400)],
        "steady_bare": Row(
            name="bare DRF one row", count=600, failures=0, rps=50, p50=4, p95=9, p99=17
        ),
    }
    ours = Phase(
        "ours",
        80,
        rows={
            "page: home": row("page: home", p95=12),
            "upload": row("upload", count=60),
            "journey": row("journey", count=7, failures=1),
            "first recipe": row("first recipe", count=6, p95=31000),
        },
        extra={
            "queue_peak": {"scans": 41, "generations": 9},
            "ollama": {"models": {"mistral:latest": {"refused_busy": 3}}},
        },
    )
    sync = Phase(
        "sync",
        35,
        rows={
            "page: home": row("page: home", p95=30000, failures=12),
            "sync upload (model in the request)": row("sync upload", count=20, failures=8),
        },
    )
    args = argparse.Namespace(readers=10, cooks=50, journey_seconds=80)
    report = tmp_path / "load-testing.md"

    write_report(report, phases=[ceiling, ours, sync], config=StackConfig(), args=args, elapsed=230)

    assert not missing(
        report.read_text(),
        [
            "| 1 | 800 |",
            "**1.88×**",
            "the bare view at the same pace, in the same run: p50 4 ms, p99 17 ms",
            "| page p95 | 12 ms | 30000 ms |",
            "| page requests failed | 0 of 100 | 12 of 100 |",
            "| uploads failed | 0 | 8 of 20 |",
            "**6** in 80 s (4.5 a minute); 1 failed",
            "p95 31.0 s",
            "41 scans, 9 generations",
            "refused 3 calls",
            "first bottleneck is the model's capacity",
        ],
    )


def test_the_stack_runs_production_settings_on_loopback_with_its_own_database() -> None:
    stack = Stack(StackConfig(database="chef_loadtest_check"))
    try:
        env = stack.env()
    finally:
        shutil.rmtree(stack.var)
    assert env["DJANGO_SETTINGS_MODULE"] == "loadtest.settings"
    assert env["GUNICORN_BIND"].startswith("127.0.0.1:")
    assert env["OLLAMA_HOST"].startswith("http://127.0.0.1:")
    assert stack.database_url.endswith("/chef_loadtest_check")
