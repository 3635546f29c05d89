"""The same request twenty times is one model call: identical work in flight is joined.

Real worker on RabbitMQ (two processes at once), the fake Ollama answering slowly enough that the
identical requests arrive while the first one runs.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from recipes.models import Generation
from tests.factories import jpeg_bytes
from tests.support.journey import finished
from tests.support.journey import sign_up
from vision.models import Scan

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.broker, pytest.mark.slow]


def test_twenty_identical_recipe_requests_cost_one_model_call(
    worker: Any, fake_ollama: Any
) -> None:
    client = sign_up("erin")
    fake_ollama.script("chat", delay=1.5)
    urls = []
    for _ in range(20):
        response = client.post(
            "/api/v1/generations/", {"ingredients": ["tomato", "eggs"], "count": 2}, format="json"
        )
        assert response.status_code == 202, response.content
        urls.append(response["Location"])
    results = [finished(client, url, timeout=40) for url in urls]
    assert [r["status"] for r in results] == ["succeeded"] * 20
    titles = {tuple(x["title"] for x in r["recipes"]) for r in results}
    assert len(titles) == 1 and len(next(iter(titles))) == 2
    assert len(fake_ollama.requests_to("/api/chat")) == 1
    leader = Generation.objects.order_by("created_at", "pk").first()
    assert leader is not None and leader.reused_from_id is None
    assert Generation.objects.filter(reused_from=leader).count() == 19


def test_the_same_photo_sent_five_times_at_once_is_read_once(worker: Any, fake_ollama: Any) -> None:
    client = sign_up("frank")
    fake_ollama.script("chat", delay=1.5)
    photo = jpeg_bytes()
    urls = []
    for _ in range(5):
        upload = SimpleUploadedFile("fridge.jpg", photo, "image/jpeg")
        response = client.post("/api/v1/scans/", {"image": upload}, format="multipart")
        assert response.status_code == 202, response.content
        urls.append(response["Location"])
    results = [finished(client, url, timeout=40) for url in urls]
    assert [r["status"] for r in results] == ["succeeded"] * 5
    names = {tuple(i["name"] for i in r["ingredients"]) for r in results}
    assert len(names) == 1 and next(iter(names))
    assert len(fake_ollama.requests_to("/api/chat")) == 1
    assert Scan.objects.filter(reused_from__isnull=False).count() == 4


def test_a_follower_runs_by_itself_when_the_first_request_fails(
    worker: Any, fake_ollama: Any
) -> None:
    """Joining never costs a result: the first fails (a 400 from the model), the second runs."""
    client = sign_up("gina")
    fake_ollama.script("chat", status=400, error="invalid request", delay=1.0)
    first = client.post("/api/v1/generations/", {"ingredients": ["leek"]}, format="json")
    second = client.post("/api/v1/generations/", {"ingredients": ["leek"]}, format="json")
    assert finished(client, first["Location"])["status"] == "failed"
    body = finished(client, second["Location"])
    assert body["status"] == "succeeded", body
    assert len(fake_ollama.requests_to("/api/chat")) == 2
