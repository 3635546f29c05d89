"""The shopping list: items by hand, a recipe's missing ingredients, ticking off, clearing."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.current import me
from core.api.base import BaseApi, errors, validated
from recipes.api.library_serializers import (
    ShoppingClearOutputSerializer,
    ShoppingItemCreateInputSerializer,
    ShoppingItemOutputSerializer,
    ShoppingItemUpdateInputSerializer,
)
from recipes.library import (
    shopping_add_from_recipe,
    shopping_clear_checked,
    shopping_item_create,
    shopping_item_delete,
    shopping_item_update,
)
from recipes.models import ShoppingItem
from recipes.selectors import parse_id, recipe_get_for, shopping_list_for

ITEM_EXAMPLE = {
    "id": 9,
    "name": "butter",
    "quantity": 1.0,
    "unit": "tbsp",
    "checked": False,
    "recipe": 314,
    "recipe_title": "Spinach and cheddar omelette",
    "created_at": "2025-01-11T19:05:00Z",
}


class ShoppingListApi(BaseApi):
    @extend_schema(
        tags=["shopping list"],
        summary="My shopping list",
        description="Still to buy first, then ticked, each alphabetically; paginated.",
        responses={200: ShoppingItemOutputSerializer(many=True), **errors(404)},
        examples=[
            OpenApiExample(
                "Page of items", value=ITEM_EXAMPLE, response_only=True, status_codes=["200"]
            )
        ],
    )
    def get(self, request: Request) -> Response:
        return self.paginate(
            queryset=shopping_list_for(user=me(request)),
            serializer_class=ShoppingItemOutputSerializer,
        )

    @extend_schema(
        tags=["shopping list"],
        summary="Add an item by hand",
        description="An unticked line of the same name and unit is topped up instead of doubled.",
        request=ShoppingItemCreateInputSerializer,
        responses={201: ShoppingItemOutputSerializer, **errors(400)},
        examples=[
            OpenApiExample(
                "Butter", value={"name": "butter", "quantity": 1, "unit": "tbsp"}, request_only=True
            ),
            OpenApiExample("Item", value=ITEM_EXAMPLE, response_only=True, status_codes=["201"]),
        ],
    )
    def post(self, request: Request) -> Response:
        data = validated(ShoppingItemCreateInputSerializer, request.data)
        item = shopping_item_create(user=me(request), **data)
        return Response(ShoppingItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class ShoppingItemApi(BaseApi):
    def _item(self, request: Request, pk: int) -> ShoppingItem:
        item_id = parse_id(pk)
        if item_id is None:
            raise ShoppingItem.DoesNotExist
        return shopping_list_for(user=me(request)).get(pk=item_id)

    @extend_schema(
        tags=["shopping list"],
        summary="Change or tick off an item",
        request=ShoppingItemUpdateInputSerializer,
        responses={200: ShoppingItemOutputSerializer, **errors(400, 404)},
        examples=[
            OpenApiExample("Tick off", value={"checked": True}, request_only=True),
            OpenApiExample(
                "Item",
                value={**ITEM_EXAMPLE, "checked": True},
                response_only=True,
                status_codes=["200"],
            ),
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        item = self._item(request, pk)
        data = validated(ShoppingItemUpdateInputSerializer, request.data)
        item = shopping_item_update(user=me(request), item=item, **data)
        return Response(ShoppingItemOutputSerializer(item).data)

    @extend_schema(
        tags=["shopping list"], summary="Remove an item", responses={204: None, **errors(404)}
    )
    def delete(self, request: Request, pk: int) -> Response:
        shopping_item_delete(user=me(request), item=self._item(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShoppingClearCheckedApi(BaseApi):
    @extend_schema(
        tags=["shopping list"],
        summary="Remove every ticked item",
        request=None,
        responses={200: ShoppingClearOutputSerializer, **errors()},
        examples=[
            OpenApiExample(
                "Cleared", value={"removed": 3}, response_only=True, status_codes=["200"]
            )
        ],
    )
    def post(self, request: Request) -> Response:
        removed = shopping_clear_checked(user=me(request))
        return Response(ShoppingClearOutputSerializer({"removed": removed}).data)


class RecipeAddToShoppingListApi(BaseApi):
    pagination_class = None  # answers the lines it touched, not a page

    @extend_schema(
        tags=["shopping list"],
        summary="Put a recipe's missing ingredients on my list",
        description=(
            "Adds what the recipe says you do not have (`have: false`), topping up lines of the "
            "same name and unit. 201 with the lines added or topped up; 200 with an empty list "
            "when there is nothing to buy."
        ),
        request=None,
        responses={
            201: OpenApiResponse(ShoppingItemOutputSerializer(many=True), description="Added."),
            200: OpenApiResponse(
                ShoppingItemOutputSerializer(many=True), description="Nothing to buy."
            ),
            **errors(400, 404),
        },
        examples=[
            OpenApiExample("Added", value=[ITEM_EXAMPLE], response_only=True, status_codes=["201"]),
            OpenApiExample("Nothing to buy", value=[], response_only=True, status_codes=["200"]),
        ],
    )
    def post(self, request: Request, pk: int) -> Response:
        recipe = recipe_get_for(user=me(request), pk=pk)
        items: list[Any] = shopping_add_from_recipe(user=me(request), recipe=recipe)
        return Response(
            ShoppingItemOutputSerializer(items, many=True).data,
            status=status.HTTP_201_CREATED if items else status.HTTP_200_OK,
        )
