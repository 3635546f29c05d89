"""Sending a scan's stored photo, once its owner has been checked (pages and API alike)."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _

from vision.models import Scan


def photo_response(scan: Scan) -> HttpResponseBase:
    """The JPEG, or under nginx (MEDIA_X_ACCEL_PREFIX set) a header that lets nginx send it.

    Raises Http404 when the photo is gone (removed by retention, or missing on disk).
    """
    if not scan.image:
        raise Http404(_("No such photo."))
    prefix = settings.MEDIA_X_ACCEL_PREFIX
    response: HttpResponseBase
    if prefix:
        response = HttpResponse(content_type="image/jpeg")
        response["X-Accel-Redirect"] = f"{prefix}{scan.image.name}"
    else:
        try:
            response = FileResponse(scan.image.open("rb"), content_type="image/jpeg")
        except FileNotFoundError as exc:
            raise Http404(_("No such photo.")) from exc
    response["Cache-Control"] = "private, max-age=86400"
    return response
