"""Each run works in a RabbitMQ virtual host of its own: two runs never take each other's jobs."""

from __future__ import annotations

import os
import queue
import subprocess
import sys

import pytest
from django.conf import settings
from kombu import Connection

from testkit import broker
from testkit.broker import DEFAULT_RABBIT
from testkit.broker import PrivateVhost
from testkit.broker import broker_reachable
from testkit.broker import vhost_of
from testkit.broker import with_vhost
from tests.conftest import missing_service


def _dead_pid() -> int:
    """The pid of a process that has just ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_url_names_its_virtual_host_and_can_be_given_another() -> None:
    assert vhost_of("amqp://guest:guest@127.0.0.1:5672//") == "/"
    assert vhost_of("amqp://guest:guest@127.0.0.1:5672") == "/"
    assert vhost_of("amqp://guest:guest@127.0.0.1:5672/chef-main") == "chef-main"
    url = with_vhost(DEFAULT_RABBIT, "chef-run-12-ab")
    assert url == "amqp://guest:guest@127.0.0.1:5672/chef-run-12-ab"
    assert vhost_of(url) == "chef-run-12-ab"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("amqp://guest:guest@127.0.0.1:5672/mine", "names a virtual host of its own"),
        ("amqp://guest:guest@rabbit.example:5672//", "not this machine"),
    ],
)
def test_a_host_is_made_only_for_the_local_broker_s_shared_host(url: str, reason: str) -> None:
    vhost = PrivateVhost(url)
    assert vhost.url == url
    assert not vhost.name
    assert reason in vhost.reason
    assert vhost.start().ready() == url  # nothing to wait for, nothing made


def test_without_rabbitmqctl_the_url_given_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(broker.shutil, "which", lambda _name: None)
    vhost = PrivateVhost(DEFAULT_RABBIT)
    assert vhost.url == DEFAULT_RABBIT
    assert vhost.reason == "rabbitmqctl is not installed"


def test_only_hosts_of_runs_that_ended_are_left_behind() -> None:
    dead = _dead_pid()
    names = [
        "/",
        "chef-main",
        f"chef-run-{os.getpid()}-aaaaaa",
        f"chef-run-{dead}-bbbbbb",
        "chef-run-notapid-cccccc",
    ]
    assert broker._left_behind(names) == [f"chef-run-{dead}-bbbbbb"]


@pytest.mark.broker
def test_this_run_publishes_in_its_own_host_which_the_shared_one_does_not_see() -> None:
    url = settings.CELERY_BROKER_URL
    if not broker_reachable(url):
        missing_service(f"RabbitMQ not reachable at {url}")
    assert vhost_of(url).startswith(f"chef-run-{os.getpid()}-")
    name = f"isolation-{os.getpid()}"
    with Connection(url) as ours, Connection(with_vhost(url, "/")) as shared:
        ours.SimpleQueue(name).put({"job": 1})
        other = shared.SimpleQueue(name)
        with pytest.raises(queue.Empty):
            other.get(timeout=0.5)
        other.queue.delete()
        mine = ours.SimpleQueue(name)
        message = mine.get(timeout=5)
        assert message.payload == {"job": 1}
        message.ack()
        mine.queue.delete()


@pytest.mark.broker
def test_a_host_is_made_for_a_run_and_removed_when_it_ends() -> None:
    base = with_vhost(settings.CELERY_BROKER_URL, "/")
    if not broker_reachable(base):
        missing_service(f"RabbitMQ not reachable at {base}")
    vhost = PrivateVhost(base)
    with vhost as url:
        assert url != base
        assert broker_reachable(url)
    assert not broker_reachable(url)
