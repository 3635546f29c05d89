"""Progress of a running job while its model streams: honest, monotonic, and a way to stop.

A `ModelProgress` is the progress callback of one model call (integrations.ollama's
`on_progress`). It turns the tokens received into the job's bar, between the share of the bar
that call owns (`low`–`high`), against the tokens such a reply usually takes on this site
(core.estimates; a default size in characters when the log is empty), and writes when the model
is expected to finish. It writes at most every REPORT_SECONDS, also while no token comes, and
each write checks the row: a job its owner cancelled raises JobStopped, which closes the model's
stream.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from core.estimates import ModelSpeed
from core.estimates import speed_for
from core.jobs import Job
from core.jobs import job_check_cancelled
from core.jobs import job_set_progress
from integrations.ollama.streaming import StreamProgress

REPORT_SECONDS = 0.5
# Characters per token when a reply's usual size is only known in characters (no history).
CHARS_PER_TOKEN = 4


def eased(fraction: float) -> float:
    """How much of its share the bar shows: the fraction itself up to 90 %, then ever closer to
    the whole without reaching it, so a reply longer than usual still moves the bar."""
    if fraction <= 0.9:
        return max(0.0, fraction)
    return 0.9 + 0.1 * (1 - math.exp(-(fraction - 0.9) / 0.1))


class ModelProgress:
    """The `on_progress` of one model call of `job` (see the module's docstring)."""

    def __init__(
        self,
        job: Job,
        *,
        low: int,
        high: int,
        stage: str,
        params: Callable[[], dict[str, Any]] | None = None,
        units: int = 1,
        default_chars_per_unit: int,
        speed: ModelSpeed | bool | None = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.job = job
        self.low, self.high, self.stage = low, high, stage
        # The stage's parameters as they are at each write ("recipe 2 of 3" once one is saved).
        self.params = params
        self.speed = speed_for(job, fresh=True) if speed is False else speed
        per_unit = (
            self.speed.tokens_per_unit
            if isinstance(self.speed, ModelSpeed)
            else default_chars_per_unit / CHARS_PER_TOKEN
        )
        self.expected_tokens = max(1.0, per_unit * max(1, units))
        self._clock = clock
        self._last = -math.inf
        self._tokens_reported = -1

    def start(self) -> None:
        """The call is about to be made: its share of the bar begins, with the usual time."""
        self._write(self.low, eta=self._seconds_left(0))

    def __call__(self, progress: StreamProgress) -> None:
        now = self._clock()
        if now - self._last < REPORT_SECONDS:
            return
        self._last = now
        tokens = progress.tokens
        percent = self.low + (self.high - self.low) * eased(tokens / self.expected_tokens)
        # The estimate moves with the tokens; while none come it keeps counting down.
        eta: float | bool | None = False
        if tokens and tokens != self._tokens_reported:
            eta = self._seconds_left(tokens)
        self._tokens_reported = tokens
        self._write(int(percent), eta=eta)

    def _seconds_left(self, tokens: int) -> float | None:
        if not isinstance(self.speed, ModelSpeed):
            return None
        return self.speed.seconds_for(self.expected_tokens - tokens)

    def _write(self, percent: int, *, eta: float | bool | None) -> None:
        params = self.params() if self.params is not None else None
        written = job_set_progress(
            job=self.job, progress=percent, stage=self.stage, params=params, eta_seconds=eta
        )
        if not written:
            job_check_cancelled(self.job)  # a cancelled job raises JobStopped
