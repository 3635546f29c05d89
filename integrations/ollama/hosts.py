"""Which Ollama host serves a model call: the least busy one that has the model and whose
circuit breaker lets the call through.

- **Busy** is the number of calls in flight on a host, counted across every worker process in
  the shared cache: each call claims a numbered slot key with `add()` (atomic on every cache
  backend, like the breaker's failure keys) and deletes it when it ends. A slot expires after
  the longest a call may take, so a killed worker does not leave a host busy for ever.
- **Has the model** comes from the host's `/api/tags`, kept for a few seconds in each process.
  A host that cannot be asked may still have it: it stays a candidate, and its own breaker
  (per host, `breaker.py`) takes it out of the choice once its calls fail.
- **Ties** are broken at random, so workers that choose at the same moment spread out.

With one host there is nothing to choose: the call goes to it (if its breaker allows), and
nothing is counted or asked beforehand.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Collection
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError

from integrations.ollama.breaker import Gate
from integrations.ollama.breaker import breaker_check
from integrations.ollama.breaker import breaker_gates
from integrations.ollama.client import configured_hosts
from integrations.ollama.client import has_model
from integrations.ollama.client import host_label
from integrations.ollama.client import ping_host
from integrations.ollama.errors import BreakerOpen

logger = logging.getLogger(__name__)

# How long a host's list of models is trusted, in seconds (a `pull` shows within this).
MODELS_SECONDS = 10.0
# Calls in flight counted per host; more than this still run, uncounted.
SLOTS = 64

_models: dict[str, tuple[float, set[str] | None]] = {}
_models_lock = threading.Lock()


# --- has the model ---------------------------------------------------------------------------


def models_on(host: str) -> set[str] | None:
    """The models `host` lists (cached for MODELS_SECONDS), or None when it cannot be asked."""
    now = time.monotonic()
    with _models_lock:
        cached = _models.get(host)
    if cached is not None and cached[0] > now:
        return cached[1]
    up, names, _ = ping_host(host, timeout=min(2.0, settings.OLLAMA_CONNECT_TIMEOUT))
    known = names if up else None
    with _models_lock:
        _models[host] = (now + MODELS_SECONDS, known)
    return known


def forget_models(host: str | None = None) -> None:
    """Ask again next time (a host said it lacks a model it listed; or tests changed a host)."""
    with _models_lock:
        if host is None:
            _models.clear()
        else:
            _models.pop(host, None)


# --- calls in flight -------------------------------------------------------------------------


def _slot_keys(host: str) -> list[str]:
    label = host_label(host)
    return [f"ollama:inflight:{label}:{n}" for n in range(1, SLOTS + 1)]


def in_flight_counts(hosts: Collection[str]) -> dict[str, int]:
    """Calls in flight on each host now, over every worker process (one cache read)."""
    keys = {host: _slot_keys(host) for host in hosts}
    taken = cache.get_many([key for host_keys in keys.values() for key in host_keys])
    return {host: sum(key in taken for key in host_keys) for host, host_keys in keys.items()}


def slot_seconds() -> float:
    """How long a slot lives: longer than any call (OLLAMA_CALL_DEADLINE_SECONDS bounds each)."""
    return settings.OLLAMA_CALL_DEADLINE_SECONDS + settings.OLLAMA_CONNECT_TIMEOUT + 30


@contextmanager
def in_flight(host: str) -> Iterator[None]:
    """Count one call on `host` while the block runs (not with a single host: nothing to
    choose)."""
    if len(configured_hosts()) == 1:
        yield
        return
    keys = _slot_keys(host)
    taken = cache.get_many(keys)
    lifetime = slot_seconds()
    claimed = next(
        (key for key in keys if key not in taken and cache.add(key, 1, timeout=lifetime)), None
    )
    try:
        yield
    finally:
        if claimed is not None:
            try:
                cache.delete(claimed)
            except DatabaseError:  # the slot expires by itself; the call's own outcome matters
                logger.warning("could not release a model-call slot", extra={"key": claimed})


# --- the choice ------------------------------------------------------------------------------


def _may_have(models: set[str] | None, model: str) -> bool:
    return models is None or has_model(models, model)


def choose_host(model: str, *, exclude: Collection[str] = ()) -> str:
    """The host for the next call of `model`; raises BreakerOpen when every host that may have
    it is held open by its breaker (or all were excluded: tried already in this call).

    A host whose breaker half-opened gets the probe its breaker lets through, so a host that
    came back rejoins the choice.
    """
    hosts = [host for host in configured_hosts() if host not in exclude]
    if not hosts:
        raise BreakerOpen(retry_in=settings.BREAKER_RESET_SECONDS)
    if len(configured_hosts()) == 1:
        breaker_check(hosts[0])
        return hosts[0]
    gates = breaker_gates(hosts)
    waits = {host: wait for host, (gate, wait) in gates.items() if gate is Gate.OPEN}
    passable = [host for host in hosts if host not in waits]
    having = [host for host in passable if _may_have(models_on(host), model)]
    if not having:
        if waits:  # the model may be on a host whose breaker is open: wait for it
            raise BreakerOpen(retry_in=min(waits.values()))
        having = passable  # no host has it: the call says so (ModelMissing)
    busy = in_flight_counts(having)
    probe = {host for host in having if gates[host][0] is Gate.HALF_OPEN}
    # Least busy first; between equals a host whose breaker half-opened, so that it is probed
    # at once and rejoins; then at random.
    ordered = sorted(
        having,
        key=lambda host: (busy[host], host not in probe, random.random()),  # noqa: S311
    )
    for host in ordered:
        try:
            breaker_check(host)
        except BreakerOpen as held:  # another process took the probe, or it opened meanwhile
            waits[host] = held.retry_in
            continue
        return host
    raise BreakerOpen(retry_in=min(waits.values()))
