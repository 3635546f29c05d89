"""The form of the photo upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class PhotoForm(forms.Form):
    """The photo input; whether it is a usable photo is decided by decoding it (scan_create)."""

    photo = forms.FileField(
        label=_("Photo of your fridge or groceries"),
        allow_empty_file=True,  # scan_create explains an empty file in its own words
        error_messages={"required": _("Please choose a photo.")},
        # No `capture`: a phone then offers the camera and the gallery; the page's "Take a photo"
        # button asks for the camera alone.
        widget=forms.FileInput(attrs={"accept": "image/*"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_mb = settings.MAX_UPLOAD_MB
        self.fields["photo"].widget.attrs["data-max-bytes"] = str(limit_mb * 1024 * 1024)
        self.fields["photo"].help_text = _("JPEG, PNG, WebP or HEIC, up to %(mb)d MB.") % {
            "mb": limit_mb
        }
