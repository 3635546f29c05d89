"""History, favourites and reviews."""

from __future__ import annotations

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param
from rest_framework.utils.urls import replace_query_param

from accounts.current import me
from core.api.base import BaseApi
from core.api.base import query_params
from core.api.base import validated
from recipes.api import schema
from recipes.api.library_serializers import FavoriteOutputSerializer
from recipes.api.library_serializers import FavoriteQueryInputSerializer
from recipes.api.library_serializers import HistoryItemOutputSerializer
from recipes.api.library_serializers import HistoryQueryInputSerializer
from recipes.api.library_serializers import ReviewCreateInputSerializer
from recipes.api.library_serializers import ReviewOutputSerializer
from recipes.api.library_serializers import ReviewUpdateInputSerializer
from recipes.api.serializers import RecipeOutputSerializer
from recipes.favorites import favorite_set
from recipes.favorites import favorite_unset
from recipes.models import Review
from recipes.reviews import review_delete
from recipes.reviews import review_upsert
from recipes.selectors import favorite_list_for
from recipes.selectors import history_page
from recipes.selectors import parse_id
from recipes.selectors import recipe_get_for
from recipes.selectors import review_list_for


@schema.history_schema
class HistoryApi(BaseApi):
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


@schema.favorite_list_schema
class FavoriteListApi(BaseApi):
    def get(self, request: Request) -> Response:
        params = validated(FavoriteQueryInputSerializer, query_params(request))
        return self.paginate(
            queryset=favorite_list_for(user=me(request), q=params["q"]),
            serializer_class=RecipeOutputSerializer,
        )


@schema.recipe_favorite_schema
class RecipeFavoriteApi(BaseApi):
    def put(self, request: Request, pk: int) -> Response:
        favorite, created = favorite_set(user=me(request), recipe_id=pk)
        return Response(
            FavoriteOutputSerializer(favorite).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    def delete(self, request: Request, pk: int) -> Response:
        favorite_unset(user=me(request), recipe_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.recipe_review_list_schema
class RecipeReviewListApi(BaseApi):
    def get(self, request: Request, pk: int) -> Response:
        recipe = recipe_get_for(user=me(request), pk=pk)
        return self.paginate(
            queryset=review_list_for(user=me(request), recipe=recipe),
            serializer_class=ReviewOutputSerializer,
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


@schema.recipe_review_detail_schema
class RecipeReviewDetailApi(BaseApi):
    def _own_review(self, request: Request, pk: int, review_pk: int) -> Review:
        """The caller's own review of the caller's recipe; anything else is a 404."""
        recipe = recipe_get_for(user=me(request), pk=pk)
        review_id = parse_id(review_pk)
        if review_id is None:
            raise Review.DoesNotExist
        return review_list_for(user=me(request), recipe=recipe).get(pk=review_id, user=me(request))

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

    def delete(self, request: Request, pk: int, review_pk: int) -> Response:
        review_delete(user=me(request), review=self._own_review(request, pk, review_pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
