"""The progress fragment a job's page polls answers an unchanged job with a bodiless 304.

The page's script fetches with `cache: "no-cache"`, so the browser sends the fragment's ETag
back; these tests send it as the browser would and check what changes the tag and what not.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from core.jobs import JobStatus
from core.metrics import POLLS_NOT_MODIFIED
from tests.factories import GenerationFactory
from tests.factories import RecipeFactory
from tests.factories import ScanFactory

pytestmark = pytest.mark.django_db

FACTORIES = {"scan": ScanFactory, "generation": GenerationFactory}
STATUS_URLS = {"scan": "/scans/{}/status/", "generation": "/generations/{}/status/"}


def fragment_url(kind: str, job: Any) -> str:
    return STATUS_URLS[kind].format(job.pk)


def polled(cook: Client, user: Any, kind: str, **fields: Any) -> tuple[Any, str, str]:
    """A job of `kind`, its fragment's address, and the tag of its first poll."""
    job = FACTORIES[kind](user=user, **({"status": JobStatus.RUNNING, "progress": 40} | fields))
    url = fragment_url(kind, job)
    return job, url, cook.get(url)["ETag"]


def not_modified_count(kind: str) -> float:
    return POLLS_NOT_MODIFIED.labels(kind=kind)._value.get()


@pytest.mark.parametrize("kind", FACTORIES)
def test_an_unchanged_running_job_is_answered_304_without_a_body(
    cook: Client, user: Any, kind: str
) -> None:
    job = FACTORIES[kind](user=user, status=JobStatus.RUNNING, progress=40, stage="Working")
    url = fragment_url(kind, job)

    first = cook.get(url)
    tag = first["ETag"]
    assert first.status_code == 200
    assert 'value="40"' in first.content.decode()
    cache_control = first["Cache-Control"]
    assert "no-cache" in cache_control
    assert "private" in cache_control
    assert "no-store" not in cache_control  # else the browser keeps no copy to revalidate
    before = not_modified_count(job.kind)

    again = cook.get(url, HTTP_IF_NONE_MATCH=tag)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == tag
    assert not_modified_count(job.kind) == before + 1


@pytest.mark.parametrize("kind", FACTORIES)
def test_progress_changes_the_tag_and_the_heartbeat_does_not(
    cook: Client, user: Any, kind: str
) -> None:
    job, url, tag = polled(cook, user, kind)

    type(job).objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())
    assert cook.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304

    type(job).objects.filter(pk=job.pk).update(progress=55)
    moved = cook.get(url, HTTP_IF_NONE_MATCH=tag)
    assert moved.status_code == 200
    assert 'value="55"' in moved.content.decode()
    assert moved["ETag"] != tag


@pytest.mark.parametrize("kind", FACTORIES)
def test_a_reader_in_another_language_gets_a_fragment_of_their_own(
    cook: Client, user: Any, kind: str
) -> None:
    _job, url, english = polled(cook, user, kind)
    user.profile.language = "ru"
    user.profile.save()

    russian = cook.get(url, HTTP_IF_NONE_MATCH=english)

    assert russian.status_code == 200
    assert "Ход работы" in russian.content.decode()
    assert russian["ETag"] != english


def test_a_recipe_written_while_polling_is_shown_and_then_answered_304(
    cook: Client, user: Any
) -> None:
    generation, url, tag = polled(cook, user, "generation")

    RecipeFactory(user=user, generation=generation, position=0, title="Shakshuka")
    written = cook.get(url, HTTP_IF_NONE_MATCH=tag)
    assert written.status_code == 200
    assert "Shakshuka" in written.content.decode()

    assert cook.get(url, HTTP_IF_NONE_MATCH=written["ETag"]).status_code == 304


@pytest.mark.parametrize("kind", FACTORIES)
def test_a_finished_job_is_also_answered_304_while_it_stays_the_same(
    cook: Client, user: Any, kind: str
) -> None:
    _job, url, tag = polled(cook, user, kind, status=JobStatus.SUCCEEDED, progress=100)

    assert cook.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 304


@pytest.mark.parametrize("kind", FACTORIES)
def test_a_tag_opens_nothing_of_someone_else_s_job(
    cook: Client, other_cook: Client, user: Any, kind: str
) -> None:
    _job, url, tag = polled(cook, user, kind)

    assert other_cook.get(url, HTTP_IF_NONE_MATCH=tag).status_code == 404
    assert other_cook.get(url, HTTP_IF_NONE_MATCH="*").status_code == 404
