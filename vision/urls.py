"""Photo pages: a scan's progress fragment, retry, cancel, delete, and the owner-only photo.

The scan's own page (the list to fix, "Get recipes") is in recipes/urls.py.
"""

from django.urls import path

from vision import views

app_name = "vision"

urlpatterns = [
    *views.SCAN_PAGES.urlpatterns("scans", "scan"),
    path("photos/<int:pk>/", views.photo, name="photo"),
    path("photos/<int:pk>/thumbnail/", views.photo_thumbnail, name="photo-thumbnail"),
]
