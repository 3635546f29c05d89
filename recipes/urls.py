"""Recipe pages: requests for recipes, recipes, search, history, favourites, shopping list."""

from django.urls import path

from recipes import library_views
from recipes import start_views
from recipes import views

app_name = "recipes"

urlpatterns = [
    path("scans/<int:pk>/", start_views.scan_detail, name="scan-detail"),
    path("generations/new/", start_views.generation_create_view, name="generation-create"),
    path("generations/<int:pk>/", views.generation_detail, name="generation-detail"),
    path("generations/<int:pk>/rerun/", views.generation_rerun, name="generation-rerun"),
    *views.GENERATION_PAGES.urlpatterns("generations", "generation"),
    path("recipes/", views.recipe_list, name="recipe-list"),
    path("recipes/<int:pk>/", views.recipe_detail, name="recipe-detail"),
    path("recipes/<int:pk>/print/", views.recipe_print, name="recipe-print"),
    path("recipes/<int:pk>/favorite/", library_views.favorite_toggle, name="favorite"),
    path("recipes/<int:pk>/review/", library_views.review_save, name="review"),
    path("recipes/<int:pk>/review/delete/", library_views.review_delete_view, name="review-delete"),
    path(
        "recipes/<int:pk>/shopping/",
        library_views.shopping_add_missing,
        name="shopping-add-missing",
    ),
    path("history/", library_views.history, name="history"),
    path("favorites/", library_views.favorites, name="favorites"),
    path("shopping-list/", library_views.shopping_list, name="shopping-list"),
    path("shopping-list/add/", library_views.shopping_item_add, name="shopping-item-add"),
    path(
        "shopping-list/<int:pk>/tick/", library_views.shopping_item_tick, name="shopping-item-tick"
    ),
    path(
        "shopping-list/<int:pk>/delete/",
        library_views.shopping_item_remove,
        name="shopping-item-delete",
    ),
    path("shopping-list/clear-ticked/", library_views.shopping_clear, name="shopping-clear"),
]
