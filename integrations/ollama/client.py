"""The Ollama clients of this process (one per host), and the cheap questions asked of the hosts.

The hosts are OLLAMA_HOSTS, or the one OLLAMA_HOST when that list is empty. Which host serves a
model call is chosen in `hosts.py`; here every question names its host, and the forms without a
host (`ping`, `loaded_models`, `warm_up`) ask every host.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar
from urllib.parse import urlsplit

import httpx
import ollama
from django.conf import settings

from integrations.ollama import metrics

# What the official client raises when the host cannot be asked at all.
TRANSPORT_ERRORS = (httpx.HTTPError, ConnectionError, ollama.ResponseError)
T = TypeVar("T")


def configured_hosts() -> list[str]:
    """The base URL of every Ollama host, in the order configured (never empty)."""
    listed = [h.strip().rstrip("/") for h in settings.OLLAMA_HOSTS if h.strip()]
    return list(dict.fromkeys(listed)) or [settings.OLLAMA_HOST.rstrip("/")]


def host_label(host: str) -> str:
    """How a host is named in metrics, cache keys and probes: `name:port` of its URL."""
    return urlsplit(host).netloc or host


@functools.lru_cache(maxsize=32)
def _client_for(pid: int, host: str, timeout: float, connect: float) -> ollama.Client:
    """One client (and connection pool) per process, host and configuration.

    Building a client costs ~30 ms (httpx loads the CA bundle), half of a whole recognition
    with an instant model; the pid in the key keeps forked pool children from sharing sockets.
    """
    return ollama.Client(host=host, timeout=httpx.Timeout(timeout, connect=connect))


def get_client(host: str | None = None) -> ollama.Client:
    """The client of `host` (by default the first configured host) for model calls."""
    return _client_for(
        os.getpid(),
        host or configured_hosts()[0],
        settings.OLLAMA_TIMEOUT,
        settings.OLLAMA_CONNECT_TIMEOUT,
    )


def _quick_client(host: str, timeout: float) -> ollama.Client:
    return _client_for(os.getpid(), host, timeout, timeout)


def has_model(models: set[str], model: str) -> bool:
    return model in models or model.removesuffix(":latest") in models


def ping_host(host: str, *, timeout: float = 2.0) -> tuple[bool, set[str], str]:
    """Is this host reachable, and which models does it have (`/api/tags`)?"""
    up = metrics.OLLAMA_UP.labels(host=host_label(host))
    try:
        listed = _quick_client(host, timeout).list()
    except TRANSPORT_ERRORS as exc:
        up.set(0)
        return False, set(), str(exc)
    up.set(1)
    names = {m.model for m in listed.models if m.model}
    # "mistral" and "mistral:latest" are the same model.
    names |= {n.removesuffix(":latest") for n in names}
    return True, names, ""


def each_host(ask: Callable[[str], T], hosts: list[str]) -> list[T]:
    """`ask(host)` for every host, side by side when there are several (one slow host does
    not add its timeout to the others')."""
    if len(hosts) == 1:
        return [ask(hosts[0])]
    with ThreadPoolExecutor(max_workers=len(hosts), thread_name_prefix="ollama-ask") as pool:
        return list(pool.map(ask, hosts))


def ping(*, timeout: float = 2.0) -> tuple[bool, set[str], str]:
    """Is Ollama reachable (any host), and which models does it have (on any host)?

    Cheap enough for /readyz; each host's `chef_ollama_up{host=…}` is set on the way.
    """
    hosts = configured_hosts()
    if len(hosts) == 1:
        return ping_host(hosts[0], timeout=timeout)
    answers = each_host(lambda host: ping_host(host, timeout=timeout), hosts)
    up = any(ok for ok, _, _ in answers)
    models: set[str] = set().union(*(names for _, names, _ in answers))
    errors = [f"{host_label(h)}: {a[2]}" for h, a in zip(hosts, answers, strict=True) if not a[0]]
    return up, models, "" if up else "; ".join(errors)


def loaded_on(host: str, *, timeout: float = 2.0) -> list[str] | None:
    """The models this host holds in memory now (`/api/ps`), or None when it cannot be asked."""
    try:
        running = _quick_client(host, timeout).ps()
    except TRANSPORT_ERRORS:
        return None
    return sorted(m.model for m in running.models if m.model)


def loaded_models(*, timeout: float = 2.0) -> list[str] | None:
    """The models loaded now on any host, or None when no host can be asked."""
    answers = each_host(lambda host: loaded_on(host, timeout=timeout), configured_hosts())
    known = [names for names in answers if names is not None]
    return sorted(set().union(*known)) if known else None


def _load(host: str, model: str) -> str:
    try:
        get_client(host).generate(model=model, prompt="", keep_alive=settings.OLLAMA_KEEP_ALIVE)
    except TRANSPORT_ERRORS as exc:
        return f"not loaded: {str(exc)[:200]}"
    return "loaded"


def _warm_host(host: str, models: list[str]) -> dict[str, str]:
    """Load on this host each model it has (with one host: each model, whatever it lists)."""
    if len(configured_hosts()) > 1:
        up, names, _ = ping_host(host)
        # An unreachable host is asked anyway, so that its outcome says why it is not loaded.
        models = [m for m in models if not up or has_model(names, m)]
    return {model: _load(host, model) for model in models}


def warm_up(models: list[str]) -> dict[str, str]:
    """Ask every host to load each of these models it has, and keep it for OLLAMA_KEEP_ALIVE.

    An empty generate request loads a model without generating (Ollama's documented way to
    preload), so the first person after a deploy or a restart does not wait for the load.
    Returns each model's outcome ("loaded", or the error; with several hosts, per host when
    not every host loaded it); it never raises.
    """
    wanted = list(dict.fromkeys(models))
    hosts = configured_hosts()
    per_host = each_host(lambda host: _warm_host(host, wanted), hosts)
    if len(hosts) == 1:
        return per_host[0]
    outcome: dict[str, str] = {}
    for model in wanted:
        pairs = zip(hosts, per_host, strict=True)
        results = {host_label(h): done[model] for h, done in pairs if model in done}
        if not results:
            outcome[model] = "not loaded: no host has it"
        elif all(result == "loaded" for result in results.values()):
            outcome[model] = "loaded"
        else:
            outcome[model] = "; ".join(f"{label}: {result}" for label, result in results.items())
    return outcome
