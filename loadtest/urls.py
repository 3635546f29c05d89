"""The site's own URLs, and under /loadtest/ the references it is measured against."""

from django.urls import include
from django.urls import path

from loadtest import baseline

urlpatterns = [
    path("loadtest/one-row/<int:pk>/", baseline.OneRowApi.as_view(), name="loadtest-one-row"),
    path("loadtest/sync-scan/", baseline.sync_scan, name="loadtest-sync-scan"),
    path("", include("config.urls")),
]
