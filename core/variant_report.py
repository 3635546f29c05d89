"""How each prompt variant does, from what the model returned and what people did with it.

The core measures what every variant has in common, from the model-call log: jobs, first-try
schema-valid, salvaged, repaired and failed rates, tokens, latency. The apps add the signals
only they can see (add_variant_signals): recognition precision and recall from the person's
corrections, favourites, ratings and the safety check's drops. `verdict` compares the active
variants of a kind on the kind's primary signal with a two-proportion z-test.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from django.db.models import Avg
from django.db.models import Count
from django.db.models import Q

from core.models import ModelCall
from core.models import PromptVariant

# Calls whose reply was read: as it came, or after unwrapping it locally.
ANSWERED = (ModelCall.Outcome.OK, ModelCall.Outcome.SALVAGED)
# Latencies are read from at most this many recent answered calls per variant.
LATENCY_SAMPLE = 5000
# A comparison waits for this many trials of the primary signal per variant, and for at least
# MIN_EVENTS successes and as many failures, before it says anything.
MIN_TRIALS = 30
MIN_EVENTS = 5
SIGNIFICANCE = 0.05

# The signal a kind is judged by: its name in the report, and the names of its trial and
# success counts there.
PRIMARY = {
    PromptVariant.Kind.VISION: ("recall", "ingredients_confirmed", "ingredients_found"),
    PromptVariant.Kind.RECIPES: ("favourite_rate", "recipes", "favourited_recipes"),
}

SignalSource = Callable[[list[PromptVariant]], dict[int, dict[str, Any]]]
_SOURCES: list[SignalSource] = []


def add_variant_signals(source: SignalSource) -> None:
    """An app adds its own signals: a function from the variants to {variant id: values}."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def ratio(part: float, whole: float) -> float | None:
    return None if not whole else part / whole


def percentile(values: list[int], q: float) -> float | None:
    """The q-th percentile (0–100) of `values`, linearly interpolated; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def mean_ci95(values: list[float]) -> tuple[float | None, list[float] | None]:
    """The mean and its 95 % confidence interval (normal approximation; none below 2 values)."""
    if not values:
        return None, None
    n = len(values)
    mean = sum(values) / n
    if n < 2:
        return mean, None
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))
    half = NormalDist().inv_cdf(0.975) * sd / math.sqrt(n)
    return mean, [round(mean - half, 3), round(mean + half, 3)]


def _call_signals(variants: list[PromptVariant]) -> dict[int, dict[str, Any]]:
    ids = [v.pk for v in variants]
    rows = (
        ModelCall.objects.filter(prompt_variant__in=ids)
        .values("prompt_variant")
        .annotate(
            calls=Count("id"),
            asks=Count("id", filter=Q(attempt=1)),
            first_try_valid=Count("id", filter=Q(attempt=1, outcome=ModelCall.Outcome.OK)),
            salvaged=Count("id", filter=Q(outcome=ModelCall.Outcome.SALVAGED)),
            repaired=Count("id", filter=Q(attempt__gt=1, outcome__in=ANSWERED)),
            failed=Count("id", filter=~Q(outcome__in=ANSWERED)),
            scans=Count("scan", distinct=True),
            generations=Count("generation", distinct=True),
            prompt_tokens=Avg("prompt_eval_count", filter=Q(outcome__in=ANSWERED)),
            eval_tokens=Avg("eval_count", filter=Q(outcome__in=ANSWERED)),
        )
    )
    out: dict[int, dict[str, Any]] = {}
    for row in rows:
        wall = list(
            ModelCall.objects.filter(prompt_variant=row["prompt_variant"], outcome__in=ANSWERED)
            .order_by("-created_at")
            .values_list("wall_ms", flat=True)[:LATENCY_SAMPLE]
        )
        asks = row["asks"]
        out[row["prompt_variant"]] = {
            "jobs": row["scans"] + row["generations"],
            "calls": row["calls"],
            "first_try_valid_rate": ratio(row["first_try_valid"], asks),
            "salvaged_rate": ratio(row["salvaged"], asks),
            "repaired_rate": ratio(row["repaired"], asks),
            "failure_rate": ratio(row["failed"], row["calls"]),
            "prompt_tokens_mean": row["prompt_tokens"],
            "eval_tokens_mean": row["eval_tokens"],
            "latency_ms_p50": percentile(wall, 50),
            "latency_ms_p95": percentile(wall, 95),
        }
    return out


EMPTY_CALL_SIGNALS: dict[str, Any] = {
    "jobs": 0,
    "calls": 0,
    "first_try_valid_rate": None,
    "salvaged_rate": None,
    "repaired_rate": None,
    "failure_rate": None,
    "prompt_tokens_mean": None,
    "eval_tokens_mean": None,
    "latency_ms_p50": None,
    "latency_ms_p95": None,
}


def variant_report(variants: Iterable[PromptVariant] | None = None) -> list[dict[str, Any]]:
    """One row per variant: what it is, then every signal (None where there is no data)."""
    chosen = list(PromptVariant.objects.all() if variants is None else variants)
    signals = [_call_signals(chosen), *(source(chosen) for source in _SOURCES)]
    rows = []
    for variant in chosen:
        row: dict[str, Any] = {
            "id": variant.pk,
            "kind": variant.kind,
            "name": variant.name,
            "version": variant.version,
            "label": variant.label,
            "active": variant.active,
            "weight": variant.weight,
            "model": variant.model,
            "options": variant.options,
            "created_at": variant.created_at,
            **EMPTY_CALL_SIGNALS,
        }
        for found in signals:
            row.update(found.get(variant.pk, {}))
        rows.append(row)
    return rows


@dataclass(frozen=True)
class Verdict:
    """The comparison of the active variants of one kind on its primary signal."""

    kind: str
    signal: str
    state: str  # "better", "no_difference", "not_enough_data" or "single"
    leader: str | None = None
    other: str | None = None
    p_value: float | None = None
    needs: int = 0


def two_proportion_p(s1: int, n1: int, s2: int, n2: int) -> float:
    """The two-sided p-value of a two-proportion z-test (pooled)."""
    pooled = (s1 + s2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 1.0
    z = (s1 / n1 - s2 / n2) / se
    return 2 * (1 - NormalDist().cdf(abs(z)))


def _enough(row: dict[str, Any], trials: str, successes: str) -> bool:
    n, s = row.get(trials) or 0, row.get(successes) or 0
    return n >= MIN_TRIALS and s >= MIN_EVENTS and n - s >= MIN_EVENTS


def verdict(rows: list[dict[str, Any]], kind: str) -> Verdict:
    """Which of the two active variants of `kind` with the most data does better, if the data
    can tell yet."""
    signal, trials, successes = PRIMARY[PromptVariant.Kind(kind)]
    active = [r for r in rows if r["kind"] == kind and r["active"] and r["weight"] > 0]
    if len(active) < 2:
        return Verdict(kind=kind, signal=signal, state="single")
    a, b = sorted(active, key=lambda r: r.get(trials) or 0, reverse=True)[:2]
    if not (_enough(a, trials, successes) and _enough(b, trials, successes)):
        needs = max(0, MIN_TRIALS - min(a.get(trials) or 0, b.get(trials) or 0))
        return Verdict(kind=kind, signal=signal, state="not_enough_data", needs=needs)
    p = two_proportion_p(a[successes], a[trials], b[successes], b[trials])
    leader, other = (a, b) if a[signal] >= b[signal] else (b, a)
    state = "better" if p < SIGNIFICANCE else "no_difference"
    return Verdict(
        kind=kind,
        signal=signal,
        state=state,
        leader=leader["label"],
        other=other["label"],
        p_value=p,
    )


def promote(variant: PromptVariant) -> int:
    """Make `variant` the only active one of its kind; the number of variants stopped."""
    stopped = (
        PromptVariant.objects.filter(kind=variant.kind, active=True)
        .exclude(pk=variant.pk)
        .update(active=False)
    )
    variant.active = True
    variant.weight = max(1, variant.weight)
    variant.save(update_fields=["active", "weight"])
    return stopped
