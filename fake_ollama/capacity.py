"""How much the simulated GPU can do: calls per model at once, and how long a reply takes.

Ollama runs at most `OLLAMA_NUM_PARALLEL` requests per loaded model; the fake refuses one more with
Ollama's 503 ("server busy"), so a load test meets the same wall a real host puts up. A model may
also be given the seconds its reply takes (vision 4 s, recipes 20 s on a modest GPU): the reply is
then streamed evenly over that time. `stats()` is what a load test reads back (`GET /fake/stats`).
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping

from .catalogue import canonical_name
from .wire import JSON


class Capacity:
    """Slots per model, reply times per model, and the counts of what happened."""

    def __init__(
        self,
        *,
        num_parallel: int | None = None,
        reply_seconds: Mapping[str, float] | None = None,
    ) -> None:
        self.num_parallel = num_parallel
        self.reply_seconds = {canonical_name(m): s for m, s in (reply_seconds or {}).items()}
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()
        self._peak: Counter[str] = Counter()
        self._served: Counter[str] = Counter()
        self._refused: Counter[str] = Counter()

    def acquire(self, model: str) -> bool:
        """Take a slot of `model`; False (and counted) if all of its slots are taken."""
        name = canonical_name(model)
        with self._lock:
            if self.num_parallel is not None and self._in_flight[name] >= self.num_parallel:
                self._refused[name] += 1
                return False
            self._in_flight[name] += 1
            self._peak[name] = max(self._peak[name], self._in_flight[name])
            return True

    def release(self, model: str) -> None:
        name = canonical_name(model)
        with self._lock:
            self._in_flight[name] -= 1
            self._served[name] += 1

    def seconds_for(self, model: str) -> float | None:
        """How long a reply of `model` takes, if set."""
        return self.reply_seconds.get(canonical_name(model))

    def reset(self) -> None:
        with self._lock:
            for counter in (self._peak, self._served, self._refused):
                counter.clear()

    def stats(self) -> JSON:
        with self._lock:
            names = sorted({*self._in_flight, *self._served, *self._refused})
            return {
                "num_parallel": self.num_parallel,
                "models": {
                    name: {
                        "in_flight": self._in_flight[name],
                        "peak_in_flight": self._peak[name],
                        "served": self._served[name],
                        "refused_busy": self._refused[name],
                        "reply_seconds": self.reply_seconds.get(name),
                    }
                    for name in names
                },
            }


def parse_reply_seconds(text: str) -> dict[str, float]:
    """`model=seconds,model=seconds` (the command line's form) as a mapping."""
    found: dict[str, float] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        model, sep, seconds = part.rpartition("=")
        if not sep or not model.strip():
            raise ValueError(f"expected model=seconds, got {part.strip()!r}")
        found[model.strip()] = float(seconds)
    return found
