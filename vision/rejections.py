"""What a person reads when a photo is refused, in the language of the page or the answer.

vision.images refuses an upload with a code (and English words for the log); the words shown
come from here, by that code.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from vision.images import ImageRejected


def rejection_message(exc: ImageRejected) -> str:
    """The refusal in the active language; an unknown code keeps the refusal's own words."""
    code = exc.code
    if code == "too_large":
        return _("The photo is larger than %(mb)d MB.") % {"mb": settings.MAX_UPLOAD_MB}
    if code == "empty":
        return _("The file is empty. Please choose a photo.")
    if code == "too_many_pixels":
        return _(
            "The photo has too many pixels. Please upload a photo under %(megapixels)d megapixels."
        ) % {"megapixels": settings.MAX_IMAGE_PIXELS // 1_000_000}
    if code == "too_large_to_decode":
        return _(
            "This photo is too large for us to process. Please upload a smaller one, for example "
            "taken at your camera’s 12-megapixel setting."
        )
    if code == "unsupported_type":
        return _(
            "This file is not a photo we can read. Please upload a JPEG, PNG, WebP or HEIC image."
        )
    if code == "truncated":
        return _("The photo is incomplete (the upload was cut off). Please try again.")
    return exc.message
