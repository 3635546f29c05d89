"""The OpenAPI documentation of the recipe endpoints (recipes, favourites, reviews, history,
shopping list), applied to the views with extend_schema_view: the views hold only their
handlers. Generations are documented in recipes/api/generation_schema.py."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample
from drf_spectacular.utils import OpenApiResponse
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import extend_schema_view

from core.api.base import errors
from core.api.base import response_example
from core.openapi import change
from core.openapi import created_or_existing
from core.openapi import deletion
from core.openapi import either_answer
from core.openapi import listing
from recipes.api.examples import ITEM_EXAMPLE
from recipes.api.examples import RECIPE_EXAMPLE
from recipes.api.examples import RECIPES
from recipes.api.examples import REVIEW_EXAMPLE
from recipes.api.library_serializers import FavoriteOutputSerializer
from recipes.api.library_serializers import FavoriteQueryInputSerializer
from recipes.api.library_serializers import HistoryPageOutputSerializer
from recipes.api.library_serializers import HistoryQueryInputSerializer
from recipes.api.library_serializers import ReviewCreateInputSerializer
from recipes.api.library_serializers import ReviewOutputSerializer
from recipes.api.library_serializers import ReviewUpdateInputSerializer
from recipes.api.library_serializers import ShoppingClearOutputSerializer
from recipes.api.library_serializers import ShoppingItemCreateInputSerializer
from recipes.api.library_serializers import ShoppingItemOutputSerializer
from recipes.api.library_serializers import ShoppingItemUpdateInputSerializer
from recipes.api.serializers import RecipeFilterInputSerializer
from recipes.api.serializers import RecipeOutputSerializer

recipe_list_schema = extend_schema_view(
    get=listing(
        tags=RECIPES,
        summary="List and search my recipes",
        description="Newest first unless `ordering` says otherwise; paginated.",
        parameters=[RecipeFilterInputSerializer],
        item=RecipeOutputSerializer,
        error_codes=(400, 404),
        example=response_example("Page of recipes", RECIPE_EXAMPLE),
    ),
)


recipe_detail_schema = extend_schema_view(
    get=extend_schema(
        tags=RECIPES,
        summary="Read one recipe",
        responses={200: RecipeOutputSerializer, **errors(404)},
        examples=[response_example("Recipe", RECIPE_EXAMPLE)],
    ),
)


history_schema = extend_schema_view(
    get=extend_schema(
        tags=["history"],
        summary="My scans and generations on one timeline",
        description="Newest first, paginated with `page` and `page_size` (at most 100).",
        parameters=[HistoryQueryInputSerializer],
        responses={200: HistoryPageOutputSerializer, **errors(400)},
        examples=[
            response_example(
                "Timeline",
                {
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
            )
        ],
    ),
)


favorite_list_schema = extend_schema_view(
    get=listing(
        tags=["favorites"],
        summary="My favourite recipes",
        description="Most recently kept first, optionally searched with `q`; paginated.",
        parameters=[FavoriteQueryInputSerializer],
        item=RecipeOutputSerializer,
        error_codes=(400, 404),
        example=response_example("Page of favourites", {**RECIPE_EXAMPLE, "is_favorite": True}),
    ),
)


recipe_favorite_schema = extend_schema_view(
    put=extend_schema(
        tags=["favorites"],
        summary="Keep a recipe as a favourite",
        description="Idempotent: 201 when newly kept, 200 when it already was.",
        request=None,
        responses=created_or_existing(
            FavoriteOutputSerializer,
            created="Newly kept.",
            existing="Already a favourite.",
            error_codes=(404,),
        ),
        examples=[
            either_answer(
                "Kept", {"recipe": 314, "is_favorite": True, "created_at": "2025-01-11T19:00:00Z"}
            )
        ],
    ),
    delete=deletion(
        tags=["favorites"],
        summary="Stop keeping a recipe",
        description="Idempotent: 204 whether or not it was a favourite.",
    ),
)


recipe_review_list_schema = extend_schema_view(
    get=listing(
        tags=["reviews"],
        summary="Reviews of one of my recipes",
        description="Newest first, paginated. Reviews hidden by moderation are shown only to "
        "their author.",
        item=ReviewOutputSerializer,
        example=response_example("Page of reviews", REVIEW_EXAMPLE),
    ),
    post=extend_schema(
        tags=["reviews"],
        summary="Rate a recipe (create or replace my review)",
        description=(
            "One review per person and recipe, so POST is an upsert: 201 with the new review, "
            "or 200 when it replaced the rating and comment of your earlier one."
        ),
        request=ReviewCreateInputSerializer,
        responses=created_or_existing(
            ReviewOutputSerializer,
            created="Created.",
            existing="Your review, replaced.",
            error_codes=(400, 404),
        ),
        examples=[
            OpenApiExample(
                "Five stars",
                value={"rating": 5, "comment": "Quick and the kids loved it."},
                request_only=True,
            ),
            either_answer("Review", REVIEW_EXAMPLE),
        ],
    ),
)


recipe_review_detail_schema = extend_schema_view(
    patch=change(
        tags=["reviews"],
        summary="Change my review",
        request=ReviewUpdateInputSerializer,
        output=ReviewOutputSerializer,
        asked=("Four stars", {"rating": 4}),
        answered=("Review", REVIEW_EXAMPLE),
    ),
    delete=deletion(tags=["reviews"], summary="Delete my review"),
)


shopping_list_schema = extend_schema_view(
    get=listing(
        tags=["shopping list"],
        summary="My shopping list",
        description="Still to buy first, then ticked, each alphabetically; paginated.",
        item=ShoppingItemOutputSerializer,
        example=response_example("Page of items", ITEM_EXAMPLE),
    ),
    post=extend_schema(
        tags=["shopping list"],
        summary="Add an item by hand",
        description="An unticked line of the same name and unit is topped up instead of doubled.",
        request=ShoppingItemCreateInputSerializer,
        responses={201: ShoppingItemOutputSerializer, **errors(400)},
        examples=[
            OpenApiExample(
                "Butter", value={"name": "butter", "quantity": 1, "unit": "tbsp"}, request_only=True
            ),
            response_example("Item", ITEM_EXAMPLE, 201),
        ],
    ),
)


shopping_item_schema = extend_schema_view(
    patch=change(
        tags=["shopping list"],
        summary="Change or tick off an item",
        request=ShoppingItemUpdateInputSerializer,
        output=ShoppingItemOutputSerializer,
        asked=("Tick off", {"checked": True}),
        answered=("Item", {**ITEM_EXAMPLE, "checked": True}),
    ),
    delete=deletion(tags=["shopping list"], summary="Remove an item"),
)


shopping_clear_checked_schema = extend_schema_view(
    post=extend_schema(
        tags=["shopping list"],
        summary="Remove every ticked item",
        request=None,
        responses={200: ShoppingClearOutputSerializer, **errors()},
        examples=[response_example("Cleared", {"removed": 3})],
    ),
)


recipe_add_to_shopping_list_schema = extend_schema_view(
    post=extend_schema(
        tags=["shopping list"],
        summary="Put a recipe's missing ingredients on my list",
        description=(
            "Adds what the recipe says you do not have (`have: false`), topping up lines of the "
            "same name and unit. 201 with the lines added or topped up; 200 with an empty list "
            "when there is nothing to buy, or when every such line already holds this recipe's "
            "amounts: sending it twice adds them once."
        ),
        request=None,
        responses={
            201: OpenApiResponse(ShoppingItemOutputSerializer(many=True), description="Added."),
            200: OpenApiResponse(
                ShoppingItemOutputSerializer(many=True),
                description="Nothing to buy, or all of it already on the list.",
            ),
            **errors(400, 404),
        },
        examples=[
            response_example("Added", [ITEM_EXAMPLE], 201),
            response_example("Nothing to buy", []),
        ],
    ),
)
