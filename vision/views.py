"""Photo pages: a scan's progress fragment, retry and delete, and the owner-only photo.

The pages that start a request for recipes (the home page upload, a scan's list to fix) are
recipes' (recipes/start_views.py): vision knows nothing of recipes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.current import signed_in
from core.pages import job_rate_limited
from vision.models import Scan
from vision.photos import photo_response
from vision.selectors import parse_id, scan_get_for
from vision.services import scan_delete, scan_retry


def _own_scan(request: HttpRequest, pk: int) -> Scan:
    """The cook's own scan, or 404: another person's id must look exactly like a missing one."""
    try:
        return scan_get_for(user=signed_in(request), pk=pk)
    except Scan.DoesNotExist as exc:
        raise Http404("No such scan.") from exc


@never_cache
@login_required
@require_GET
def scan_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment the scan page polls; data-finished="true" tells it to stop."""
    scan = _own_scan(request, pk)
    return render(
        request,
        "includes/job_status.html",
        {"job": scan, "poll_url": reverse("vision:scan-status", args=[scan.pk])},
    )


@login_required
@require_POST
def scan_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Try a failed scan again with the photo already uploaded."""
    scan = _own_scan(request, pk)
    if limited := job_rate_limited(request):
        return limited
    if scan_retry(scan=scan):
        messages.info(request, "Trying again with the same photo.")
    else:
        messages.info(request, "This photo is not waiting for a retry.")
    return redirect(scan)


@login_required
@require_http_methods(["GET", "POST"])
def scan_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then delete the scan and its photo (POST)."""
    scan = _own_scan(request, pk)
    if request.method == "POST":
        scan_delete(scan=scan)
        messages.success(request, "The photo and its ingredients are deleted.")
        return redirect("recipes:history")
    return render(request, "vision/scan_confirm_delete.html", {"scan": scan})


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The uploaded photo, to its owner only; anyone else gets 404 as if it did not exist.

    Behind nginx (MEDIA_X_ACCEL_PREFIX set) Django only checks the owner and nginx sends the file.
    """
    scan_id = parse_id(pk)  # an id beyond the column's range is "not found", not an error
    scan = Scan.objects.filter(user=signed_in(request), pk=scan_id or 0).only("id", "image").first()
    if scan is None:
        raise Http404("No such photo.")
    return photo_response(scan)
