"""Liveness and readiness probes, cheap enough to poll every 10 seconds."""

from __future__ import annotations

import time
from typing import cast

from django.db import connection
from django.http import HttpRequest
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.prompt_variants import models_in_use
from integrations.ollama.client import configured_hosts
from integrations.ollama.client import each_host
from integrations.ollama.client import has_model
from integrations.ollama.client import host_label
from integrations.ollama.client import loaded_on
from integrations.ollama.client import ping_host


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is alive; no dependency is touched."""
    return JsonResponse({"status": "ok"})


def _check_database() -> dict[str, object]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def _check_broker() -> dict[str, object]:
    from celery import current_app as app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return {"ok": True}


def _host_report(host: str, wanted: list[str]) -> dict[str, object]:
    up, models, _error = ping_host(host, timeout=2.0)
    return {
        "host": host_label(host),
        "up": up,
        "models": [m for m in wanted if has_model(models, m)],
        "loaded": (loaded_on(host, timeout=2.0) or []) if up else [],
    }


def _check_ollama() -> dict[str, object]:
    """Ready when every model the site uses is on at least one host that answers.

    `hosts` lists each Ollama host (up, the site's models it has, the models loaded now).
    """
    wanted = models_in_use()
    reports = each_host(lambda host: _host_report(host, wanted), configured_hosts())
    up = [r for r in reports if r["up"]]
    if not up:
        return {
            "ok": False,
            "error": "unreachable",
            "hint": "start Ollama: ollama serve",
            "hosts": reports,
        }
    present = {m for r in up for m in cast(list[str], r["models"])}
    missing = [m for m in wanted if m not in present]
    if missing:
        return {
            "ok": False,
            "error": "models missing",
            "missing": missing,
            "hint": " ; ".join(f"ollama pull {m}" for m in missing),
            "hosts": reports,
        }
    loaded = sorted({m for r in up for m in cast(list[str], r["loaded"])})
    return {"ok": True, "models": wanted, "loaded": loaded, "hosts": reports}


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, object]] = {}
    for name, check in (
        ("database", _check_database),
        ("broker", _check_broker),
        ("ollama", _check_ollama),
    ):
        started = time.monotonic()
        try:
            result = check()
        except Exception as exc:  # a probe reports every failure, it never raises
            result = {"ok": False, "error": type(exc).__name__}
        result["ms"] = round((time.monotonic() - started) * 1000, 1)
        checks[name] = result
    ready = all(c["ok"] for c in checks.values())
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
