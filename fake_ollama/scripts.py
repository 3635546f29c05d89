"""What a test tells the fake to do (a `Script`) and what the fake saw (a `RecordedRequest`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from dataclasses import field

from .wire import JSON

ENDPOINTS = ("chat", "generate", "pull")


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server received it, for tests to assert on."""

    method: str
    path: str
    json: JSON | None
    headers: dict[str, str]
    received_at: float = field(default_factory=time.time)

    @property
    def model(self) -> str | None:
        value = (self.json or {}).get("model")
        return value if isinstance(value, str) else None


@dataclass(frozen=True)
class Script:
    """One scripted reply, consumed by the next matching request."""

    endpoint: str
    content: str | None = None
    status: int | None = None
    error: str | None = None
    delay: float = 0.0
    chunk_delay: float = 0.0
    done_reason: str = "stop"
    stream_error_after: int | None = None
    drop_connection: bool = False
    model: str | None = None

    @property
    def fails_at_once(self) -> bool:
        """An HTTP error (or a hang-up) instead of any reply, rather than a broken stream."""
        if self.stream_error_after is not None:
            return False
        return self.drop_connection or self.status is not None or self.error is not None
