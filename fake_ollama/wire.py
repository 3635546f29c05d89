"""How Ollama writes things on the wire: JSON bytes, times, request bodies, durations."""

from __future__ import annotations

import contextlib
import json
import re
from datetime import UTC
from datetime import datetime
from typing import Any

JSON = dict[str, Any]


def utc_now() -> datetime:
    return datetime.now(UTC)


def timestamp(moment: datetime | None = None) -> str:
    """An RFC 3339 UTC time, as Ollama writes `created_at`."""
    return (moment or utc_now()).isoformat(timespec="microseconds").replace("+00:00", "Z")


def dumps(obj: object) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode()


def parse_body(raw: bytes) -> tuple[JSON | None, str | None]:
    """The JSON body, or the error text Ollama's request binding gives for it."""
    text = raw.decode("utf-8", errors="replace")
    if not text.strip():
        return None, "missing request body"
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            return None, "unexpected EOF"
        return None, f"invalid character '{text[exc.pos]}' looking for beginning of value"
    if not isinstance(body, dict):
        return None, f"json: cannot unmarshal {type(body).__name__} into Go value"
    return body, None


_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def keep_alive_seconds(value: object) -> float | None:
    """`keep_alive` in seconds: a number of seconds or a Go duration ("5m", "1h30m", "-1")."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    with contextlib.suppress(ValueError):
        return float(str(value))
    parts = re.findall(r"(-?\d+(?:\.\d+)?)(ms|h|m|s)", str(value))
    return sum(float(n) * _UNITS[u] for n, u in parts) if parts else None
