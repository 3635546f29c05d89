"""The shopping list: items by hand, a recipe's missing ingredients, ticking off, clearing."""

from __future__ import annotations

from typing import Any

from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.current import me
from core.api.base import BaseApi
from core.api.base import validated
from recipes.api import schema
from recipes.api.library_serializers import ShoppingClearOutputSerializer
from recipes.api.library_serializers import ShoppingItemCreateInputSerializer
from recipes.api.library_serializers import ShoppingItemOutputSerializer
from recipes.api.library_serializers import ShoppingItemUpdateInputSerializer
from recipes.models import ShoppingItem
from recipes.selectors import parse_id
from recipes.selectors import recipe_get_for
from recipes.selectors import shopping_list_for
from recipes.shopping import shopping_add_from_recipe
from recipes.shopping import shopping_clear_checked
from recipes.shopping import shopping_item_create
from recipes.shopping import shopping_item_delete
from recipes.shopping import shopping_item_update


@schema.shopping_list_schema
class ShoppingListApi(BaseApi):
    def get(self, request: Request) -> Response:
        return self.paginate(
            queryset=shopping_list_for(user=me(request)),
            serializer_class=ShoppingItemOutputSerializer,
        )

    def post(self, request: Request) -> Response:
        data = validated(ShoppingItemCreateInputSerializer, request.data)
        item = shopping_item_create(user=me(request), **data)
        return Response(ShoppingItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


@schema.shopping_item_schema
class ShoppingItemApi(BaseApi):
    def _item(self, request: Request, pk: int) -> ShoppingItem:
        item_id = parse_id(pk)
        if item_id is None:
            raise ShoppingItem.DoesNotExist
        return shopping_list_for(user=me(request)).get(pk=item_id)

    def patch(self, request: Request, pk: int) -> Response:
        item = self._item(request, pk)
        data = validated(ShoppingItemUpdateInputSerializer, request.data)
        item = shopping_item_update(user=me(request), item=item, **data)
        return Response(ShoppingItemOutputSerializer(item).data)

    def delete(self, request: Request, pk: int) -> Response:
        shopping_item_delete(user=me(request), item=self._item(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.shopping_clear_checked_schema
class ShoppingClearCheckedApi(BaseApi):
    def post(self, request: Request) -> Response:
        removed = shopping_clear_checked(user=me(request))
        return Response(ShoppingClearOutputSerializer({"removed": removed}).data)


@schema.recipe_add_to_shopping_list_schema
class RecipeAddToShoppingListApi(BaseApi):
    pagination_class = None  # answers the lines it touched, not a page

    def post(self, request: Request, pk: int) -> Response:
        recipe = recipe_get_for(user=me(request), pk=pk)
        items: list[Any] = shopping_add_from_recipe(user=me(request), recipe=recipe)
        return Response(
            ShoppingItemOutputSerializer(items, many=True).data,
            status=status.HTTP_201_CREATED if items else status.HTTP_200_OK,
        )
