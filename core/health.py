"""Liveness and readiness probes, cheap enough to poll every 10 seconds."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from integrations.ollama.client import loaded_models, ping


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


def _check_ollama() -> dict[str, object]:
    ok, models, _error = ping(timeout=2.0)
    wanted = [settings.OLLAMA_VISION_MODEL, settings.OLLAMA_TEXT_MODEL]
    missing = [m for m in wanted if m not in models and m.removesuffix(":latest") not in models]
    if not ok:
        return {"ok": False, "error": "unreachable", "hint": "start Ollama: ollama serve"}
    if missing:
        return {
            "ok": False,
            "error": "models missing",
            "missing": missing,
            "hint": " ; ".join(f"ollama pull {m}" for m in missing),
        }
    return {"ok": True, "models": wanted, "loaded": loaded_models(timeout=2.0) or []}


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
