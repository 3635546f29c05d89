"""The installable web app: manifest, service worker and offline page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_every_page_links_the_manifest_and_it_describes_an_installable_app(
    client: Client,
) -> None:
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


def test_the_manifest_speaks_the_readers_language(client: Client) -> None:
    manifest = json.loads(
        client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    )
    assert manifest["lang"] == "ru"
    assert manifest["name"] == "ИИ-шеф"


def test_the_worker_keeps_only_the_shell_and_is_never_stale(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    settings_line = next(line for line in body.splitlines() if line.startswith("var SETTINGS"))
    shell = json.loads(settings_line.removeprefix("var SETTINGS = ").rstrip(";"))
    assert shell["offline"] == "/offline/"
    assert "/offline/" in shell["shell"]
    assert all(u.startswith("/static/") or u == "/offline/" for u in shell["shell"])


def test_the_offline_page_names_nobody(cook: Client, user: Any) -> None:
    page = cook.get("/offline/").content.decode()
    assert "You are offline" in page
    assert user.username not in page
    assert "Log out" not in page
    assert "private" in cook.get("/offline/")["Cache-Control"]
