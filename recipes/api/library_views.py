"""History, favourites and reviews."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from accounts.current import me
from core.api.base import BaseApi, errors, query_params, validated
from recipes.api.library_serializers import (
    FavoriteOutputSerializer,
    FavoriteQueryInputSerializer,
    HistoryItemOutputSerializer,
    HistoryPageOutputSerializer,
    HistoryQueryInputSerializer,
    ReviewCreateInputSerializer,
    ReviewOutputSerializer,
    ReviewUpdateInputSerializer,
)
from recipes.api.serializers import RecipeOutputSerializer
from recipes.api.views import RECIPE_EXAMPLE
from recipes.library import (
    favorite_set,
    favorite_unset,
    review_delete,
    review_upsert,
)
from recipes.models import Review
from recipes.selectors import (
    favorite_list_for,
    history_page,
    parse_id,
    recipe_get_for,
    review_list_for,
)

REVIEW_EXAMPLE = {
    "id": 5,
    "recipe": 314,
    "author": "alice",
    "rating": 5,
    "comment": "Quick and the kids loved it.",
    "hidden": False,
    "created_at": "2025-01-11T19:00:00Z",
    "updated_at": "2025-01-11T19:00:00Z",
}


class HistoryApi(BaseApi):
    @extend_schema(
        tags=["history"],
        summary="My scans and generations on one timeline",
        description="Newest first, paginated with `page` and `page_size` (at most 100).",
        parameters=[HistoryQueryInputSerializer],
        responses={200: HistoryPageOutputSerializer, **errors(400)},
        examples=[
            OpenApiExample(
                "Timeline",
                value={
                    "count": 2,
                    "next": None,
                    "previous": None,
                    "results": [
                        {
                            "type": "generation",
                            "id": 21,
                            "status": "succeeded",
                            "created_at": "2025-01-10T18:30:30Z",
                            "thumbnail_url": None,
                            "ingredients": ["eggs", "spinach"],
                            "recipes": [{"id": 314, "title": "Spinach and cheddar omelette"}],
                        },
                        {
                            "type": "scan",
                            "id": 42,
                            "status": "succeeded",
                            "created_at": "2025-01-10T18:30:00Z",
                            "thumbnail_url": "/api/v1/scans/42/image/",
                            "ingredients": ["eggs", "spinach"],
                            "recipes": [],
                        },
                    ],
                },
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def get(self, request: Request) -> Response:
        params = validated(HistoryQueryInputSerializer, query_params(request))
        page, size = params["page"], params["page_size"]
        items, total = history_page(user=me(request), page=page, page_size=size)
        url = request.build_absolute_uri()
        following = replace_query_param(url, "page", page + 1) if page * size < total else None
        previous = None
        if page > 1:
            previous = (
                replace_query_param(url, "page", page - 1)
                if page > 2
                else remove_query_param(url, "page")
            )
        body = {
            "count": total,
            "next": following,
            "previous": previous,
            "results": HistoryItemOutputSerializer(items, many=True).data,
        }
        return Response(body)


class FavoriteListApi(BaseApi):
    @extend_schema(
        tags=["favorites"],
        summary="My favourite recipes",
        description="Most recently kept first, optionally searched with `q`; paginated.",
        parameters=[FavoriteQueryInputSerializer],
        responses={200: RecipeOutputSerializer(many=True), **errors(400, 404)},
        examples=[
            OpenApiExample(
                "Page of favourites",
                value={**RECIPE_EXAMPLE, "is_favorite": True},
                response_only=True,
                status_codes=["200"],
            )
        ],
    )
    def get(self, request: Request) -> Response:
        params = validated(FavoriteQueryInputSerializer, query_params(request))
        return self.paginate(
            queryset=favorite_list_for(user=me(request), q=params["q"]),
            serializer_class=RecipeOutputSerializer,
        )


class RecipeFavoriteApi(BaseApi):
    @extend_schema(
        tags=["favorites"],
        summary="Keep a recipe as a favourite",
        description="Idempotent: 201 when newly kept, 200 when it already was.",
        request=None,
        responses={
            201: OpenApiResponse(FavoriteOutputSerializer, description="Newly kept."),
            200: OpenApiResponse(FavoriteOutputSerializer, description="Already a favourite."),
            **errors(404),
        },
        examples=[
            OpenApiExample(
                "Kept",
                value={"recipe": 314, "is_favorite": True, "created_at": "2025-01-11T19:00:00Z"},
                response_only=True,
                status_codes=["201", "200"],
            )
        ],
    )
    def put(self, request: Request, pk: int) -> Response:
        favorite, created = favorite_set(user=me(request), recipe_id=pk)
        return Response(
            FavoriteOutputSerializer(favorite).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        tags=["favorites"],
        summary="Stop keeping a recipe",
        description="Idempotent: 204 whether or not it was a favourite.",
        responses={204: None, **errors(404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        favorite_unset(user=me(request), recipe_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RecipeReviewListApi(BaseApi):
    @extend_schema(
        tags=["reviews"],
        summary="Reviews of one of my recipes",
        description="Newest first, paginated. Reviews hidden by moderation are shown only to "
        "their author.",
        responses={200: ReviewOutputSerializer(many=True), **errors(404)},
        examples=[
            OpenApiExample(
                "Page of reviews", value=REVIEW_EXAMPLE, response_only=True, status_codes=["200"]
            )
        ],
    )
    def get(self, request: Request, pk: int) -> Response:
        recipe = recipe_get_for(user=me(request), pk=pk)
        return self.paginate(
            queryset=review_list_for(user=me(request), recipe=recipe),
            serializer_class=ReviewOutputSerializer,
        )

    @extend_schema(
        tags=["reviews"],
        summary="Rate a recipe (create or replace my review)",
        description=(
            "One review per person and recipe, so POST is an upsert: 201 with the new review, "
            "or 200 when it replaced the rating and comment of your earlier one."
        ),
        request=ReviewCreateInputSerializer,
        responses={
            201: OpenApiResponse(ReviewOutputSerializer, description="Created."),
            200: OpenApiResponse(ReviewOutputSerializer, description="Your review, replaced."),
            **errors(400, 404),
        },
        examples=[
            OpenApiExample(
                "Five stars",
                value={"rating": 5, "comment": "Quick and the kids loved it."},
                request_only=True,
            ),
            OpenApiExample(
                "Review", value=REVIEW_EXAMPLE, response_only=True, status_codes=["201", "200"]
            ),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        recipe = recipe_get_for(user=me(request), pk=pk)
        data = validated(ReviewCreateInputSerializer, request.data)
        review, created = review_upsert(
            user=me(request), recipe=recipe, rating=data["rating"], comment=data["comment"]
        )
        return Response(
            ReviewOutputSerializer(review).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class RecipeReviewDetailApi(BaseApi):
    def _own_review(self, request: Request, pk: int, review_pk: int) -> Review:
        """The caller's own review of the caller's recipe; anything else is a 404."""
        recipe = recipe_get_for(user=me(request), pk=pk)
        review_id = parse_id(review_pk)
        if review_id is None:
            raise Review.DoesNotExist
        return review_list_for(user=me(request), recipe=recipe).get(pk=review_id, user=me(request))

    @extend_schema(
        tags=["reviews"],
        summary="Change my review",
        request=ReviewUpdateInputSerializer,
        responses={200: ReviewOutputSerializer, **errors(400, 404)},
        examples=[
            OpenApiExample("Four stars", value={"rating": 4}, request_only=True),
            OpenApiExample(
                "Review", value=REVIEW_EXAMPLE, response_only=True, status_codes=["200"]
            ),
        ],
    )
    def patch(self, request: Request, pk: int, review_pk: int) -> Response:
        review = self._own_review(request, pk, review_pk)
        data = validated(ReviewUpdateInputSerializer, request.data)
        updated, _ = review_upsert(
            user=me(request),
            recipe=review.recipe,
            rating=data.get("rating", review.rating),
            comment=data.get("comment", review.comment),
        )
        return Response(ReviewOutputSerializer(updated).data)

    @extend_schema(
        tags=["reviews"], summary="Delete my review", responses={204: None, **errors(404)}
    )
    def delete(self, request: Request, pk: int, review_pk: int) -> Response:
        review_delete(user=me(request), review=self._own_review(request, pk, review_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
