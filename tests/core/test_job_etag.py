"""A poll that costs almost nothing (core/job_etag.py): ETag, 304 while unchanged, never stale."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from prometheus_client import REGISTRY
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.jobs import JobStatus
from tests.factories import FavoriteFactory
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ScanFactory
from tests.factories import ScanIngredientFactory

pytestmark = pytest.mark.django_db

KINDS = {"scan": ScanFactory, "generation": GenerationFactory}


def token_client(user: Any, **headers: str) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}", **headers)
    return client


def url_of(job: Any) -> str:
    return f"/api/v1/{'scans' if job.kind == 'scan' else 'generations'}/{job.pk}/"


def not_modified_count(kind: str) -> float:
    value = REGISTRY.get_sample_value("chef_job_polls_not_modified_total", {"kind": kind})
    return value or 0.0


@pytest.mark.parametrize("kind", KINDS)
def test_an_unchanged_running_job_is_answered_304_with_one_query(user: Any, kind: str) -> None:
    job = KINDS[kind](user=user, status=JobStatus.RUNNING, progress=30)
    client = token_client(user)
    first = client.get(url_of(job))
    tag = first["ETag"]
    assert first.status_code == 200
    assert first["Cache-Control"] == "private, no-cache"
    assert "Accept-Language" in first["Vary"]
    before = not_modified_count(kind)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(url_of(job), HTTP_IF_NONE_MATCH=tag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == tag
    assert len(queries) == 1  # the token, the owner and the tag together
    assert not_modified_count(kind) == before + 1


@pytest.mark.parametrize(
    "change",
    [
        {"progress": 55},
        {"stage": "preparing_photo"},
        {"stage_params": {"done": 1, "total": 3}},
        {"status": JobStatus.SUCCEEDED},
        {"eta_at": None},
    ],
    ids=["progress", "stage", "stage parameters", "status", "estimate"],
)
def test_any_change_a_poller_would_see_gives_the_full_answer(
    user: Any, change: dict[str, Any]
) -> None:
    job = ScanFactory(
        user=user,
        status=JobStatus.RUNNING,
        progress=30,
        eta_at=timezone.now() + timedelta(seconds=40),
    )
    client = token_client(user)
    tag = client.get(url_of(job))["ETag"]
    type(job).objects.filter(pk=job.pk).update(**change)

    changed = client.get(url_of(job), HTTP_IF_NONE_MATCH=tag)

    assert changed.status_code == 200
    assert changed["ETag"] != tag


def test_the_heartbeat_alone_does_not_count_as_a_change(user: Any) -> None:
    job = ScanFactory(user=user, status=JobStatus.RUNNING, progress=30)
    client = token_client(user)
    tag = client.get(url_of(job))["ETag"]
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())

    assert client.get(url_of(job), HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_another_persons_tag_never_reveals_their_job(user: Any, other_user: Any) -> None:
    job = ScanFactory(user=user, status=JobStatus.RUNNING)
    tag = token_client(user).get(url_of(job))["ETag"]

    stranger = token_client(other_user).get(url_of(job), HTTP_IF_NONE_MATCH=tag)
    forged = APIClient().get(
        url_of(job), HTTP_IF_NONE_MATCH=tag, HTTP_AUTHORIZATION="Token not-a-real-token"
    )

    assert stranger.status_code == 404
    assert forged.status_code == 401


def test_a_deactivated_persons_token_gets_no_304(user: Any) -> None:
    job = ScanFactory(user=user, status=JobStatus.RUNNING)
    client = token_client(user)
    tag = client.get(url_of(job))["ETag"]
    type(user).objects.filter(pk=user.pk).update(is_active=False)

    assert client.get(url_of(job), HTTP_IF_NONE_MATCH=tag).status_code == 401


def test_the_tag_follows_the_readers_language(user: Any) -> None:
    job = ScanFactory(user=user, status=JobStatus.RUNNING)
    english = token_client(user, HTTP_ACCEPT_LANGUAGE="en")
    tag = english.get(url_of(job))["ETag"]
    russian = token_client(user, HTTP_ACCEPT_LANGUAGE="ru")

    assert russian.get(url_of(job), HTTP_IF_NONE_MATCH=tag).status_code == 200
    type(user.profile).objects.filter(pk=user.profile.pk).update(language="ru")
    assert english.get(url_of(job), HTTP_IF_NONE_MATCH=tag).status_code == 200


def test_a_finished_scan_is_tagged_by_its_body_and_an_edit_changes_it(user: Any) -> None:
    scan = ScanFactory(user=user, status=JobStatus.SUCCEEDED, progress=100)
    item = ScanIngredientFactory(scan=scan, name="eggs")
    client = token_client(user)
    tag = client.get(url_of(scan))["ETag"]

    assert client.get(url_of(scan), HTTP_IF_NONE_MATCH=tag).status_code == 304
    type(item).objects.filter(pk=item.pk).update(name="duck eggs")
    edited = client.get(url_of(scan), HTTP_IF_NONE_MATCH=tag)
    assert edited.status_code == 200
    assert edited.json()["ingredients"][0]["name"] == "duck eggs"


def test_a_running_generation_with_recipes_shows_a_new_favourite_at_once(user: Any) -> None:
    generation = GenerationFactory(user=user, status=JobStatus.RUNNING, progress=50)
    recipe = RecipeFactory(user=user, generation=generation)
    client = token_client(user)
    tag = client.get(url_of(generation))["ETag"]
    assert client.get(url_of(generation), HTTP_IF_NONE_MATCH=tag).status_code == 304

    FavoriteFactory(user=user, recipe=recipe)
    fresh = client.get(url_of(generation), HTTP_IF_NONE_MATCH=tag)

    assert fresh.status_code == 200
    assert fresh.json()["recipes"][0]["is_favorite"] is True


def test_a_recipe_written_while_polling_is_never_hidden_behind_a_304(user: Any) -> None:
    generation = GenerationFactory(user=user, status=JobStatus.RUNNING, progress=50)
    client = token_client(user)
    tag = client.get(url_of(generation))["ETag"]
    RecipeFactory(user=user, generation=generation)

    after = client.get(url_of(generation), HTTP_IF_NONE_MATCH=tag)

    assert after.status_code == 200
    assert len(after.json()["recipes"]) == 1


def test_a_signed_in_browser_gets_304_too(cook: Any, user: Any) -> None:
    job = ScanFactory(user=user, status=JobStatus.RUNNING)
    tag = cook.get(url_of(job))["ETag"]

    assert cook.get(url_of(job), HTTP_IF_NONE_MATCH=tag).status_code == 304


def test_other_addresses_with_if_none_match_are_answered_as_usual(user: Any) -> None:
    client = token_client(user)
    assert client.get("/api/v1/scans/", HTTP_IF_NONE_MATCH='W/"x"').status_code == 200
    assert client.get("/api/v1/nowhere/", HTTP_IF_NONE_MATCH='W/"x"').status_code == 404
