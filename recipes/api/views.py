"""Generations (202 + polling) and the recipes they wrote."""

from __future__ import annotations

from typing import Any
from typing import ClassVar

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.current import me
from core.api.base import BaseApi
from core.api.base import JobCreateApi
from core.api.base import field_error
from core.api.base import query_params
from core.api.base import validated
from core.api.jobs import JobApi
from core.api.jobs import JobCancelApi
from core.api.jobs import JobDetailApi
from core.api.jobs import JobRetryApi
from recipes.api import generation_schema
from recipes.api import schema
from recipes.api.serializers import GenerationCreateInputSerializer
from recipes.api.serializers import GenerationOutputSerializer
from recipes.api.serializers import GenerationSummaryOutputSerializer
from recipes.api.serializers import RecipeFilterInputSerializer
from recipes.api.serializers import RecipeOutputSerializer
from recipes.models import Generation
from recipes.selectors import generation_get_for
from recipes.selectors import generation_list_for
from recipes.selectors import recipe_get_for
from recipes.selectors import recipe_list_for
from recipes.services import GenerationInputError
from recipes.services import generation_cancel
from recipes.services import generation_create
from recipes.services import generation_delete
from recipes.services import generation_retry
from vision.models import Scan
from vision.selectors import scan_get_for


class GenerationApi(JobApi[Generation]):
    # What the job endpoints of core.api.jobs do with a generation. (A comment, not a
    # docstring: drf-spectacular would show a docstring as the description of the operations.)

    detail_url_name = "api:generation-detail"
    job_model = Generation
    retry_refused: ClassVar[StrOrPromise] = _(
        "Only a failed or cancelled generation can be retried."
    )
    cancel_refused: ClassVar[StrOrPromise] = _(
        "This generation has finished; only a queued or running one can be cancelled."
    )

    def get_job(self, request: Request, pk: Any) -> Generation:
        return generation_get_for(user=me(request), pk=pk)

    def job_body(self, request: Request, job: Generation) -> dict[str, Any]:
        # Recipes are saved one by one as they are written: shown while the job runs.
        recipes = (
            recipe_list_for(user=me(request)).filter(generation=job).order_by("position", "id")
        )
        return GenerationOutputSerializer(job, context={"recipes": recipes}).data

    def delete_job(self, job: Generation) -> None:
        generation_delete(generation=job)

    def retry_job(self, job: Generation) -> bool:
        return generation_retry(generation=job)

    def cancel_job(self, job: Generation) -> bool:
        return generation_cancel(generation=job)


@generation_schema.generation_list_create_schema
class GenerationListCreateApi(GenerationApi, JobCreateApi):
    def get(self, request: Request) -> Response:
        return self.paginate(
            queryset=generation_list_for(user=me(request)),
            serializer_class=GenerationSummaryOutputSerializer,
        )

    def post(self, request: Request) -> Response:
        user = me(request)
        data = validated(GenerationCreateInputSerializer, request.data)
        scan: Scan | None = None
        if data.get("scan") is not None:
            try:
                scan = scan_get_for(user=user, pk=data["scan"])
            except Scan.DoesNotExist:
                return field_error("scan", str(_("That scan was not found.")))
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
        return self.accepted(request, generation)


@generation_schema.generation_detail_schema
class GenerationDetailApi(GenerationApi, JobDetailApi[Generation]):
    pass


@generation_schema.generation_retry_schema
class GenerationRetryApi(GenerationApi, JobRetryApi[Generation]):
    pass


@generation_schema.generation_cancel_schema
class GenerationCancelApi(GenerationApi, JobCancelApi[Generation]):
    pass


@schema.recipe_list_schema
class RecipeListApi(BaseApi):
    def get(self, request: Request) -> Response:
        filters = validated(RecipeFilterInputSerializer, query_params(request))
        return self.paginate(
            queryset=recipe_list_for(user=me(request), filters=filters),
            serializer_class=RecipeOutputSerializer,
        )


@schema.recipe_detail_schema
class RecipeDetailApi(BaseApi):
    def get(self, request: Request, pk: int) -> Response:
        recipe = recipe_get_for(user=me(request), pk=pk)
        return Response(RecipeOutputSerializer(recipe).data)
