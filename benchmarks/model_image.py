"""What a photo weighs on its way to the vision model, per model family, and what resizing costs.

For a 12 MP and a 3 MP phone-like JPEG (generated: gradients, noise and a few hundred coloured
boxes, so it compresses roughly like a photo): bytes and pixels uploaded, stored (prepare_upload)
and sent to each model family (model_image), what the model then does with it itself (resize
again or not, image tokens or tiles), and the time model_image takes (decode, resize, encode:
median and min of --runs).
The "before" row is how every model was sent a photo until now: longest side at most 1568 px.
Usage: python -m benchmarks.model_image [--runs 20]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
UPLOADS = [("12 MP", (4032, 3024)), ("3 MP", (2000, 1500))]
MODELS = [
    ("qwen2.5vl", "qwen2.5vl:7b"),
    ("llama3.2-vision", "llama3.2-vision:11b"),
    ("other (max side)", "llava:13b"),
]


def _photo(size: tuple[int, int]) -> bytes:
    from PIL import Image
    from PIL import ImageDraw

    rng = random.Random(size[0])
    ramp = Image.linear_gradient("L").resize(size)
    channels = [ramp, ramp.rotate(90).resize(size), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT)]
    img = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(img)
    for _ in range(300):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        w, h = rng.randrange(20, size[0] // 6), rng.randrange(20, size[1] // 6)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + w, y + h), fill=colour, outline=(0, 0, 0), width=3)
    noise = Image.effect_noise(size, 24).convert("RGB")
    img = Image.blend(img, noise, 0.15)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=90)
    return out.getvalue()


def _seen(size: tuple[int, int], model: str) -> str:
    """What the model itself does with an image of `size`."""
    from vision.images import image_rule
    from vision.images import qwen_size
    from vision.images import tiled_canvas
    from vision.images import tiled_size

    rule = image_rule(model)
    if rule["kind"] == "qwen":
        used = qwen_size(*size, rule)
        tokens = (used[0] // 28) * (used[1] // 28)
        again = "as sent" if used == size else f"resized again to {used[0]}x{used[1]}"
        return f"{again}, {tokens} image tokens"
    if rule["kind"] == "tiles":
        used = tiled_size(*size, rule)
        canvas = tiled_canvas(*size, rule)
        tiles = canvas[0] // rule["tile"] * (canvas[1] // rule["tile"])
        again = "as sent" if used == size else f"resized again to {used[0]}x{used[1]}"
        return f"{again}, {tiles} tiles"
    return "unknown to us"


def _row(label: str, data: bytes, size: tuple[int, int], extra: str = "") -> None:
    mp = size[0] * size[1] / 1e6
    dims = f"{size[0]}x{size[1]}"
    print(f"  {label:34} {len(data) / 1e3:8.0f} KB {dims:>10} {mp:5.2f} MP  {extra}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import override_settings
    from PIL import Image

    from vision.images import model_image
    from vision.images import prepare_upload

    for title, size in UPLOADS:
        upload = _photo(size)
        stored = prepare_upload(io.BytesIO(upload), size=len(upload))
        print(f"\n{title} upload ({args.runs} runs of model_image each)")
        _row("uploaded", upload, size)
        _row("stored", stored.content, (stored.width, stored.height))
        cases: list[tuple[str, str, dict[str, Any] | None]] = [
            (f"sent to {name}", model, None) for name, model in MODELS
        ]
        cases.append(("before: every model, max side 1568", "qwen2.5vl:7b", {}))
        for label, model, profiles in cases:
            with override_settings(
                **({} if profiles is None else {"OLLAMA_IMAGE_PROFILES": profiles})
            ):
                model_image(stored.content, model=model)  # warm-up, not counted
                took = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    sent = model_image(stored.content, model=model)
                    took.append(time.perf_counter() - started)
            sent_size = Image.open(io.BytesIO(sent)).size
            median, fastest = statistics.median(took) * 1000, min(took) * 1000
            timing = f"{median:5.1f} ms (min {fastest:4.1f})"
            _row(label, sent, sent_size, f"{timing}  {_seen(sent_size, model)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
