"""Upload validation and image preparation.

Everything is decided by decoding the bytes, never by extension or Content-Type. What we keep is
re-encoded (so no metadata such as GPS survives) and what we send to the model is resized to the
size that model looks at.
"""

from __future__ import annotations

import hashlib
import io
import math
import struct
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO
from typing import Any

import pillow_heif
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image
from PIL import ImageOps
from PIL import UnidentifiedImageError

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


_WIDE_MODES = ("I;16", "I;16B", "I;16L", "I")


def _eight_bit(img: Image.Image) -> Image.Image:
    """16- and 32-bit grey scaled down to 8 bits (not clipped to white)."""
    return img.point(lambda v: v / 256).convert("L") if img.mode in _WIDE_MODES else img


def _flatten(img: Image.Image) -> Image.Image:
    """Any mode (CMYK, 16-bit, palette, alpha) to 8-bit RGB on a white background."""
    img = _eight_bit(img)
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

    img = _decode(data, settings.MAX_IMAGE_PIXELS)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=88, optimize=True)
    return PreparedImage(
        content=out.getvalue(),
        width=img.width,
        height=img.height,
        sha256=hashlib.sha256(data).hexdigest(),
    )


# Pillow's plugins raise all of these on malformed or fuzzed files; each means "not a photo".
_DECODE_ERRORS = (
    UnidentifiedImageError,
    SyntaxError,
    OSError,
    ValueError,
    EOFError,
    IndexError,
    TypeError,
    RuntimeError,
    struct.error,
)


def _too_many_pixels(max_pixels: int, size: tuple[int, int] | None = None) -> ImageRejected:
    shown = f" ({size[0]}×{size[1]})" if size else ""
    return ImageRejected(
        f"The photo has too many pixels{shown}. "
        f"Please upload a photo under {max_pixels // 1_000_000} megapixels.",
        "too_many_pixels",
    )


# Bytes per pixel of the declared (for JPEG: reduced) size that decoding and shrinking a photo
# take at their peak, measured with benchmarks/upload_memory.py: Pillow keeps RGB in 4 bytes and
# resizes through a second buffer; pillow-heif and libwebp decode into buffers of their own.
_COST_BY_FORMAT = {"JPEG": 8.0, "MPO": 8.0, "HEIF": 9.0, "HEIC": 9.0, "WEBP": 16.0}
_COST_BY_MODE = {"1": 2.5, "L": 3.0, "LA": 4.0, "I;16": 5.0, "I;16B": 5.0, "I;16L": 5.0}
# JPEGs decode at 1/2, 1/4 or 1/8 scale while the result still exceeds this on both sides.
_DRAFT_SIDE = 1280


def _decoded_bytes(probe: Image.Image, fmt: str) -> float:
    per_pixel = _COST_BY_FORMAT.get(fmt) or _COST_BY_MODE.get(probe.mode, 7.0)
    return probe.width * probe.height * per_pixel


def _too_big_to_decode(size: tuple[int, int]) -> ImageRejected:
    return ImageRejected(
        f"This photo is too large for us to process ({size[0]}×{size[1]}). Please upload a "
        "smaller one, for example taken at your camera's 12-megapixel setting.",
        "too_large_to_decode",
    )


def _shrink(img: Image.Image) -> Image.Image:
    """Down to the stored size in the cheapest mode that resizes well, before anything else.

    Converting a 7000×7000 1-bit PNG to RGB first would cost 200 MB; in 8-bit grey it is 49 MB,
    and the conversion to RGB happens on the small image.
    """
    img = _eight_bit(img)
    if img.mode == "1":
        img = img.convert("L")
    elif img.mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    img.thumbnail((STORED_MAX_SIDE, STORED_MAX_SIDE), Image.Resampling.LANCZOS)
    return img


def _decode(data: bytes, max_pixels: int) -> Image.Image:
    """Decode an untrusted file, checking its declared size before any pixel is decoded.

    A few hundred bytes can declare a 30000×30000 canvas (a decompression bomb), so the size in
    the header is checked first. Pillow's own guard is a process-wide global; it is left at its
    default (it still refuses anything over twice its limit) rather than changed per request,
    which would race between the threads of a web process.
    """
    unreadable = ImageRejected(
        "This file is not a photo we can read. Please upload a JPEG, PNG, WebP or HEIC image.",
        "unsupported_type",
    )
    try:
        probe = Image.open(io.BytesIO(data))  # reads the header only
        fmt = (probe.format or "").upper()
        if fmt not in ALLOWED_FORMATS:
            raise unreadable
        if probe.width * probe.height > max_pixels:
            raise _too_many_pixels(max_pixels, probe.size)
        declared = probe.size
        probe.draft("RGB", (_DRAFT_SIDE, _DRAFT_SIDE))  # JPEG only; others ignore it
        if _decoded_bytes(probe, fmt) > settings.MAX_DECODE_MB * 1024 * 1024:
            raise _too_big_to_decode(declared)
        probe.verify()
        img: Image.Image = Image.open(io.BytesIO(data))
        if getattr(img, "n_frames", 1) > 1:
            img.seek(0)  # animated WebP/PNG or a camera's MPO: the first frame is the photo
        img.draft("RGB", (_DRAFT_SIDE, _DRAFT_SIDE))
        img.load()
        img = _shrink(img)
        img = ImageOps.exif_transpose(img) or img
        img = _flatten(img)
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels(max_pixels) from exc
    except _DECODE_ERRORS as exc:
        if isinstance(exc, OSError) and "truncated" in str(exc).lower():
            raise ImageRejected(
                "The photo is incomplete (the upload was cut off). Please try again.",
                "truncated",
            ) from exc
        raise unreadable from exc
    return img


# --- what the vision model is sent ------------------------------------------------------------
# Each model family resizes a photo itself before it looks at it; sending it at exactly that size
# wastes no bytes, no resizing in Ollama and no image tokens. The arithmetic below is the models'
# own (Ollama's model/models/qwen25vl and model/models/mllama image processors), float for float.
Rule = dict[str, Any]
_RULE_KEYS = {
    "qwen": ("patch", "min_pixels", "max_pixels"),
    "tiles": ("tile", "max_tiles"),
    "max_side": (),
}


def _model_name(model: str) -> str:
    """ "qwen2.5vl:7b" -> "qwen2.5vl" (a registry's host:port is not a tag)."""
    name, _, tag = model.rpartition(":")
    return (model if not name or "/" in tag else name).lower()


def image_rule(model: str) -> Rule:
    """The resize rule for `model` from OLLAMA_IMAGE_PROFILES: the longest prefix of its name
    (before the tag) wins; a model not listed keeps its longest side ≤ OLLAMA_IMAGE_MAX_SIDE."""
    profiles: dict[str, Rule] = settings.OLLAMA_IMAGE_PROFILES
    name = _model_name(model)
    matches = [prefix for prefix in profiles if prefix and name.startswith(prefix.lower())]
    if not matches:
        return {"kind": "max_side", "max_side": settings.OLLAMA_IMAGE_MAX_SIDE}
    prefix = max(matches, key=len)
    rule = dict(profiles[prefix])
    kind = rule.get("kind")
    if kind not in _RULE_KEYS:
        raise ImproperlyConfigured(
            f"OLLAMA_IMAGE_PROFILES[{prefix!r}]: kind must be one of {sorted(_RULE_KEYS)}"
        )
    if kind == "max_side":
        rule.setdefault("max_side", settings.OLLAMA_IMAGE_MAX_SIDE)
    for key in (*_RULE_KEYS[kind], *(("max_side",) if kind == "max_side" else ())):
        value = rule.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ImproperlyConfigured(
                f"OLLAMA_IMAGE_PROFILES[{prefix!r}]: {key} must be a positive integer"
            )
    return rule


def qwen_size(width: int, height: int, rule: Rule) -> tuple[int, int]:
    """Qwen2.5-VL's smart_resize: both sides multiples of `patch` (14 px patches merged 2×2),
    the pixel count within [min_pixels, max_pixels], the aspect ratio kept as closely as that
    allows. A photo already on the grid and within the bounds comes back unchanged."""
    factor, low, high = rule["patch"], rule["min_pixels"], rule["max_pixels"]
    h_bar = max(factor, round(height / factor) * factor)  # round half to even, as Go's RoundToEven
    w_bar = max(factor, round(width / factor) * factor)
    if h_bar * w_bar > high:
        beta = math.sqrt(height * width / high)
        h_bar = max(factor, math.floor(height / beta / factor) * factor)
        w_bar = max(factor, math.floor(width / beta / factor) * factor)
    elif h_bar * w_bar < low:
        beta = math.sqrt(low / (height * width))
        h_bar = math.ceil(height * beta / factor) * factor
        w_bar = math.ceil(width * beta / factor) * factor
    return w_bar, h_bar


def tiled_canvas(width: int, height: int, rule: Rule) -> tuple[int, int]:
    """Llama 3.2 Vision's canvas: the arrangement of at most `max_tiles` tiles that needs the
    least upscaling, or else the least downscaling; the smallest such canvas on a tie."""
    tile, max_tiles = rule["tile"], rule["max_tiles"]
    canvases = [
        (w * tile, h * tile) for w in range(1, max_tiles + 1) for h in range(1, max_tiles // w + 1)
    ]
    scales = [min(ch / height, cw / width) for cw, ch in canvases]
    upscales = [s for s in scales if s > 1.0]
    chosen = min(upscales) if upscales else max(scales)
    fitting = [c for c, s in zip(canvases, scales, strict=True) if s == chosen]
    return min(fitting, key=lambda c: c[0] * c[1])


def tiled_size(width: int, height: int, rule: Rule) -> tuple[int, int]:
    """The size Llama 3.2 Vision resizes a photo to before padding it to its canvas."""
    tile = rule["tile"]
    cw, ch = tiled_canvas(width, height, rule)
    tw = min(max(width, tile), cw)
    th = min(max(height, tile), ch)
    r = min(tw / width, th / height)
    return min(math.floor(width * r), tw), min(math.floor(height * r), th)


def _max_side_size(width: int, height: int, side: int) -> tuple[int, int]:
    """Longest side ≤ `side`, the other rounded as Pillow's thumbnail() rounds it."""
    if width <= side and height <= side:
        return width, height
    aspect = width / height

    def closest(number: float, error: Callable[[int], float]) -> int:
        return max(min(math.floor(number), math.ceil(number), key=error), 1)

    if aspect <= 1:
        return closest(side * aspect, lambda n: abs(aspect - n / side)), side
    return side, closest(side / aspect, lambda n: 0 if n == 0 else abs(aspect - side / n))


def model_size(width: int, height: int, model: str) -> tuple[int, int]:
    """The size a stored photo of `width`×`height` is sent to `model` at.

    Never larger than the photo, except where the model needs it: Qwen2.5-VL rounds each side to
    a multiple of 28 (up by less than 28 px) and refuses sides under 28 px. Llama 3.2 Vision
    enlarges a small photo itself, to the same tiles whatever we send, so it is sent as it is.
    """
    rule = image_rule(model)
    if rule["kind"] == "qwen":
        return qwen_size(width, height, rule)
    if rule["kind"] == "tiles":
        w, h = tiled_size(width, height, rule)
        return (w, h) if w <= width and h <= height else (width, height)
    return _max_side_size(width, height, rule["max_side"])


def model_image(content: bytes, *, model: str) -> bytes:
    """The stored JPEG at exactly the size `model` will look at (see model_size)."""
    source = Image.open(io.BytesIO(content))
    size = model_size(source.width, source.height, model)
    box = None
    if size != source.size:  # a JPEG decodes at 1/2, 1/4 or 1/8 scale while still twice the size
        drafted = source.draft("RGB", (size[0] * 2, size[1] * 2))
        box = drafted[1] if drafted else None
    img = _flatten(source)
    if size != img.size:
        img = img.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=2.0)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    return out.getvalue()
