"""The Ollama client of this process, and the cheap questions asked of the host."""

from __future__ import annotations

import functools
import os

import httpx
import ollama
from django.conf import settings

from integrations.ollama import metrics

# What the official client raises when the host cannot be asked at all.
TRANSPORT_ERRORS = (httpx.HTTPError, ConnectionError, ollama.ResponseError)


@functools.lru_cache(maxsize=8)
def _client_for(pid: int, host: str, timeout: float, connect: float) -> ollama.Client:
    """One client (and connection pool) per process and configuration.

    Building a client costs ~30 ms (httpx loads the CA bundle), half of a whole recognition
    with an instant model; the pid in the key keeps forked pool children from sharing sockets.
    """
    return ollama.Client(host=host, timeout=httpx.Timeout(timeout, connect=connect))


def get_client() -> ollama.Client:
    return _client_for(
        os.getpid(),
        settings.OLLAMA_HOST,
        settings.OLLAMA_TIMEOUT,
        settings.OLLAMA_CONNECT_TIMEOUT,
    )


def _quick_client(timeout: float) -> ollama.Client:
    return _client_for(os.getpid(), settings.OLLAMA_HOST, timeout, timeout)


def ping(*, timeout: float = 2.0) -> tuple[bool, set[str], str]:
    """Is Ollama reachable, and which models does it have? Cheap enough for /readyz."""
    try:
        listed = _quick_client(timeout).list()
    except TRANSPORT_ERRORS as exc:
        metrics.OLLAMA_UP.set(0)
        return False, set(), str(exc)
    metrics.OLLAMA_UP.set(1)
    names = {m.model for m in listed.models if m.model}
    # "mistral" and "mistral:latest" are the same model.
    names |= {n.removesuffix(":latest") for n in names}
    return True, names, ""


def loaded_models(*, timeout: float = 2.0) -> list[str] | None:
    """The models Ollama holds in memory now (`/api/ps`), or None when it cannot be asked."""
    try:
        running = _quick_client(timeout).ps()
    except TRANSPORT_ERRORS:
        return None
    return sorted(m.model for m in running.models if m.model)


def warm_up(models: list[str]) -> dict[str, str]:
    """Ask Ollama to load each model now and keep it for OLLAMA_KEEP_ALIVE.

    An empty generate request loads a model without generating (Ollama's documented way to
    preload), so the first person after a deploy or a restart does not wait for the load.
    Returns each model's outcome ("loaded" or the error); it never raises.
    """
    outcome: dict[str, str] = {}
    for model in dict.fromkeys(models):
        try:
            get_client().generate(model=model, prompt="", keep_alive=settings.OLLAMA_KEEP_ALIVE)
        except TRANSPORT_ERRORS as exc:
            outcome[model] = f"not loaded: {str(exc)[:200]}"
        else:
            outcome[model] = "loaded"
    return outcome
