"""Synthetic photos: small, valid and distinct by colour, so no two share a content hash."""

from __future__ import annotations

import io

from PIL import Image


def jpeg_bytes(
    size: tuple[int, int] = (640, 480), color: tuple[int, int, int] = (200, 60, 40)
) -> bytes:
    """A JPEG of one colour."""
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()
