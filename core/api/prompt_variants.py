"""GET /api/v1/prompt-variants/: every prompt variant with its statistics, for staff only."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAdminUser
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import UNAUTHENTICATED
from core.api.base import BaseApi
from core.api.base import error
from core.api.base import response_example
from core.api.errors import error_example
from core.models import PromptVariant
from core.variant_report import variant_report
from core.variant_report import verdict


def rate(help_text: str = "", *, required: bool = True) -> serializers.FloatField:
    """A share from 0 to 1, or null when there is nothing to divide by yet."""
    return serializers.FloatField(
        allow_null=True, min_value=0, max_value=1, help_text=help_text, required=required
    )


class PromptVariantOutputSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=PromptVariant.Kind.choices)
    name = serializers.CharField()
    version = serializers.IntegerField()
    # A declared field, popped from the class by DRF's metaclass: it never shadows Field.label.
    label = serializers.CharField(  # type: ignore[assignment]
        help_text='What the model-call log names it: "recipes-v3".'
    )
    active = serializers.BooleanField()
    weight = serializers.IntegerField(help_text="Its share of the draw among the active ones.")
    model = serializers.CharField(help_text="Empty: the site's configured model for the kind.")
    options = serializers.DictField(help_text="The Ollama options it sends.")
    created_at = serializers.DateTimeField()
    jobs = serializers.IntegerField(help_text="Jobs that asked the model with it.")
    calls = serializers.IntegerField()
    first_try_valid_rate = rate(
        help_text="Share of first asks whose reply was schema-valid as it came."
    )
    salvaged_rate = rate(help_text="Share of asks read after unwrapping the reply locally.")
    repaired_rate = rate(help_text="Share of asks answered only after the repair round.")
    failure_rate = rate(help_text="Share of calls that failed.")
    prompt_tokens_mean = serializers.FloatField(allow_null=True)
    eval_tokens_mean = serializers.FloatField(allow_null=True, help_text="Reply tokens.")
    latency_ms_p50 = serializers.FloatField(allow_null=True)
    latency_ms_p95 = serializers.FloatField(allow_null=True)
    # Recognition only.
    scans_confirmed = serializers.IntegerField(required=False)
    precision = rate(required=False, help_text="Share of recognised names the person kept.")
    recall = rate(required=False, help_text="Share of the person's final list the model found.")
    f1 = rate(required=False)
    # Recipe writing only.
    recipes = serializers.IntegerField(required=False)
    favourite_rate = rate(required=False)
    ratings = serializers.IntegerField(required=False)
    rating_mean = serializers.FloatField(allow_null=True, required=False)
    rating_ci95 = serializers.ListField(
        child=serializers.FloatField(),
        allow_null=True,
        required=False,
        help_text="The 95 % confidence interval of the mean rating (normal approximation).",
    )
    withheld_rate = rate(
        required=False, help_text="Share of written recipes the safety check withheld."
    )
    edited_rate = rate(required=False, help_text="Not recorded yet.")
    cooked_rate = rate(required=False, help_text="Not recorded yet.")


class VerdictOutputSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=PromptVariant.Kind.choices)
    signal = serializers.CharField(help_text="The primary signal compared.")
    state = serializers.ChoiceField(
        choices=["better", "no_difference", "not_enough_data", "single"],
        help_text="single: fewer than two active variants of the kind.",
    )
    leader = serializers.CharField(allow_null=True)
    other = serializers.CharField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True, help_text="Two-proportion z-test.")
    needs = serializers.IntegerField(help_text="More trials each variant needs, at least.")


class PromptVariantReportSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    results = PromptVariantOutputSerializer(many=True)
    verdicts = VerdictOutputSerializer(many=True)


EXAMPLE: dict[str, Any] = {
    "count": 1,
    "results": [
        {
            "id": 1,
            "kind": "recipes",
            "name": "recipes",
            "version": 3,
            "label": "recipes-v3",
            "active": True,
            "weight": 1,
            "model": "",
            "options": {"temperature": 0.7},
            "created_at": "2026-12-03T12:00:00Z",
            "jobs": 120,
            "calls": 131,
            "first_try_valid_rate": 0.92,
            "salvaged_rate": 0.05,
            "repaired_rate": 0.03,
            "failure_rate": 0.02,
            "prompt_tokens_mean": 512.0,
            "eval_tokens_mean": 1890.0,
            "latency_ms_p50": 41000.0,
            "latency_ms_p95": 73000.0,
            "recipes": 348,
            "favourite_rate": 0.21,
            "ratings": 40,
            "rating_mean": 4.1,
            "rating_ci95": [3.8, 4.4],
            "withheld_rate": 0.03,
            "edited_rate": None,
            "cooked_rate": None,
        }
    ],
    "verdicts": [
        {
            "kind": "recipes",
            "signal": "favourite_rate",
            "state": "single",
            "leader": None,
            "other": None,
            "p_value": None,
            "needs": 0,
        }
    ],
}


@extend_schema(
    tags=["prompt lab"],
    examples=[response_example("Prompt variants", EXAMPLE)],
    summary="Prompt variants and how each does (staff only)",
    responses={
        200: PromptVariantReportSerializer,
        401: UNAUTHENTICATED,
        403: error(
            "Only staff may read the prompt variants.",
            error_example(
                "Not staff",
                "permission_denied",
                "You do not have permission to perform this action.",
                None,
                403,
            ),
        ),
    },
)
class PromptVariantListApi(BaseApi):
    permission_classes = (IsAdminUser,)

    def get(self, request: Request) -> Response:
        rows = variant_report()
        verdicts = [asdict(verdict(rows, kind)) for kind in PromptVariant.Kind.values]
        body = {"count": len(rows), "results": rows, "verdicts": verdicts}
        return Response(PromptVariantReportSerializer(body).data)
