"""Upload validation: only real photos get in, decoded safely, stored clean and upright."""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pillow_heif
import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from tests.factories import jpeg_bytes
from vision.images import ImageRejected
from vision.images import model_image
from vision.images import model_size
from vision.images import prepare_upload
from vision.images import qwen_size
from vision.images import tiled_canvas
from vision.images import tiled_size
from vision.services import scan_create

ROOT = Path(__file__).resolve().parents[2]
UNREADABLE = "This file is not a photo we can read. Please upload a JPEG, PNG, WebP or HEIC image."


def encode(img: Image.Image, fmt: str, **params: Any) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **params)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int) -> bytes:
    """A ~100-byte PNG whose header declares `width`×`height` pixels: a decompression bomb."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


def rejected(data: bytes, *, size: int | None = None) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        prepare_upload(io.BytesIO(data), size=size)
    return caught.value


def stored(data: bytes) -> Image.Image:
    prepared = prepare_upload(io.BytesIO(data))
    img = Image.open(io.BytesIO(prepared.content))
    assert img.format == "JPEG", "whatever comes in is stored as a re-encoded JPEG"
    assert (img.width, img.height) == (prepared.width, prepared.height)
    return img


# --- what is not a photo ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"just some text, renamed to fridge.jpg\n" * 20, id="text-renamed-jpg"),
        pytest.param(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
            b'height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>',
            id="svg",
        ),
        pytest.param(
            b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
            id="pdf",
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n<html><body><script>alert(document.cookie)</script></body></html>",
            id="html-with-png-header",
        ),
        pytest.param(
            encode(Image.new("RGB", (40, 30), "green"), "GIF"),
            id="gif",
        ),
        pytest.param(encode(Image.new("RGB", (40, 30), "green"), "BMP"), id="bmp"),
    ],
)
def test_a_file_that_is_not_an_allowed_photo_is_refused_by_its_content(data: bytes) -> None:
    """The bytes decide, not the name or Content-Type; GIF is not a photo format we take."""
    error = rejected(data)
    assert error.code == "unsupported_type"
    assert error.message == UNREADABLE


def test_an_animated_gif_is_refused_with_the_list_of_formats_we_take() -> None:
    frames = [Image.new("RGB", (40, 30), c) for c in ("red", "green", "blue")]
    data = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], loop=0)
    assert rejected(data).message == UNREADABLE


def test_an_empty_file_is_refused_in_plain_words() -> None:
    error = rejected(b"")
    assert (error.code, error.message) == ("empty", "The file is empty. Please choose a photo.")


def test_a_truncated_jpeg_is_refused_as_incomplete() -> None:
    data = jpeg_bytes((800, 600))
    error = rejected(data[: len(data) // 2])
    assert error.code == "truncated"
    assert "incomplete" in error.message


def test_a_tiny_png_declaring_30000_by_30000_pixels_is_refused_before_decoding() -> None:
    data = png_declaring(30000, 30000)
    assert len(data) < 200
    error = rejected(data)
    assert error.code == "too_many_pixels"
    assert "under 50 megapixels" in error.message


def test_a_real_60_megapixel_photo_is_refused(settings: Any) -> None:
    data = encode(Image.new("1", (10000, 6000)), "PNG")  # compresses to a few kB
    error = rejected(data)
    assert error.code == "too_many_pixels"
    assert error.message == (
        "The photo has too many pixels (10000×6000). Please upload a photo under 50 megapixels."
    )


def test_the_pixel_limit_follows_the_setting_and_leaves_pillows_global_alone(
    settings: Any,
) -> None:
    before = Image.MAX_IMAGE_PIXELS
    settings.MAX_IMAGE_PIXELS = 100 * 100
    error = rejected(jpeg_bytes((101, 100)))
    assert error.code == "too_many_pixels"
    assert before == Image.MAX_IMAGE_PIXELS


def test_a_file_over_15_mb_is_refused_by_its_declared_size_and_by_what_is_read() -> None:
    message = "The photo is larger than 15 MB."
    assert rejected(b"x", size=15 * 1024 * 1024 + 1).message == message
    big = jpeg_bytes((64, 64)) + b"\0" * (15 * 1024 * 1024)
    error = rejected(big)  # a client that lies about the size is still cut off
    assert (error.code, error.message) == ("too_large", message)


# --- photos we take, and how they are stored -----------------------------------------------


def test_exif_orientation_is_applied_so_a_sideways_phone_photo_is_stored_upright() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    data = encode(Image.new("RGB", (200, 100), "red"), "JPEG", exif=exif)
    img = stored(data)
    assert img.size == (100, 200)
    assert 0x0112 not in img.getexif()


def test_gps_and_every_other_exif_tag_are_stripped_from_the_stored_photo() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x8825] = {1: "N", 2: (52.0, 22.0, 1.0), 3: "E", 4: (4.0, 53.0, 2.0)}  # GPS IFD
    data = encode(Image.new("RGB", (120, 80), "red"), "JPEG", exif=exif)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825), "the upload has GPS"

    img = stored(data)
    assert not img.getexif().get_ifd(0x8825)
    assert len(img.getexif()) == 0
    assert "exif" not in img.info
    assert b"PhoneMaker" not in prepare_upload(io.BytesIO(data)).content


def test_a_cmyk_jpeg_is_stored_as_rgb() -> None:
    data = encode(Image.new("CMYK", (60, 40), (0, 255, 255, 0)), "JPEG")
    img = stored(data)
    assert img.mode == "RGB"
    red, green, blue = img.getpixel((30, 20))  # type: ignore[misc]
    assert red > 200 and green < 60 and blue < 60, "cyan-free, magenta+yellow ink is red"


def test_a_16_bit_png_is_scaled_to_8_bits_not_clipped_to_white() -> None:
    img16 = Image.new("I;16", (64, 48), 0x8000)  # mid-grey in 16 bits
    img = stored(encode(img16, "PNG"))
    value = img.getpixel((32, 24))[0]  # type: ignore[index]
    assert 120 <= value <= 136


def test_a_png_with_transparency_gets_a_white_background() -> None:
    img = stored(encode(Image.new("RGBA", (40, 40), (255, 0, 0, 0)), "PNG"))
    assert min(img.getpixel((20, 20))) > 245  # type: ignore[arg-type]


def test_an_animated_webp_keeps_its_first_frame() -> None:
    frames = [Image.new("RGB", (60, 40), c) for c in ("red", "blue")]
    data = encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True)
    red, _green, blue = stored(data).getpixel((30, 20))  # type: ignore[misc]
    assert red > 200 and blue < 60


def test_a_heic_photo_from_an_iphone_is_accepted() -> None:
    out = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (320, 240), "blue")).save(out, format="HEIF")
    img = stored(out.getvalue())
    assert img.size == (320, 240)


def test_a_huge_photo_is_stored_at_most_2560_px_and_sent_to_the_model_smaller() -> None:
    prepared = prepare_upload(io.BytesIO(png_bytes((4000, 3000))))
    assert (prepared.width, prepared.height) == (2560, 1920)
    sent = Image.open(io.BytesIO(model_image(prepared.content, model="llava:13b")))
    assert max(sent.size) == 1568


def png_bytes(size: tuple[int, int], mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(out, format="PNG")
    return out.getvalue()


def test_a_big_jpeg_is_decoded_at_reduced_scale_not_in_full() -> None:
    """A 12 MP phone JPEG is read at half scale (about 12 MB instead of 48), still above what
    the model is sent."""
    prepared = prepare_upload(io.BytesIO(jpeg_bytes((4032, 3024))))
    assert (prepared.width, prepared.height) == (2016, 1512)
    sent = Image.open(io.BytesIO(model_image(prepared.content, model="llava:13b")))
    assert max(sent.size) == 1568


@pytest.mark.parametrize(
    ("size", "mode", "fmt"),
    [((5000, 4000), "RGB", "PNG"), ((5000, 3000), "RGB", "WEBP"), ((7000, 7000), "RGBA", "PNG")],
)
def test_a_photo_that_would_take_too_much_memory_is_refused_from_its_header(
    size: tuple[int, int], mode: str, fmt: str, monkeypatch: Any
) -> None:
    """Judged by what decoding would cost, before a pixel is decoded: a few KB of PNG can
    declare hundreds of MB of pixels."""
    out = io.BytesIO()
    Image.new(mode, size).save(out, format=fmt)
    loads: list[str] = []
    real_load = Image.Image.load
    monkeypatch.setattr(Image.Image, "load", lambda self: loads.append("x") or real_load(self))
    with pytest.raises(ImageRejected) as refused:
        prepare_upload(io.BytesIO(out.getvalue()))
    assert refused.value.code == "too_large_to_decode"
    assert f"({size[0]}×{size[1]})" in refused.value.message
    assert not loads, "pixels were decoded before the refusal"


def test_a_1_bit_png_of_7000_by_7000_is_shrunk_in_grey_not_expanded_to_rgb() -> None:
    prepared = prepare_upload(io.BytesIO(png_bytes((7000, 7000), mode="1")))
    assert (prepared.width, prepared.height) == (2560, 2560)


@pytest.mark.django_db
def test_the_stored_file_name_is_generated_never_the_uploaded_name(user: Any) -> None:
    upload = io.BytesIO(jpeg_bytes())
    upload.name = "../../etc/passwd;<script>.jpg"
    scan = scan_create(user=user, file=upload)
    assert re.fullmatch(r"scans/[0-9a-f]{32}\.jpg", scan.image.name)


# --- what the vision model is sent: exactly the size it would resize the photo to itself -------
QWEN = {"patch": 28, "min_pixels": 56 * 56, "max_pixels": 1280 * 28 * 28}
TILES = {"tile": 560, "max_tiles": 4}
# stored size -> what Qwen2.5-VL (Ollama 0.9) and Llama 3.2 Vision make of it, worked by hand
SHAPES = {
    "landscape 12 MP": ((2016, 1512), (1148, 840), (1120, 840)),
    "portrait 12 MP": ((1512, 2016), (840, 1148), (840, 1120)),
    "square": ((2560, 2560), (980, 980), (1120, 1120)),
    "panorama 4:1": ((2560, 640), (1988, 476), (2240, 560)),
    "small": ((1000, 750), (1008, 756), (1000, 750)),
    "tiny": ((30, 20), (84, 56), (30, 20)),
    "strip": ((2560, 10), (2548, 28), (2240, 8)),
}


def sent_size(stored: tuple[int, int], model: str) -> tuple[int, int]:
    sent = Image.open(io.BytesIO(model_image(jpeg_bytes(stored), model=model)))
    assert sent.format == "JPEG"
    return sent.size


@pytest.mark.parametrize("shape", SHAPES)
def test_qwen_is_sent_the_size_its_smart_resize_picks(shape: str) -> None:
    (width, height), expected, _ = SHAPES[shape]
    w, h = sent_size((width, height), "qwen2.5vl:7b")
    assert (w, h) == expected
    assert w % 28 == 0 and h % 28 == 0
    assert 56 * 56 <= w * h <= 1280 * 28 * 28
    assert qwen_size(w, h, QWEN) == (w, h), "the model would resize what it is sent again"
    if min(width, height) >= 56:  # below that the model's minimum sets the shape
        assert abs((w / h) / (width / height) - 1) <= 28 / w + 28 / h
    if width * height >= 56 * 56:
        assert w < width + 28 and h < height + 28, "enlarged beyond the grid's rounding"


@pytest.mark.parametrize("shape", SHAPES)
def test_llama_vision_is_sent_the_size_it_fits_into_its_tiles(shape: str) -> None:
    (width, height), _, expected = SHAPES[shape]
    w, h = sent_size((width, height), "llama3.2-vision:11b")
    assert (w, h) == expected
    assert w <= width and h <= height, "a small photo is enlarged by the model, not by us"
    canvas = tiled_canvas(width, height, TILES)
    assert canvas[0] % 560 == 0 and canvas[1] % 560 == 0 and canvas[0] * canvas[1] <= 4 * 560**2
    assert w <= canvas[0] and h <= canvas[1]
    assert tiled_canvas(w, h, TILES) == canvas, "the same tiles as from the stored photo"
    assert tiled_size(w, h, TILES) == tiled_size(width, height, TILES)
    if (w, h) != (width, height):
        assert w == canvas[0] or h == canvas[1], "downscaled further than the tiles need"


@pytest.mark.parametrize(
    ("image", "canvas"),
    [
        ((1024, 768), (1120, 1120)),
        ((640, 480), (1120, 560)),
        ((320, 200), (560, 560)),
        ((1320, 200), (1680, 560)),
        ((10000, 200), (2240, 560)),
        ((200, 2000), (560, 2240)),
    ],
)
def test_the_tile_canvas_is_the_one_ollama_picks(
    image: tuple[int, int], canvas: tuple[int, int]
) -> None:
    """Cases from Ollama's own tests of its Llama 3.2 Vision image processor."""
    assert tiled_canvas(*image, TILES) == canvas


@pytest.mark.parametrize("shape", SHAPES)
def test_an_unknown_model_keeps_the_longest_side_at_most_1568_px(shape: str) -> None:
    stored_size = SHAPES[shape][0]
    thumb = Image.new("RGB", stored_size)
    thumb.thumbnail((1568, 1568))
    assert sent_size(stored_size, "llava:13b") == thumb.size
    assert model_size(*stored_size, "llava") == thumb.size


@pytest.mark.parametrize(
    ("model", "size"),
    [
        ("qwen2.5vl", (1148, 840)),
        ("QWEN2.5VL:3b-q4_K_M", (1148, 840)),
        ("qwen2.5vl-longer:7b", (1568, 1176)),
        ("registry.local:5000/qwen2.5vl", (784, 588)),  # a port is not a tag
        ("llama3.2-vision:90b", (1120, 840)),
        ("llama3.2:3b", (1568, 1176)),
    ],
)
def test_the_longest_prefix_of_the_name_before_the_tag_picks_the_rule(
    model: str, size: tuple[int, int], settings: Any
) -> None:
    settings.OLLAMA_IMAGE_PROFILES = {
        **settings.OLLAMA_IMAGE_PROFILES,
        "qwen2.5vl-long": {"kind": "max_side"},
        "registry.local:5000/qwen": {"kind": "max_side", "max_side": 784},
    }
    assert model_size(2016, 1512, model) == size


@pytest.mark.parametrize(
    "rule", [{"kind": "crop"}, {"kind": "qwen", "patch": 28, "min_pixels": 0, "max_pixels": 9}]
)
def test_a_broken_rule_is_a_configuration_error(rule: dict[str, Any], settings: Any) -> None:
    settings.OLLAMA_IMAGE_PROFILES = {"qwen2.5vl": rule}
    with pytest.raises(ImproperlyConfigured, match=r"OLLAMA_IMAGE_PROFILES\['qwen2.5vl'\]"):
        model_size(2016, 1512, "qwen2.5vl:7b")


def test_the_profiles_can_be_changed_from_the_environment() -> None:
    """Ollama 0.13.4 lets Qwen2.5-VL see up to 2 MP; a new model can be added the same way."""
    profiles = {
        "qwen2.5vl": {"kind": "qwen", "patch": 28, "min_pixels": 3136, "max_pixels": 2 << 20},
        "gemma3": {"kind": "max_side", "max_side": 896},
    }
    code = (
        "import django; django.setup(); from vision.images import model_size as m; "
        "print(m(2016, 1512, 'qwen2.5vl:7b'), m(2016, 1512, 'gemma3:4b'), "
        "m(2016, 1512, 'llama3.2-vision'))"
    )
    env = {**os.environ, "OLLAMA_IMAGE_PROFILES": json.dumps(profiles)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.split("\n")[0] == "(1652, 1232) (896, 672) (1120, 840)"
