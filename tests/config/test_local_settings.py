"""`make run`'s settings: the product's own error pages, static files served, quiet logs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, logging
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
css = client.get("/static/css/site.css")
server = logging.getLogger("django.server")
print(json.dumps({
    "status": missing.status_code,
    "body": missing.content.decode(),
    "css": css.status_code,
    "access_log": server.isEnabledFor(logging.INFO),
    "django_handlers": len(logging.getLogger("django").handlers),
    "axes_verbose": settings.AXES_VERBOSE,
}))
"""


def run_local(tmp_path: Path, **env: str) -> dict[str, object]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "CELERY_BROKER_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_missing_page_shows_the_products_404_with_static_files_served(tmp_path: Path) -> None:
    result = run_local(tmp_path)
    assert result["status"] == 404
    assert "/static/css/site.css" in str(result["body"]), "the site's own page, in its styles"
    assert "URLconf" not in str(result["body"]), "no list of URL patterns"
    assert result["css"] == 200, "the page's styles still load without DEBUG"


def test_the_terminal_gets_no_line_per_request_and_no_banner(tmp_path: Path) -> None:
    result = run_local(tmp_path)
    assert result["access_log"] is False
    assert result["django_handlers"] == 0, "Django's lines reach the root handler once"
    assert result["axes_verbose"] is False


def test_debug_true_brings_djangos_debug_page(tmp_path: Path) -> None:
    result = run_local(tmp_path, DEBUG="true")
    assert result["status"] == 404
    assert "URLconf" in str(result["body"])
