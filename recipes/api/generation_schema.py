"""The OpenAPI documentation of the generation endpoints (ask for recipes, poll, retry,
cancel, delete), applied to the views with extend_schema_view: the views hold only their
handlers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import extend_schema_view

from core.api.base import error
from core.api.base import response_example
from core.api.errors import error_example
from core.openapi import JobEndpoints
from recipes.api.examples import CANCELLED_EXAMPLE
from recipes.api.examples import GENERATION_EXAMPLE
from recipes.api.examples import GENERATIONS
from recipes.api.examples import JOB_EXAMPLE
from recipes.api.examples import RUNNING_EXAMPLE
from recipes.api.serializers import GenerationCreateInputSerializer
from recipes.api.serializers import GenerationOutputSerializer
from recipes.api.serializers import GenerationSummaryOutputSerializer

GENERATION_JOBS = JobEndpoints(
    noun="generation", tags=GENERATIONS, output=GenerationOutputSerializer
)

generation_list_create_schema = extend_schema_view(
    get=GENERATION_JOBS.page(
        description="Newest first, paginated; each lists its recipes' ids and titles only.",
        item=GenerationSummaryOutputSerializer,
        example=response_example(
            "Page of generations",
            {
                **GENERATION_EXAMPLE,
                "recipes": [{"id": 314, "title": "Spinach and cheddar omelette"}],
            },
        ),
    ),
    post=GENERATION_JOBS.create(
        summary="Ask for recipes from a list of ingredients",
        description=(
            "Queues a recipe-writing job and answers 202 at once, with a `Location` to poll "
            "until `status` is `succeeded`, `failed` (`error_message` says why) or `cancelled`. "
            "Each recipe appears in `recipes` as soon as it is written, while the job runs. "
            "Recipes respect your profile: allergens and foods outside your diet are never "
            "shown. An identical earlier request is answered from its result unless `fresh`."
        ),
        request=GenerationCreateInputSerializer,
        queued="Queued.",
        invalid=error(
            "A field is invalid, or the scan is not one of yours.",
            error_example(
                "No ingredients",
                "invalid",
                "Some fields are invalid.",
                {"ingredients": ["Add at least one ingredient."]},
            ),
        ),
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


generation_detail_schema = GENERATION_JOBS.detail(
    description=(
        "`recipes` grows while `status` is `running`: each recipe is there as soon as the "
        "model has finished it and it passed the safety check. `eta_seconds` says how long "
        "the rest should take (null when unknown)."
    ),
    examples=[
        response_example("Running, one recipe written", RUNNING_EXAMPLE),
        response_example("Done", GENERATION_EXAMPLE),
        response_example("Cancelled", CANCELLED_EXAMPLE),
    ],
    delete_summary="Delete a generation",
    delete_description="Its recipes stay (they are yours), detached from the generation.",
)


generation_retry_schema = GENERATION_JOBS.retry(
    description=(
        "Queues the failed or cancelled generation again (202); the recipes it had already "
        "written stay and only the missing ones are asked for. Any other state answers 409."
    ),
    queued={**JOB_EXAMPLE, "recipes": []},
)


CANCEL_REFUSED = GENERATION_JOBS.cancel_refused

generation_cancel_schema = GENERATION_JOBS.cancel(
    description=(
        "The generation is `cancelled` at once; the worker stops within about a second, "
        "closes the model's stream (the model stops writing) and saves nothing more. The "
        "recipes written before the cancel stay. It can be retried. A generation that has "
        "already finished answers 409."
    ),
    cancelled=CANCELLED_EXAMPLE,
)
