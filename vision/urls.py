"""Photo pages: a scan's progress fragment, retry, cancel, delete, and the owner-only photo.

The scan's own page (the list to fix, "Get recipes") is in recipes/urls.py.
"""

from django.urls import path

from vision import views

app_name = "vision"

urlpatterns = [
    path("scans/<int:pk>/status/", views.scan_status, name="scan-status"),
    path("scans/<int:pk>/retry/", views.scan_retry_view, name="scan-retry"),
    path("scans/<int:pk>/cancel/", views.scan_cancel_view, name="scan-cancel"),
    path("scans/<int:pk>/delete/", views.scan_delete_view, name="scan-delete"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", views.photo_thumbnail, name="photo-thumbnail"),
]
