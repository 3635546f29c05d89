"""Production settings, security headers, CSP, CORS and request size limits, as served."""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from tests.browser.conftest import chromium  # noqa: F401 - the headless Chromium fixture
from tests.factories import jpeg_bytes
from tests.support.processes import run_python

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ("SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL")
PRODUCTION_ENV = {
    "SECRET_KEY": "x7Qp2vN9kR4mT8wZ1cY6bH3jL5sD0fG7aE2uI9oP4rK8nM1qW6tV3yB5xC0zJ",
    "ALLOWED_HOSTS": "chef.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://chef.example.com",
    "DATABASE_URL": "postgres://chef:secret@127.0.0.1:5432/chef",
    "CELERY_BROKER_URL": "amqp://chef:secret@127.0.0.1:5672//",
}


def clean_env(**extra: str) -> dict[str, str]:
    """Only what a process needs, so nothing of this machine's environment leaks in."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {**keep, "PYTHONDONTWRITEBYTECODE": "1", **extra}


# --- production settings ----------------------------------------------------------------------


def test_manage_py_check_deploy_reports_no_issues_with_production_settings() -> None:
    result = run_python(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=clean_env(DJANGO_SETTINGS_MODULE="config.settings.production", **PRODUCTION_ENV),
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.fixture
def production_import(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Import the production settings module afresh under a given environment."""

    def load(**env: str) -> Any:
        for name in REQUIRED:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        sys.modules.pop("config.settings.production", None)
        return importlib.import_module("config.settings.production")

    yield load
    sys.modules.pop("config.settings.production", None)


def test_production_refuses_to_start_naming_every_missing_variable_in_one_error(
    production_import: Any,
) -> None:
    with pytest.raises(ImproperlyConfigured) as caught:
        production_import()
    assert str(caught.value) == (
        "Missing required environment variables: "
        "SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, CELERY_BROKER_URL. See .env.example."
    )


@pytest.mark.parametrize("missing", REQUIRED)
def test_production_names_the_one_variable_that_is_missing(
    production_import: Any, missing: str
) -> None:
    present = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    with pytest.raises(ImproperlyConfigured, match=f"variables: {missing}\\. See"):
        production_import(**present)


def test_production_settings_are_safe_when_complete(production_import: Any) -> None:
    prod = production_import(**PRODUCTION_ENV)
    assert prod.DEBUG is False
    assert prod.ALLOWED_HOSTS == ["chef.example.com"]
    assert prod.SESSION_COOKIE_SECURE and prod.CSRF_COOKIE_SECURE
    assert prod.SECURE_HSTS_SECONDS >= 31536000
    assert prod.CELERY_BROKER_TRANSPORT_OPTIONS["confirm_publish"] is True


# --- headers on pages ---------------------------------------------------------------------------


def csp_of(response: Any) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: " ".join(part.split()[1:]) for part in header.split(";") if part.strip()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/api/v1/recipes/"])
def test_every_response_carries_the_security_headers_and_a_strict_csp(path: str) -> None:
    response = Client().get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = csp_of(response)
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'", "no inline script, no eval, no other origin"
    assert csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["base-uri"] == "'self'" and csp["form-action"] == "'self'"


def _inline_code(html: str) -> list[str]:
    """Inline scripts and event-handler attributes: what script-src 'self' would block."""
    inline_scripts = [
        s for s in re.findall(r"<script\b([^>]*)>", html, re.IGNORECASE) if "src=" not in s
    ]
    handlers = re.findall(r"\son[a-z]+\s*=", html, re.IGNORECASE)
    return inline_scripts + handlers


@pytest.mark.django_db
def test_the_admin_log_in_page_renders_under_the_csp_without_inline_scripts() -> None:
    response = Client().get("/admin/login/")
    assert response.status_code == 200
    assert csp_of(response)["script-src"] == "'self'"
    html = response.content.decode()
    assert 'name="password"' in html
    assert _inline_code(html) == []
    for src in re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html):
        assert src.startswith("/static/"), src


@pytest.mark.django_db
def test_our_pages_have_no_inline_scripts_either(user: Any) -> None:
    client = Client()
    client.force_login(user)
    for path in (
        "/",
        "/recipes/",
        "/history/",
        "/favorites/",
        "/shopping-list/",
        "/accounts/profile/",
    ):
        assert _inline_code(client.get(path).content.decode()) == [], path


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_signs_in_and_works_in_chromium_with_no_csp_violation(
    chromium: Any,  # noqa: F811
    live_server: Any,
) -> None:
    from django.contrib.auth import get_user_model

    from tests.browser.helpers import ConsoleErrors

    get_user_model().objects.create_superuser("boss", "boss@example.com", "a-long-admin-pass-42")
    page = chromium.new_page()
    errors = ConsoleErrors().attach(page)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("a-long-admin-pass-42")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/admin/")
    page.goto(f"{live_server.url}/admin/vision/scan/")
    assert page.get_by_role("heading", level=1).count() >= 1
    assert failed == [], "every script, style and image of the page loads"
    # Chromium also asks for /favicon.ico, which the admin does not link: that 404 is not ours.
    problems = [m for m in errors.messages if not m.startswith("Failed to load resource")]
    assert problems == [], "no Content-Security-Policy violation, no script error"


# --- CORS -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_cors_is_closed_to_an_origin_that_is_not_listed(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/recipes/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response
    preflight = api_client.options(
        "/api/v1/recipes/",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in preflight


@pytest.mark.django_db
def test_cors_is_open_to_a_listed_origin_on_the_api_only(
    api_client: APIClient, settings: Any
) -> None:
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example"]
    response = api_client.get("/api/v1/recipes/", HTTP_ORIGIN="https://app.example")
    assert response["Access-Control-Allow-Origin"] == "https://app.example"
    page = Client().get("/accounts/login/", HTTP_ORIGIN="https://app.example")
    assert "Access-Control-Allow-Origin" not in page, "pages are never cross-origin readable"


# --- request size limits ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_huge_json_body_is_refused_in_the_error_shape_not_a_500(api_client: APIClient) -> None:
    body = '{"ingredients": ["' + "a" * (2 * 1024 * 1024) + '"]}'
    response = api_client.post("/api/v1/generations/", body, content_type="application/json")
    assert response.status_code in (400, 413)
    assert set(response.json()["error"]) == {"code", "message", "details"}


@pytest.mark.django_db
def test_a_huge_form_post_to_a_page_is_a_400_not_a_500(user: Any) -> None:
    client = Client()
    client.force_login(user)
    response = client.post("/generations/new/", {"ingredients": "a" * (2 * 1024 * 1024)})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_photo_over_15_mb_gets_the_plain_message_on_the_page_and_the_api(
    user: Any, api_client: APIClient
) -> None:
    big = jpeg_bytes() + b"\0" * (15 * 1024 * 1024)
    client = Client()
    client.force_login(user)
    page = client.post("/", {"photo": SimpleUploadedFile("big.jpg", big, "image/jpeg")})
    assert page.status_code == 400
    assert "The photo is larger than 15 MB." in page.content.decode()

    api = api_client.post(
        "/api/v1/scans/",
        {"image": SimpleUploadedFile("big.jpg", big, "image/jpeg")},
        format="multipart",
    )
    assert api.status_code == 400
    assert api.json()["error"]["message"] == "The photo is larger than 15 MB."
