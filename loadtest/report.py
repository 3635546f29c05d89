"""docs/load-testing.md, rewritten from the figures of one `make loadtest` run."""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
from pathlib import Path
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from loadtest.run import Phase
    from loadtest.run import Row
    from loadtest.stack import StackConfig


def _pages(phase: Phase) -> list[Row]:
    return [row for name, row in phase.rows.items() if name.startswith("page: ")]


def _row(phase: Phase, name: str) -> Row | None:
    return phase.rows.get(name)


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} ms"


def _s(row: Row | None, attr: str) -> str:
    return "–" if row is None or not row.count else f"{getattr(row, attr) / 1000:.1f} s"


def write_report(
    path: Path,
    *,
    phases: list[Phase],
    config: StackConfig,
    args: argparse.Namespace,
    elapsed: float,
) -> None:
    ceiling, ours, sync = phases
    polls: list[Row] = ceiling.extra["polls"]  # type: ignore[assignment]
    bare: list[Row] = ceiling.extra["bare"]  # type: ignore[assignment]
    ratios = [p.rps / b.rps for p, b in zip(polls, bare, strict=True) if b.rps]
    steady = ceiling.rows.get("poll")
    steady_bare: Row | None = ceiling.extra.get("steady_bare")  # type: ignore[assignment]
    journeys = _row(ours, "journey")
    first = _row(ours, "first recipe")
    peak: dict[str, int] = ours.extra["queue_peak"]  # type: ignore[assignment]
    ollama: dict[str, Any] = ours.extra["ollama"]  # type: ignore[assignment]
    models = ollama.get("models", {})
    refused = sum(m.get("refused_busy", 0) for m in models.values())
    ours_pages, sync_pages = _pages(ours), _pages(sync)
    ours_p95 = max((r.p95 for r in ours_pages), default=0)
    sync_p95 = max((r.p95 for r in sync_pages), default=0)
    sync_failed = sum(r.failures for r in sync_pages)
    sync_requests = sum(r.count for r in sync_pages)
    uploads = _row(sync, "sync upload (model in the request)")
    queued = _row(ours, "upload")
    served = journeys.count - journeys.failures if journeys else 0
    per_minute = served / (args.journey_seconds / 60)
    vision_capacity = 60 * config.num_parallel / config.vision_seconds
    recipe_capacity = 60 * config.num_parallel / config.recipe_seconds

    lines = [
        "# Load testing",
        "",
        "`make loadtest` (`python -m loadtest`) measures the site as production runs it and "
        "rewrites this page. It is bounded (fixed users and seconds per phase, "
        f"about {elapsed / 60:.0f} minutes in all) and sends only to 127.0.0.1.",
        "",
        "## The setup",
        "",
        f"- gunicorn with `deploy/gunicorn.conf.py` (production settings, {config.web_workers} "
        f"gthread workers × {config.web_threads} threads, the app preloaded), PostgreSQL, "
        "RabbitMQ, one Celery worker per model queue.",
        f"- The simulated Ollama with a modest GPU's capacity: {config.num_parallel} calls per "
        f"model at once (`OLLAMA_NUM_PARALLEL`; one more gets Ollama's 503), a photo read in "
        f"{config.vision_seconds:g} s, a reply of recipes streamed over "
        f"{config.recipe_seconds:g} s.",
        "- locust (`loadtest/locustfile.py`) on the same 2 cores as everything else, so every "
        "figure is a floor of what a separate load machine would measure.",
        f"- Last run: {datetime.date.today().isoformat()}, {os.cpu_count()} cores.",
        "",
        "## 1. The status poll against a bare DRF view (the ceiling)",
        "",
        "Both at full speed, 8 users each, alternated in one run; the poll sends back its "
        "`ETag` as a good client does and is answered `304 Not Modified`. The bare view is DRF "
        "with token authentication reading one row (`loadtest/baseline.py`).",
        "",
        "| round | poll req/s | poll p50 | poll p99 | bare req/s | bare p50 | bare p99 | ratio |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for number, (poll, row) in enumerate(zip(polls, bare, strict=True), start=1):
        lines.append(
            f"| {number} | {poll.rps:.0f} | {_ms(poll.p50)} | {_ms(poll.p99)} | {row.rps:.0f} | "
            f"{_ms(row.p50)} | {_ms(row.p99)} | {poll.rps / row.rps:.2f}× |"
        )
    lines += [
        "",
        f"The poll serves **{statistics.mean(ratios):.2f}×** the bare view's rate "
        f"(target ≥ 1.5×). At a steady {steady.rps if steady else 0:.0f} polls/s (50 people "
        f"waiting, one poll a second each) its p50 is {_ms(steady.p50 if steady else None)} "
        f"and its p99 {_ms(steady.p99 if steady else None)} (target < 30 ms); the bare view "
        f"at the same pace, in the same run: p50 {_ms(steady_bare.p50 if steady_bare else None)}"
        f", p99 {_ms(steady_bare.p99 if steady_bare else None)}.",
        "",
        "## 2. Pages while jobs are in flight: ours against the model in the request",
        "",
        f"{args.readers} people read pages (home, history) while {args.cooks} others use the "
        "site at the same time:",
        "",
        "| | ours (jobs on the queue) | model called inside the request |",
        "|---|---|---|",
        f"| page p95 | {_ms(ours_p95)} | {_ms(sync_p95)} |",
        f"| page requests failed | {sum(r.failures for r in ours_pages)} of "
        f"{sum(r.count for r in ours_pages)} | {sync_failed} of {sync_requests} |",
        f"| uploads answered | {queued.count - queued.failures if queued else 0} "
        f"(202 at once) | {uploads.count - uploads.failures if uploads else 0} "
        f"(each after its model call; p50 {_s(uploads, 'p50')}) |",
        f"| uploads failed | {queued.failures if queued else 0} | "
        f"{uploads.failures if uploads else 0} of {uploads.count if uploads else 0} |",
        "",
        "In the in-request design a web thread is held for every model call, so pages wait "
        "behind the photos, and a photo that arrives while the model is busy fails, since the "
        "request cannot wait for room. Ours answers an upload with 202; the model's time is "
        "spent in the workers, and a busy model makes a job wait, not fail.",
        "",
        "## 3. Where it breaks",
        "",
        f"- Journeys completed (sign up → upload → poll → confirm → generate → poll → "
        f"favourite → review): **{served}** in {args.journey_seconds} s "
        f"({per_minute:.1f} a minute); {journeys.failures if journeys else 0} failed.",
        f"- Time to the first recipe (from starting the recipes): p50 {_s(first, 'p50')}, "
        f"p95 {_s(first, 'p95')}.",
        f"- Jobs in flight at the peak: {peak.get('scans', 0)} scans, "
        f"{peak.get('generations', 0)} generations. Ollama refused {refused} calls as busy "
        "(a refused call's job waits for room; the failed journeys above count any that did "
        "not finish).",
        f"- **The first bottleneck is the model's capacity**: {config.num_parallel} calls at "
        f"once make at most {vision_capacity:.0f} photos or {recipe_capacity:.0f} replies of "
        "recipes a minute, and the queue grows from there while the web tier stays fast "
        f"(page p95 {_ms(ours_p95)}, poll p99 {_ms(steady.p99 if steady else None)}).",
        "",
        "## What was changed",
        "",
        "- The status poll answers `304 Not Modified` to an unchanged job (`core/job_etag.py`): "
        "while a job is in flight and has written nothing below it, one query checks the token, "
        "the owner and the job's tag together, with no DRF request, serializer or second "
        "query, answered first in the middleware stack (counted in "
        "`chef_job_polls_not_modified_total`). Otherwise the tag is a digest of the body.",
        "- gunicorn preloads the app (`GUNICORN_PRELOAD`, on by default), so a worker recycled "
        "by `max_requests` forks ready instead of importing Django again on the cores that "
        "serve.",
        "",
        "## Recommendations",
        "",
        "- Grow by model capacity first: a second Ollama host (`OLLAMA_HOSTS`, "
        "docs/infrastructure.md) doubles both figures above; `OLLAMA_NUM_PARALLEL` above 1 "
        "helps only if the GPU has memory for the extra contexts.",
        "- Keep clients on the ETag: a poll that sends `If-None-Match` costs a fraction of one "
        "that does not. API clients should send it; the pages' status fragment does (its "
        "script lets the browser revalidate, and an unchanged job is a bodiless 304).",
        "- Three gthread workers are enough for the web tier on 2 cores; add web workers only "
        "when the page p95 rises with no model queue behind it.",
        "- Alert on the queue, not on the web: `ChefJobsWaitingForAI` and the queue-depth panel "
        "say when people wait for the model.",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
