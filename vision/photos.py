"""Sending a scan's stored photo, once its owner has been checked (pages and API alike)."""

from __future__ import annotations

import io

from django.conf import settings
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from PIL import Image
from PIL import ImageOps

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


THUMB_PX = 144  # shown at 72 CSS px: sharp on a 2× screen


def thumbnail_response(scan: Scan) -> HttpResponse:
    """A small square JPEG of the photo (centre crop), made on request: a few KB, not the full
    photo, for lists that show it at 72 px. JPEG draft mode decodes at 1/8 scale, so it is cheap.
    """
    if not scan.image:
        raise Http404(_("No such photo."))
    try:
        with scan.image.open("rb") as source, Image.open(source) as image:
            image.draft("RGB", (THUMB_PX * 2, THUMB_PX * 2))
            small = ImageOps.fit(
                image.convert("RGB"), (THUMB_PX, THUMB_PX), Image.Resampling.LANCZOS
            )
    except FileNotFoundError as exc:
        raise Http404(_("No such photo.")) from exc
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80, optimize=True)
    response = HttpResponse(out.getvalue(), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=86400"
    return response
