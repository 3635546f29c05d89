"""URL map: pages, API v1, its documentation, admin, health and metrics."""

from django.contrib import admin
from django.urls import include
from django.urls import path

from core import health
from core import languages
from recipes import start_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("jsi18n/<str:language>/", languages.javascript_catalog, name="javascript-catalog"),
    path("", include("django_prometheus.urls")),
    path("", include("config.api_urls")),
    path("", start_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("vision.urls")),
    path("", include("recipes.urls")),
]
