"""The record of every model call, kept as ModelCall rows for metrics and prompt statistics."""

from __future__ import annotations

from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field

from core.models import ModelCall
from integrations.ollama.recording import CallResult


@dataclass
class CallRecord:
    """Where the calls of one job are recorded: the job they served and the prompt version.

    It is the gateway's recorder (integrations.ollama.recording.Recorder): the gateway reports
    each call, this writes the row.
    """

    purpose: str
    prompt_version: str
    prompt_variant_id: int | None = None
    scan_id: int | None = None
    generation_id: int | None = None
    attempt: int = 1
    calls: list[ModelCall] = field(default_factory=list)

    def record(self, result: CallResult) -> None:
        self.calls.append(
            ModelCall.objects.create(
                purpose=self.purpose,
                scan_id=self.scan_id,
                generation_id=self.generation_id,
                model=result.model,
                prompt_version=self.prompt_version,
                prompt_variant_id=self.prompt_variant_id,
                attempt=result.attempt,
                outcome=result.outcome,
                error=result.error,
                wall_ms=result.wall_ms,
                **asdict(result.stats),
            )
        )

    def amend_last(self, *, outcome: str, error: str) -> None:
        last = self.calls[-1]
        last.outcome, last.error = outcome, error[:500]
        last.save(update_fields=["outcome", "error"])
