"""The REST API, version 1, and its OpenAPI schema and documentation pages.

The schema and the documentation are public (they describe the contract, not anyone's data).
Swagger UI and ReDoc are served from this site (drf-spectacular-sidecar), never a CDN, and only
these two pages get the extra CSP allowances they need: inline styles (both), and blob: workers
(ReDoc's search).
"""

from csp.decorators import csp_update
from django.urls import include
from django.urls import path
from django.urls import re_path
from drf_spectacular.views import SpectacularAPIView
from drf_spectacular.views import SpectacularRedocView
from drf_spectacular.views import SpectacularSwaggerSplitView

from accounts.api.views import ProfileApi
from accounts.api.views import RegisterApi
from accounts.api.views import TokenApi
from core.api.base import UnknownAddressApi
from core.api.prompt_variants import PromptVariantListApi
from recipes.api.library_views import FavoriteListApi
from recipes.api.library_views import HistoryApi
from recipes.api.library_views import RecipeFavoriteApi
from recipes.api.library_views import RecipeReviewDetailApi
from recipes.api.library_views import RecipeReviewListApi
from recipes.api.shopping_views import RecipeAddToShoppingListApi
from recipes.api.shopping_views import ShoppingClearCheckedApi
from recipes.api.shopping_views import ShoppingItemApi
from recipes.api.shopping_views import ShoppingListApi
from recipes.api.views import GenerationCancelApi
from recipes.api.views import GenerationDetailApi
from recipes.api.views import GenerationListCreateApi
from recipes.api.views import GenerationRetryApi
from recipes.api.views import RecipeDetailApi
from recipes.api.views import RecipeListApi
from vision.api.views import ScanCancelApi
from vision.api.views import ScanDetailApi
from vision.api.views import ScanImageApi
from vision.api.views import ScanListCreateApi
from vision.api.views import ScanRetryApi

DOCS_CSP = {"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]}

v1 = [
    path("auth/register/", RegisterApi.as_view(), name="register"),
    path("auth/token/", TokenApi.as_view(), name="token"),
    path("profile/", ProfileApi.as_view(), name="profile"),
    path("scans/", ScanListCreateApi.as_view(), name="scan-list"),
    path("scans/<int:pk>/", ScanDetailApi.as_view(), name="scan-detail"),
    path("scans/<int:pk>/image/", ScanImageApi.as_view(), name="scan-image"),
    path("scans/<int:pk>/retry/", ScanRetryApi.as_view(), name="scan-retry"),
    path("scans/<int:pk>/cancel/", ScanCancelApi.as_view(), name="scan-cancel"),
    path("generations/", GenerationListCreateApi.as_view(), name="generation-list"),
    path("generations/<int:pk>/", GenerationDetailApi.as_view(), name="generation-detail"),
    path("generations/<int:pk>/retry/", GenerationRetryApi.as_view(), name="generation-retry"),
    path("generations/<int:pk>/cancel/", GenerationCancelApi.as_view(), name="generation-cancel"),
    path("recipes/", RecipeListApi.as_view(), name="recipe-list"),
    path("recipes/<int:pk>/", RecipeDetailApi.as_view(), name="recipe-detail"),
    path("recipes/<int:pk>/favorite/", RecipeFavoriteApi.as_view(), name="recipe-favorite"),
    path("recipes/<int:pk>/reviews/", RecipeReviewListApi.as_view(), name="review-list"),
    path(
        "recipes/<int:pk>/reviews/<int:review_pk>/",
        RecipeReviewDetailApi.as_view(),
        name="review-detail",
    ),
    path(
        "recipes/<int:pk>/add-to-shopping-list/",
        RecipeAddToShoppingListApi.as_view(),
        name="recipe-add-to-shopping-list",
    ),
    path("favorites/", FavoriteListApi.as_view(), name="favorite-list"),
    path("history/", HistoryApi.as_view(), name="history"),
    path("prompt-variants/", PromptVariantListApi.as_view(), name="prompt-variant-list"),
    path("shopping-list/", ShoppingListApi.as_view(), name="shopping-list"),
    path("shopping-list/<int:pk>/", ShoppingItemApi.as_view(), name="shopping-item"),
    path(
        "shopping-list/clear-checked/",
        ShoppingClearCheckedApi.as_view(),
        name="shopping-clear-checked",
    ),
]

urlpatterns = [
    path("api/v1/", include((v1, "api"), namespace="api")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        csp_update(DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        csp_update(DOCS_CSP)(SpectacularRedocView.as_view(url_name="api-schema")),
        name="api-redoc",
    ),
    # Last: anything else under /api/ is a JSON 404, not the site's HTML page.
    re_path(r"^api/", UnknownAddressApi.as_view(), name="api-not-found"),
]
