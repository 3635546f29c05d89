"""Photo pages: a scan's progress fragment, retry, cancel and delete, and the owner-only photo.

The pages that start a request for recipes (the home page upload, a scan's list to fix) are
recipes' (recipes/start_views.py): vision knows nothing of recipes.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.current import signed_in
from core.job_pages import JobPages
from vision.models import Scan
from vision.photos import photo_response
from vision.photos import thumbnail_response
from vision.selectors import parse_id
from vision.selectors import scan_get_for
from vision.services import scan_cancel
from vision.services import scan_delete
from vision.services import scan_retry

SCAN_PAGES = JobPages(
    model=Scan,
    get_for=lambda request, pk: scan_get_for(user=signed_in(request), pk=pk),
    missing=_("No such scan."),
    status_url="vision:scan-status",
    retry=lambda scan: scan_retry(scan=scan),
    retried=_("Trying again with the same photo."),
    not_waiting=_("This photo is not waiting for a retry."),
    cancel=lambda scan: scan_cancel(scan=scan),
    cancelled=_("Stopped. Your photo is kept: press Retry to have it looked at again."),
    not_running=_("This photo has already been looked at."),
    delete=lambda scan: scan_delete(scan=scan),
    deleted=_("The photo and its ingredients are deleted."),
    confirm_template="vision/scan_confirm_delete.html",
)


def _own_photo(request: HttpRequest, pk: int) -> Scan:
    """The signed-in person's scan; anyone else's, or none, is 404 as if it did not exist."""
    scan_id = parse_id(pk)  # an id beyond the column's range is "not found", not an error
    scan = Scan.objects.filter(user=signed_in(request), pk=scan_id or 0).only("id", "image").first()
    if scan is None:
        raise Http404("No such photo.")
    return scan


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The uploaded photo, to its owner only; anyone else gets 404 as if it did not exist.

    Behind nginx (MEDIA_X_ACCEL_PREFIX set) Django only checks the owner and nginx sends the file.
    """
    return photo_response(_own_photo(request, pk))


@login_required
@require_GET
def photo_thumbnail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The photo's small square (History shows it at 72 px), to its owner only."""
    return thumbnail_response(_own_photo(request, pk))
