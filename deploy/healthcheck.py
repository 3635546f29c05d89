"""Container health checks that need nothing beyond the Python standard library.

    python deploy/healthcheck.py http http://127.0.0.1:8000/healthz   # 2xx within 4 s
    python deploy/healthcheck.py process "celery -A config beat"    # a matching process runs

The HTTP check sends `Host: localhost`, which docker-compose.prod.yml adds to ALLOWED_HOSTS, so
Django answers instead of rejecting an unknown host.
"""

from __future__ import annotations

import sys
import urllib.request
from pathlib import Path


def check_http(url: str) -> bool:
    request = urllib.request.Request(url, headers={"Host": "localhost"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310
            return 200 <= response.status < 300
    except OSError:
        return False


def check_process(needle: str) -> bool:
    wanted = needle.split()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        joined = " ".join(arg for arg in args if arg)
        if all(part in joined for part in wanted) and "healthcheck.py" not in joined:
            return True
    return False


def main(argv: list[str]) -> int:
    checks = {"http": check_http, "process": check_process}
    if len(argv) != 3 or argv[1] not in checks:
        sys.stderr.write(__doc__ or "")
        return 2
    return 0 if checks[argv[1]](argv[2]) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
