"""Single flight (core/single_flight.py) when someone cancels: a follower of a cancelled
leader runs by itself, and a cancelled follower stops waiting at once."""

from __future__ import annotations

import time

import pytest

from core.jobs import JobStatus
from core.jobs import JobStopped
from core.single_flight import job_follow
from recipes.models import Generation
from tests.factories import GenerationFactory

pytestmark = pytest.mark.django_db


def test_a_follower_of_a_cancelled_leader_runs_by_itself() -> None:
    leader = GenerationFactory(status=JobStatus.CANCELLED)
    follower = GenerationFactory(status=JobStatus.RUNNING, reused_from=leader)

    started = time.monotonic()
    assert job_follow(job=follower) is None

    assert time.monotonic() - started < 1
    assert Generation.objects.get(pk=follower.pk).reused_from_id is None


def test_a_follower_cancelled_while_it_waits_stops_at_once() -> None:
    leader = GenerationFactory(status=JobStatus.RUNNING)
    follower = GenerationFactory(status=JobStatus.CANCELLED, reused_from=leader)

    with pytest.raises(JobStopped):
        job_follow(job=follower)
