"""What the gateway tells about each call it made; the caller decides where that is kept."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Protocol

from integrations.ollama import metrics
from integrations.ollama.streaming import ReplyStats


@dataclass(frozen=True)
class CallResult:
    """One call to a model: how it ended, what Ollama reported and how long it took."""

    model: str
    purpose: str
    attempt: int
    outcome: str
    wall_ms: int
    error: str = ""
    stats: ReplyStats = field(default_factory=ReplyStats)  # empty when no reply came
    host: str = ""  # the Ollama host that served it, as `name:port`


class Recorder(Protocol):
    """Where the calls of one job are recorded (the core keeps them as rows)."""

    purpose: str
    attempt: int

    def record(self, result: CallResult) -> None: ...

    def amend_last(self, *, outcome: str, error: str) -> None:
        """The last recorded call turned out worse than it looked (its reply did not validate)."""


def observe(result: CallResult) -> None:
    """The call's time and tokens, for Prometheus."""
    metrics.MODEL_CALL.labels(
        model=result.model, purpose=result.purpose, outcome=result.outcome, host=result.host
    ).observe(result.wall_ms / 1000)
    stats = result.stats
    for kind, count in (("prompt", stats.prompt_eval_count), ("eval", stats.eval_count)):
        if count:
            metrics.MODEL_TOKENS.labels(model=result.model, purpose=result.purpose, type=kind).inc(
                count
            )
