"""URL map: pages, API v1, its documentation, admin, health and metrics."""

from django.contrib import admin
from django.urls import include
from django.urls import path

from core import health
from core import languages
from core import webapp
from recipes import start_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("jsi18n/<str:language>/", languages.javascript_catalog, name="javascript-catalog"),
    path("manifest.webmanifest", webapp.manifest, name="webapp-manifest"),
    path("sw.js", webapp.service_worker, name="service-worker"),
    path("offline/", webapp.offline, name="offline"),
    path("", include("django_prometheus.urls")),
    path("", include("config.api_urls")),
    path("", start_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("", include("vision.urls")),
    path("", include("recipes.urls")),
]
