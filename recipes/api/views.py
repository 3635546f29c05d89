"""Generations (202 + polling) and the recipes they wrote."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.current import me
from accounts.models import User
from core.api.base import (
    BaseApi,
    JobCreateApi,
    conflict,
    error,
    errors,
    field_error,
    job_headers,
    query_params,
    validated,
)
from recipes.api.serializers import (
    GenerationCreateInputSerializer,
    GenerationOutputSerializer,
    GenerationSummaryOutputSerializer,
    RecipeFilterInputSerializer,
    RecipeOutputSerializer,
)
from recipes.models import Generation
from recipes.selectors import (
    generation_get_for,
    generation_list_for,
    recipe_get_for,
    recipe_list_for,
)
from recipes.services import (
    GenerationInputError,
    generation_create,
    generation_delete,
    generation_retry,
)
from vision.models import Scan
from vision.selectors import scan_get_for

GENERATIONS = ["generations"]
RECIPES = ["recipes"]

RECIPE_EXAMPLE: dict[str, Any] = {
    "id": 314,
    "title": "Spinach and cheddar omelette",
    "description": "A soft omelette with wilted spinach, ready in fifteen minutes.",
    "cuisine": "french",
    "total_minutes": 15,
    "difficulty": "easy",
    "servings": 2,
    "ingredients": [
        {"name": "eggs", "quantity": 4, "unit": "", "have": True},
        {"name": "spinach", "quantity": 100, "unit": "g", "have": True},
        {"name": "butter", "quantity": 1, "unit": "tbsp", "have": False},
    ],
    "steps": ["Whisk the eggs.", "Wilt the spinach in butter.", "Cook the eggs and fold."],
    "nutrition": {"kcal": 320, "protein_g": 22.0, "fat_g": 24.0, "carbs_g": 3.0},
    "tips": ["Take it off the heat while the top is still soft."],
    "language": "en",
    "model": "mistral",
    "prompt_version": "recipes-v1",
    "created_at": "2025-01-10T18:31:00Z",
    "generation": 21,
    "is_favorite": False,
    "rating_avg": 4.5,
    "rating_count": 2,
    "my_rating": 5,
}
JOB_EXAMPLE: dict[str, Any] = {
    "id": 21,
    "status": "queued",
    "progress": 0,
    "stage": "Queued",
    "error_code": "",
    "error_message": "",
    "created_at": "2025-01-10T18:30:30Z",
    "started_at": None,
    "finished_at": None,
    "model": "mistral",
    "ingredients": ["eggs", "spinach", "cheddar cheese"],
    "must_use": ["spinach"],
    "count": 3,
    "max_minutes": 30,
    "cuisine": "",
    "scan": 42,
}
GENERATION_EXAMPLE = {
    **JOB_EXAMPLE,
    "status": "succeeded",
    "progress": 100,
    "stage": "Done",
    "started_at": "2025-01-10T18:30:31Z",
    "finished_at": "2025-01-10T18:31:00Z",
    "recipes": [RECIPE_EXAMPLE],
}


def _generation_body(generation: Generation, user: User) -> dict[str, Any]:
    recipes = (
        recipe_list_for(user=user).filter(generation=generation).order_by("position", "id")
        if generation.status == "succeeded"
        else []
    )
    return GenerationOutputSerializer(generation, context={"recipes": recipes}).data


def _accepted(generation: Generation, user: User) -> Response:
    return Response(
        _generation_body(generation, user),
        status=status.HTTP_202_ACCEPTED,
        headers={"Location": reverse("api:generation-detail", args=[generation.pk])},
    )


class GenerationListCreateApi(JobCreateApi):
    @extend_schema(
        tags=GENERATIONS,
        summary="List my generations",
        description="Newest first, paginated; each lists its recipes' ids and titles only.",
        responses={200: GenerationSummaryOutputSerializer(many=True), **errors(404)},
        examples=[
            OpenApiExample(
                "Page of generations",
                value={
                    **GENERATION_EXAMPLE,
                    "recipes": [{"id": 314, "title": "Spinach and cheddar omelette"}],
                },
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def get(self, request: Request) -> Response:
        return self.paginate(
            queryset=generation_list_for(user=me(request)),
            serializer_class=GenerationSummaryOutputSerializer,
        )

    @extend_schema(
        tags=GENERATIONS,
        summary="Ask for recipes from a list of ingredients",
        parameters=job_headers(),
        description=(
            "Queues a recipe-writing job and answers 202 at once, with a `Location` to poll "
            "until `status` is `succeeded` (recipes present) or `failed` (`error_message` says "
            "why). Recipes respect your profile: allergens and foods outside your diet are never "
            "shown. An identical earlier request is answered from its result unless `fresh`."
        ),
        request=GenerationCreateInputSerializer,
        responses={
            202: OpenApiResponse(GenerationOutputSerializer, description="Queued."),
            400: error(
                "A field is invalid, or the scan is not one of yours.",
                OpenApiExample(
                    "No ingredients",
                    value={
                        "error": {
                            "code": "invalid",
                            "message": "Some fields are invalid.",
                            "details": {"ingredients": ["Add at least one ingredient."]},
                        }
                    },
                    response_only=True,
                    status_codes=["400"],
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
            OpenApiExample(
                "Queued",
                value={**JOB_EXAMPLE, "recipes": []},
                response_only=True,
                status_codes=["202"],
            ),
        ],
    )
    def post(self, request: Request) -> Response:
        user = me(request)
        data = validated(GenerationCreateInputSerializer, request.data)
        scan: Scan | None = None
        if data.get("scan") is not None:
            try:
                scan = scan_get_for(user=user, pk=data["scan"])
            except Scan.DoesNotExist:
                return field_error("scan", "That scan was not found.")
        try:
            generation = generation_create(
                user=user,
                ingredients=data["ingredients"],
                must_use=data.get("must_use") or [],
                scan=scan,
                count=data.get("count"),
                max_minutes=data.get("max_minutes"),
                cuisine=data["cuisine"],
                fresh=data["fresh"],
            )
        except GenerationInputError as exc:
            return field_error(exc.field, exc.message)
        return _accepted(generation, user)


class GenerationDetailApi(BaseApi):
    @extend_schema(
        tags=GENERATIONS,
        summary="Poll one generation",
        description="`recipes` is empty until `status` is `succeeded`.",
        responses={200: GenerationOutputSerializer, **errors(404)},
        examples=[
            OpenApiExample(
                "Done", value=GENERATION_EXAMPLE, response_only=True, status_codes=["200"]
            )
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        user = me(request)
        return Response(_generation_body(generation_get_for(user=user, pk=pk), user))

    @extend_schema(
        tags=GENERATIONS,
        summary="Delete a generation",
        description="Its recipes stay (they are yours), detached from the generation.",
        responses={204: None, **errors(404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        generation = generation_get_for(user=me(request), pk=pk)
        generation_delete(generation=generation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class GenerationRetryApi(JobCreateApi):
    @extend_schema(
        tags=GENERATIONS,
        summary="Retry a failed generation",
        parameters=job_headers(),
        description="Queues the failed generation again (202); any other state answers 409.",
        request=None,
        responses={202: GenerationOutputSerializer, **errors(404, 409, 429)},
        examples=[
            OpenApiExample(
                "Queued again",
                value={**JOB_EXAMPLE, "recipes": []},
                response_only=True,
                status_codes=["202"],
            )
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = me(request)
        generation = generation_get_for(user=user, pk=pk)
        if not generation_retry(generation=generation):
            return conflict("Only a failed generation can be retried.")
        return _accepted(generation_get_for(user=user, pk=pk), user)


class RecipeListApi(BaseApi):
    @extend_schema(
        tags=RECIPES,
        summary="List and search my recipes",
        description="Newest first unless `ordering` says otherwise; paginated.",
        parameters=[RecipeFilterInputSerializer],
        responses={200: RecipeOutputSerializer(many=True), **errors(400, 404)},
        examples=[
            OpenApiExample(
                "Page of recipes",
                value=RECIPE_EXAMPLE,
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def get(self, request: Request) -> Response:
        filters = validated(RecipeFilterInputSerializer, query_params(request))
        return self.paginate(
            queryset=recipe_list_for(user=me(request), filters=filters),
            serializer_class=RecipeOutputSerializer,
        )


class RecipeDetailApi(BaseApi):
    @extend_schema(
        tags=RECIPES,
        summary="Read one recipe",
        responses={200: RecipeOutputSerializer, **errors(404)},
        examples=[
            OpenApiExample("Recipe", value=RECIPE_EXAMPLE, response_only=True, status_codes=["200"])
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        recipe = recipe_get_for(user=me(request), pk=pk)
        return Response(RecipeOutputSerializer(recipe).data)
