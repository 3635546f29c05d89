"""The RabbitMQ of this run: its URL, whether it answers, and emptying queues between runs."""

from __future__ import annotations

import contextlib
import os
from typing import Any

DEFAULT_RABBIT = "amqp://guest:guest@127.0.0.1:5672//"
QUEUES = ("vision", "recipes")


def rabbit_url() -> str:
    """CELERY_BROKER_URL when it is an AMQP URL (a vhost of its own), else guest@127.0.0.1:5672/."""
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith("amqp://") else DEFAULT_RABBIT


def broker_reachable(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        return False
    return True


def purge_queues(url: str, queues: tuple[str, ...] = QUEUES) -> None:
    """Drop every message waiting in `queues`, so a run sees only its own jobs."""
    from kombu import Connection

    with Connection(url, connect_timeout=2) as conn:
        for name in queues:
            channel: Any = conn.channel()
            with contextlib.suppress(Exception):  # the queue does not exist: nothing to purge
                channel.queue_purge(name)
