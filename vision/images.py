"""Upload validation and image preparation.

Everything is decided by decoding the bytes, never by extension or Content-Type. What we keep is
re-encoded (so no metadata such as GPS survives) and what we send to the model is downscaled.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

import pillow_heif
from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

pillow_heif.register_heif_opener()

ALLOWED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "HEIF", "HEIC"}
STORED_MAX_SIDE = 2560


class ImageRejected(ValueError):
    """The upload is not a photo we can use; the message is shown to the user as is."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


@dataclass(frozen=True)
class PreparedImage:
    content: bytes  # JPEG, orientation applied, no metadata
    width: int
    height: int
    sha256: str  # of the uploaded bytes: the same photo is recognised once


def _flatten(img: Image.Image) -> Image.Image:
    """Any mode (CMYK, 16-bit, palette, alpha) to 8-bit RGB on a white background."""
    if img.mode in ("I;16", "I;16B", "I;16L", "I"):
        img = img.point(lambda v: v / 256).convert("L")
    if img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info):
        img = img.convert("RGBA")
        background = Image.new("RGB", img.size, (255, 255, 255))
        background.paste(img, mask=img.getchannel("A"))
        return background
    return img.convert("RGB")


def prepare_upload(file: IO[bytes], *, size: int | None = None) -> PreparedImage:
    max_bytes = settings.MAX_UPLOAD_MB * 1024 * 1024
    if size is not None and size > max_bytes:
        raise ImageRejected(f"The photo is larger than {settings.MAX_UPLOAD_MB} MB.", "too_large")
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImageRejected(f"The photo is larger than {settings.MAX_UPLOAD_MB} MB.", "too_large")
    if not data:
        raise ImageRejected("The file is empty. Please choose a photo.", "empty")

    max_pixels = settings.MAX_IMAGE_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = max_pixels
        try:
            img = _decode(data, max_pixels)
        finally:
            Image.MAX_IMAGE_PIXELS = previous

    img = _flatten(img)
    img.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=88, optimize=True)
    return PreparedImage(
        content=out.getvalue(),
        width=img.width,
        height=img.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _decode(data: bytes, max_pixels: int) -> Image.Image:
    unreadable = ImageRejected(
        "This file is not a photo we can read. Please upload a JPEG, PNG, WebP or HEIC image.",
        "unsupported_type",
    )
    try:
        probe = Image.open(io.BytesIO(data))
        fmt = (probe.format or "").upper()
        if fmt not in ALLOWED_FORMATS:
            raise unreadable
        if probe.width * probe.height > max_pixels:
            raise ImageRejected(
                f"The photo has too many pixels ({probe.width}×{probe.height}). "
                "Please upload a photo under 50 megapixels.",
                "too_many_pixels",
            )
        probe.verify()
        img = Image.open(io.BytesIO(data))
        if getattr(img, "n_frames", 1) > 1:
            img.seek(0)  # animated: the first frame is the photo
        img.load()
        img = ImageOps.exif_transpose(img) or img
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(
            "The photo has too many pixels. Please upload a photo under 50 megapixels.",
            "too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, SyntaxError, OSError, ValueError) as exc:
        if isinstance(exc, OSError) and "truncated" in str(exc).lower():
            raise ImageRejected(
                "The photo is incomplete (the upload was cut off). Please try again.",
                "truncated",
            ) from exc
        raise unreadable from exc
    return img


def model_image(content: bytes) -> bytes:
    """The stored JPEG downscaled for the vision model (longest side ≤ OLLAMA_IMAGE_MAX_SIDE)."""
    side = settings.OLLAMA_IMAGE_MAX_SIDE
    img = Image.open(io.BytesIO(content))
    img = _flatten(img)
    img.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    return out.getvalue()
