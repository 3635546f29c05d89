"""The model-call log the estimates learn from: a past reply like a job's."""

from __future__ import annotations

from core import estimates
from core.jobs import Job
from core.models import ModelCall
from recipes.models import Generation


def past_reply_like(job: Job, *, tokens_per_unit: int, wall_ms: int) -> ModelCall:
    """A succeeded call of the job's model for its purpose, `tokens_per_unit` tokens for each
    thing the job writes, that took `wall_ms`; the estimates read the log again."""
    call = ModelCall.objects.create(
        purpose=job.model_purpose,
        model=job.model_name,
        prompt_version="v1",
        outcome=ModelCall.Outcome.OK,
        generation=job if isinstance(job, Generation) else None,
        eval_count=tokens_per_unit * job.estimate_units,
        wall_ms=wall_ms,
    )
    estimates.forget()
    return call
