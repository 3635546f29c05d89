"""Output shapes every app's API shares."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from core.jobs import ErrorCode
from core.jobs import JobStatus
from core.jobs import Stage


class JobFieldsSerializer(serializers.Serializer[Any]):
    """The fields every long-running job shows while it is polled."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(
        choices=JobStatus.choices,
        help_text=(
            "`queued` → `running` → `succeeded` or `failed`; `cancelled` when its owner "
            "stopped it (`POST …/cancel/`). Failed and cancelled jobs can be retried. "
            "`waiting`: the AI is not reachable or busy right now; the job keeps its place and "
            "runs by itself as soon as the AI answers (it fails after waiting for a set time, "
            "30 minutes by default)."
        ),
    )
    progress = serializers.IntegerField(
        min_value=0,
        max_value=100,
        help_text=(
            "Percent done; follows the tokens the model has sent against what such a reply "
            "usually takes here, and never goes down."
        ),
    )
    eta_seconds = serializers.IntegerField(
        allow_null=True,
        min_value=0,
        help_text=(
            "Seconds the job is expected to take from now, from the recorded speed of its "
            "model on this site; null when there is no estimate (no earlier call of that "
            "model, or the job has finished). A queued job's estimate leaves out the jobs "
            "ahead of it."
        ),
    )
    stage = serializers.CharField(
        source="stage_text",
        help_text=(
            "What is happening now, in plain words in the answer's language "
            '(`Content-Language`), e.g. "Writing recipe 2 of 3".'
        ),
    )
    stage_code = serializers.ChoiceField(
        source="stage",
        choices=Stage.choices,
        help_text=(
            "What is happening now (machine-readable); `stage` words it. A client should "
            'treat a code it does not know as "still working".'
        ),
    )
    error_code = serializers.ChoiceField(
        choices=[("", "None"), *ErrorCode.choices],
        help_text="Why the job failed (machine-readable); empty unless failed.",
    )
    error_message = serializers.CharField(
        source="error_text",
        allow_blank=True,
        help_text=(
            "Why the job failed, in words to show a person, in the answer's language; "
            "empty unless failed."
        ),
    )
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    model = serializers.CharField(source="model_name", help_text="The Ollama model used.")
