"""The circuit breaker in front of Ollama, shared by every worker process through the cache."""

from __future__ import annotations

import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

from integrations.ollama import metrics
from integrations.ollama.errors import BreakerOpen

logger = logging.getLogger(__name__)

_FAILS = "ollama:breaker:failures"
_OPEN_UNTIL = "ollama:breaker:open_until"
_PROBE = "ollama:breaker:probe"


def breaker_check() -> None:
    """Raise BreakerOpen while the breaker is open; let one probe through when it half-opens."""
    open_until = cache.get(_OPEN_UNTIL)
    if open_until is None:
        metrics.BREAKER_OPEN.set(0)
        return
    remaining = float(open_until) - time.time()
    if remaining > 0:
        metrics.BREAKER_OPEN.set(1)
        raise BreakerOpen(retry_in=max(1, round(remaining)))
    # Half-open: exactly one caller probes; the others keep waiting.
    if not cache.add(_PROBE, 1, timeout=settings.BREAKER_RESET_SECONDS):
        raise BreakerOpen(retry_in=settings.BREAKER_RESET_SECONDS)


def _failure_keys() -> list[str]:
    return [f"{_FAILS}:{n}" for n in range(1, settings.BREAKER_FAILURE_THRESHOLD + 1)]


def breaker_record_success() -> None:
    cache.delete_many([*_failure_keys(), _OPEN_UNTIL, _PROBE])
    metrics.BREAKER_OPEN.set(0)


def breaker_record_failure() -> None:
    """Count one failure; open the breaker at the threshold.

    Each failure claims the next free numbered key with `add()`, which is atomic on every cache
    backend: the database cache's `incr()` is a read then a write, so two worker processes
    failing at the same moment would count once.
    """
    reset = settings.BREAKER_RESET_SECONDS
    keys = _failure_keys()
    claimed = any(cache.add(key, 1, timeout=reset * 10) for key in keys)
    failures = len(cache.get_many(keys)) if claimed else len(keys)
    if failures >= settings.BREAKER_FAILURE_THRESHOLD:
        cache.set(_OPEN_UNTIL, time.time() + reset, timeout=reset * 10)
        cache.delete(_PROBE)
        metrics.BREAKER_OPEN.set(1)
        logger.warning("AI-service circuit breaker opened", extra={"failures": failures})


def breaker_state() -> dict[str, Any]:
    open_until = cache.get(_OPEN_UNTIL)
    remaining = (float(open_until) - time.time()) if open_until else 0.0
    return {
        "open": remaining > 0,
        "retry_in": max(0, round(remaining)),
        "failures": len(cache.get_many(_failure_keys())),
    }
