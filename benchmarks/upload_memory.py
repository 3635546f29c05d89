"""Peak memory of the web process while it validates an upload, for the worst accepted files.

Each case runs in a fresh process with Django set up (as a web worker is): the figure is the
rise of the process's peak resident memory (VmHWM, reset first) over its idle resident memory
while `prepare_upload` runs, for one upload and for four at once (four threads, as gunicorn's
threads would). Files are generated once in a temp folder: large, smooth images that stay under the
15 MB upload limit.
Usage: python -m benchmarks.upload_memory
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CASES = [
    ("JPEG 8000x6000 (48 MP)", "jpeg48.jpg"),
    ("PNG 1-bit 7000x7000 (6 KB)", "bits.png"),
    ("JPEG 5100x2500 (full-scale decode)", "jpeg13.jpg"),
    ("PNG RGB 4800x3600 (17 MP)", "rgb17.png"),
    ("PNG RGB 5000x4000 (20 MP)", "rgb20.png"),
    ("WebP 3400x2300 (8 MP)", "rgb8.webp"),
    ("WebP 5000x3000 (15 MP)", "rgb15.webp"),
    ("HEIC 4032x3024 (12 MP)", "phone12.heic"),
    ("HEIC 5712x4284 (24 MP)", "phone24.heic"),
]


def _smooth(width: int, height: int) -> object:
    from PIL import Image

    small = Image.linear_gradient("L").resize((256, 192)).convert("RGB")
    return small.resize((width, height), Image.Resampling.BILINEAR)


def _make(folder: Path) -> None:
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    _smooth(8000, 6000).save(folder / "jpeg48.jpg", quality=85)  # type: ignore[attr-defined]
    _smooth(5100, 2500).save(folder / "jpeg13.jpg", quality=85)  # type: ignore[attr-defined]
    Image.new("1", (7000, 7000), 1).save(folder / "bits.png")
    _smooth(4800, 3600).save(folder / "rgb17.png", optimize=False)  # type: ignore[attr-defined]
    _smooth(3400, 2300).save(folder / "rgb8.webp", quality=80)  # type: ignore[attr-defined]
    _smooth(5000, 4000).save(folder / "rgb20.png", optimize=False)  # type: ignore[attr-defined]
    _smooth(5000, 3000).save(folder / "rgb15.webp", quality=80)  # type: ignore[attr-defined]
    _smooth(4032, 3024).save(folder / "phone12.heic", quality=70)  # type: ignore[attr-defined]
    _smooth(5712, 4284).save(folder / "phone24.heic", quality=70)  # type: ignore[attr-defined]


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> None:
    """Start the high-water mark (VmHWM) afresh: a child inherits its parent's otherwise."""
    Path("/proc/self/clear_refs").write_text("5")


def _peak_mb() -> float:
    return _status_mb("VmHWM")


def _measure(path: Path, parallel: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from vision.images import ImageRejected
    from vision.images import prepare_upload

    data = path.read_bytes()
    idle = _status_mb("VmRSS")
    _reset_peak()
    outcome: list[str] = []

    def one() -> None:
        try:
            prepared = prepare_upload(io.BytesIO(data), size=len(data))
            outcome.append(f"accepted {prepared.width}x{prepared.height}")
        except ImageRejected as exc:
            outcome.append(f"refused ({exc.code})")

    started = time.perf_counter()
    threads = [threading.Thread(target=one) for _ in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - started
    print(f"{_peak_mb() - idle:.0f} {_peak_mb():.0f} {took:.2f} {outcome[0]}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--one", type=Path)
    parser.add_argument("--parallel", type=int, default=1)
    args = parser.parse_args()
    if args.one:
        _measure(args.one, args.parallel)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        _make(folder)
        head = f"{'upload':34} {'size':>7} {'x1 +MB':>7} {'x4 +MB':>7} {'x4 peak':>8}"
        print(f"{head} {'x1 s':>5}  result")
        for title, name in CASES:
            path = folder / name
            rows = []
            for parallel in (1, 4):
                out = subprocess.run(
                    [sys.executable, "-m", "benchmarks.upload_memory", "--one", str(path),
                     "--parallel", str(parallel)],
                    cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
                )  # fmt: skip
                if out.returncode != 0:
                    print(out.stderr[-2000:], file=sys.stderr)
                    return 1
                rows.append(out.stdout.split(maxsplit=3))
            (rise1, _, took1, result), (rise4, peak4, _, _) = rows
            size = f"{path.stat().st_size / 1e6:.1f}MB"
            print(
                f"{title:34} {size:>7} {rise1:>7} {rise4:>7} {peak4:>8} {float(took1):5.2f}  "
                f"{result.strip()}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
