"""The circuit breaker of each Ollama host, shared by every worker process through the cache.

Each host has its own keys (`ollama:breaker:<name:port>:…`), so a host that fails is skipped
while the others carry on. `host=None` names the first configured host: the one host of
OLLAMA_HOST. `breaker_state()` without a host describes the service as a whole.
"""

from __future__ import annotations

import logging
import time
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.cache import cache

from integrations.ollama import metrics
from integrations.ollama.client import configured_hosts
from integrations.ollama.client import host_label
from integrations.ollama.errors import BreakerOpen

logger = logging.getLogger(__name__)


class Gate(StrEnum):
    """What a host's breaker says about a call now."""

    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"  # one probe may go through (if no other caller took it)


def _host(host: str | None) -> str:
    return host_label(host or configured_hosts()[0])


def _open_until_key(label: str) -> str:
    return f"ollama:breaker:{label}:open_until"


def _probe_key(label: str) -> str:
    return f"ollama:breaker:{label}:probe"


def _failure_keys(label: str) -> list[str]:
    threshold = settings.BREAKER_FAILURE_THRESHOLD
    return [f"ollama:breaker:{label}:failures:{n}" for n in range(1, threshold + 1)]


def _gauge(label: str, value: int) -> None:
    metrics.BREAKER_OPEN.labels(host=label).set(value)


def breaker_gates(hosts: list[str]) -> dict[str, tuple[Gate, int]]:
    """Each host's gate and seconds until it half-opens, in one cache read, changing nothing."""
    labels = {host: host_label(host) for host in hosts}
    keys = [k for label in labels.values() for k in (_open_until_key(label), _probe_key(label))]
    found = cache.get_many(keys)
    now = time.time()
    gates: dict[str, tuple[Gate, int]] = {}
    for host, label in labels.items():
        open_until = found.get(_open_until_key(label))
        if open_until is None:
            gates[host] = (Gate.CLOSED, 0)
        elif (remaining := float(open_until) - now) > 0:
            gates[host] = (Gate.OPEN, max(1, round(remaining)))
        elif _probe_key(label) in found:
            gates[host] = (Gate.OPEN, settings.BREAKER_RESET_SECONDS)
        else:
            gates[host] = (Gate.HALF_OPEN, 0)
    return gates


def breaker_check(host: str | None = None) -> None:
    """Raise BreakerOpen while the host's breaker is open; let one probe through when it
    half-opens."""
    label = _host(host)
    open_until = cache.get(_open_until_key(label))
    if open_until is None:
        _gauge(label, 0)
        return
    remaining = float(open_until) - time.time()
    if remaining > 0:
        _gauge(label, 1)
        raise BreakerOpen(retry_in=max(1, round(remaining)))
    # Half-open: exactly one caller probes; the others keep waiting.
    if not cache.add(_probe_key(label), 1, timeout=settings.BREAKER_RESET_SECONDS):
        raise BreakerOpen(retry_in=settings.BREAKER_RESET_SECONDS)


def breaker_record_success(host: str | None = None) -> None:
    label = _host(host)
    cache.delete_many([*_failure_keys(label), _open_until_key(label), _probe_key(label)])
    _gauge(label, 0)


def breaker_record_failure(host: str | None = None) -> None:
    """Count one failure of the host; open its breaker at the threshold.

    Each failure claims the next free numbered key with `add()`, which is atomic on every cache
    backend: the database cache's `incr()` is a read then a write, so two worker processes
    failing at the same moment would count once.
    """
    label = _host(host)
    reset = settings.BREAKER_RESET_SECONDS
    keys = _failure_keys(label)
    claimed = any(cache.add(key, 1, timeout=reset * 10) for key in keys)
    failures = len(cache.get_many(keys)) if claimed else len(keys)
    if failures >= settings.BREAKER_FAILURE_THRESHOLD:
        cache.set(_open_until_key(label), time.time() + reset, timeout=reset * 10)
        cache.delete(_probe_key(label))
        _gauge(label, 1)
        logger.warning(
            "AI-service circuit breaker opened", extra={"failures": failures, "host": label}
        )


def _host_state(label: str) -> dict[str, Any]:
    open_until = cache.get(_open_until_key(label))
    remaining = (float(open_until) - time.time()) if open_until else 0.0
    return {
        "open": remaining > 0,
        "retry_in": max(0, round(remaining)),
        "failures": len(cache.get_many(_failure_keys(label))),
    }


def breaker_state(host: str | None = None) -> dict[str, Any]:
    """One host's breaker; without a host, the service's: open only while every host's is
    (calls then fail with BreakerOpen), retrying when the first one half-opens, failures
    summed over the hosts."""
    if host is not None:
        return _host_state(host_label(host))
    states = [_host_state(host_label(h)) for h in configured_hosts()]
    if len(states) == 1:
        return states[0]
    every_open = all(s["open"] for s in states)
    return {
        "open": every_open,
        "retry_in": min(s["retry_in"] for s in states) if every_open else 0,
        "failures": sum(s["failures"] for s in states),
    }
