"""The OpenAPI documentation of the generation endpoints (ask for recipes, poll, retry,
cancel, delete), applied to the views with extend_schema_view: the views hold only their
handlers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view

from core.api.base import error, errors, finished_conflict, job_headers, response_example
from recipes.api.examples import (
    CANCELLED_EXAMPLE,
    GENERATION_EXAMPLE,
    GENERATIONS,
    JOB_EXAMPLE,
    RUNNING_EXAMPLE,
)
from recipes.api.serializers import (
    GenerationCreateInputSerializer,
    GenerationOutputSerializer,
    GenerationSummaryOutputSerializer,
)

generation_list_create_schema = extend_schema_view(
    get=extend_schema(
        tags=GENERATIONS,
        summary="List my generations",
        description="Newest first, paginated; each lists its recipes' ids and titles only.",
        responses={200: GenerationSummaryOutputSerializer(many=True), **errors(404)},
        examples=[
            response_example(
                "Page of generations",
                {
                    **GENERATION_EXAMPLE,
                    "recipes": [{"id": 314, "title": "Spinach and cheddar omelette"}],
                },
            )
        ],
    ),
    post=extend_schema(
        tags=GENERATIONS,
        summary="Ask for recipes from a list of ingredients",
        parameters=job_headers(),
        description=(
            "Queues a recipe-writing job and answers 202 at once, with a `Location` to poll "
            "until `status` is `succeeded`, `failed` (`error_message` says why) or `cancelled`. "
            "Each recipe appears in `recipes` as soon as it is written, while the job runs. "
            "Recipes respect your profile: allergens and foods outside your diet are never "
            "shown. An identical earlier request is answered from its result unless `fresh`."
        ),
        request=GenerationCreateInputSerializer,
        responses={
            202: OpenApiResponse(GenerationOutputSerializer, description="Queued."),
            400: error(
                "A field is invalid, or the scan is not one of yours.",
                response_example(
                    "No ingredients",
                    {
                        "error": {
                            "code": "invalid",
                            "message": "Some fields are invalid.",
                            "details": {"ingredients": ["Add at least one ingredient."]},
                        }
                    },
                    400,
                ),
            ),
            **errors(429),
        },
        examples=[
            OpenApiExample(
                "From a scan",
                value={
                    "ingredients": ["eggs", "spinach", "cheddar cheese"],
                    "must_use": ["spinach"],
                    "scan": 42,
                    "count": 3,
                    "max_minutes": 30,
                },
                request_only=True,
            ),
            response_example("Queued", {**JOB_EXAMPLE, "recipes": []}, 202),
        ],
    ),
)


generation_detail_schema = extend_schema_view(
    get=extend_schema(
        tags=GENERATIONS,
        summary="Poll one generation",
        description=(
            "`recipes` grows while `status` is `running`: each recipe is there as soon as the "
            "model has finished it and it passed the safety check. `eta_seconds` says how long "
            "the rest should take (null when unknown)."
        ),
        responses={200: GenerationOutputSerializer, **errors(404)},
        examples=[
            response_example("Running, one recipe written", RUNNING_EXAMPLE),
            response_example("Done", GENERATION_EXAMPLE),
            response_example("Cancelled", CANCELLED_EXAMPLE),
        ],
    ),
    delete=extend_schema(
        tags=GENERATIONS,
        summary="Delete a generation",
        description="Its recipes stay (they are yours), detached from the generation.",
        responses={204: None, **errors(404)},
    ),
)


generation_retry_schema = extend_schema_view(
    post=extend_schema(
        tags=GENERATIONS,
        summary="Retry a failed or cancelled generation",
        parameters=job_headers(),
        description=(
            "Queues the failed or cancelled generation again (202); the recipes it had already "
            "written stay and only the missing ones are asked for. Any other state answers 409."
        ),
        request=None,
        responses={202: GenerationOutputSerializer, **errors(404, 409, 429)},
        examples=[response_example("Queued again", {**JOB_EXAMPLE, "recipes": []}, 202)],
    ),
)


CANCEL_REFUSED = "This generation has finished; only a queued or running one can be cancelled."

generation_cancel_schema = extend_schema_view(
    post=extend_schema(
        tags=GENERATIONS,
        summary="Cancel a queued or running generation",
        description=(
            "The generation is `cancelled` at once; the worker stops within about a second, "
            "closes the model's stream (the model stops writing) and saves nothing more. The "
            "recipes written before the cancel stay. It can be retried. A generation that has "
            "already finished answers 409."
        ),
        request=None,
        responses={
            200: GenerationOutputSerializer,
            **errors(404),
            409: finished_conflict(CANCEL_REFUSED),
        },
        examples=[response_example("Cancelled", CANCELLED_EXAMPLE)],
    ),
)
